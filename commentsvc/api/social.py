"""Social API: article reactions, comment likes and the live stream, used by the widget."""

from __future__ import annotations

from typing import Any

import redis
from flask import Blueprint, Response, jsonify, request

from .. import articles, cors, live, reactions
from ..errors import ApiError
from ..intake import storable_text
from .params import require_id_in_range
from .public import load_site

bp = Blueprint("social_api", __name__, url_prefix="/api/v1")


def _json_body() -> dict[str, Any]:
    """The request's JSON object; 400 for anything else."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiError(400, "invalid_body", "Send a JSON object.")
    return payload


def _article_id(raw: Any) -> str:
    """An article id from a query or body; 400 when missing."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 200 or not storable_text(raw):
        message = "Which article? Pass its id (up to 200 characters)."
        raise ApiError(400, "validation_failed", "Which article?", {"article": [message]})
    return raw.strip()


def _text(payload: dict[str, Any], name: str, limit: int) -> str:
    """An optional short text field, cut to its column's size."""
    value = payload.get(name)
    if not isinstance(value, str) or not storable_text(value):
        return ""
    return value.strip()[:limit]


@bp.route("/sites/<site_slug>/reactions", methods=["OPTIONS"])
@bp.route("/sites/<site_slug>/comments/<int:comment_id>/likes", methods=["OPTIONS"])
def preflight(site_slug: str, comment_id: int | None = None) -> Response:
    """Answer CORS preflights for the site's origins."""
    load_site(site_slug)  # CORS headers come from the app's after-request hook
    return Response(status=204)


@bp.get("/sites/<site_slug>/reactions")
def get_reactions(site_slug: str) -> Response:
    """An article's reaction counts."""
    site = load_site(site_slug)
    external_id = _article_id(request.args.get("article"))
    counts = reactions.reaction_counts(articles.find(site, external_id))
    body = {"article": external_id, "counts": counts, "total": sum(counts.values())}
    return jsonify(body)


@bp.post("/sites/<site_slug>/reactions")
def put_reaction(site_slug: str) -> Response:
    """Set (or with null, withdraw) the reader's one reaction to an article."""
    site = load_site(site_slug)
    cors.require_allowed_origin(site)
    payload = _json_body()
    external_id = _article_id(payload.get("article"))
    who = reactions.reader_hash(site, reactions.parse_reader(payload.get("reader")))
    kind = reactions.parse_kind(payload.get("reaction"))
    title, url = _text(payload, "article_title", 300), _text(payload, "article_url", 2000)
    article = articles.find_or_create(site, external_id, title, url)
    reactions.set_reaction(article, who, kind)
    counts = reactions.reaction_counts(article)
    live.publish_reactions(article, counts)
    body = {
        "article": external_id,
        "counts": counts,
        "total": sum(counts.values()),
        "mine": kind.value if kind else None,
    }
    return jsonify(body)


@bp.post("/sites/<site_slug>/comments/<int:comment_id>/likes")
def put_like(site_slug: str, comment_id: int) -> Response:
    """Like (liked: true) or unlike (liked: false) a published comment."""
    site = load_site(site_slug)
    require_id_in_range(comment_id, "comment")
    cors.require_allowed_origin(site)
    payload = _json_body()
    who = reactions.reader_hash(site, reactions.parse_reader(payload.get("reader")))
    liked = payload.get("liked", True)
    if not isinstance(liked, bool):
        raise ApiError(400, "validation_failed", "Like or not?", {"liked": ["true or false."]})
    comment = reactions.likable_comment(site, comment_id)
    reactions.set_like(comment, who, liked)
    likes = reactions.likes_of(comment)
    live.publish_likes(comment, likes)
    return jsonify({"id": comment.id, "likes": likes, "liked": liked})


@bp.get("/sites/<site_slug>/stream")
def stream(site_slug: str) -> Response:
    """Server-Sent Events for an article: new comments, reaction counts, like counts."""
    site = load_site(site_slug)
    external_id = _article_id(request.args.get("article"))
    try:
        pubsub = live.subscribe(site.id, external_id)
    except redis.RedisError as exc:
        raise ApiError(503, "live_unavailable", "Live updates are unavailable.") from exc
    response = Response(live.stream(pubsub), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # let nginx pass events through at once
    return response
