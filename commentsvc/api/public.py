"""Public API: post comments, read threads and counts. Used by the widget and third parties."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from werkzeug.datastructures import MultiDict

from .. import avatars, cors, formtoken, intake, threads
from ..errors import ApiError
from ..models import CommentStatus, Site
from .params import limit_arg, require_site

bp = Blueprint("public_api", __name__, url_prefix="/api/v1")


def load_site(slug: str) -> Site:
    """The site for a URL slug, or 404."""
    site = require_site(slug)
    g.cors_site = site  # every response about this site, errors included, gets its CORS headers
    return site


def _comment_input() -> MultiDict[str, Any]:
    """The posted fields, from JSON or a form."""
    if request.is_json:
        return intake.clean_input(request.get_json(silent=True))
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return intake.clean_input(request.form.to_dict())
    raise ApiError(415, "unsupported_media_type", "Send JSON or a form.")


@bp.route("/sites/<site_slug>/comments", methods=["OPTIONS"])
@bp.route("/sites/<site_slug>/counts", methods=["OPTIONS"])
def preflight(site_slug: str) -> Response:
    """Answer CORS preflights for the site's origins."""
    load_site(site_slug)
    return Response(status=204)


@bp.post("/sites/<site_slug>/comments")
def post_comment(site_slug: str) -> tuple[Response, int]:
    """Submit a comment: 201 when published at once, 202 when held for moderation."""
    site = load_site(site_slug)
    cors.require_allowed_origin(site)
    submitter = intake.Submitter(ip=request.remote_addr or "", user_agent=request.user_agent.string)
    comment = intake.submit_comment(site, _comment_input(), submitter)
    if comment.status == CommentStatus.APPROVED:
        body: dict[str, Any] = {"status": "approved", "comment": threads.public_comment(comment)}
        return jsonify(body), 201
    body = {
        "status": "pending",
        "id": comment.id,
        "message": "Thank you! Your comment is awaiting moderation.",
    }
    return jsonify(body), 202


def _page_args() -> tuple[str, threads.Sort, int, str | None]:
    """Validated query arguments of a thread request."""
    fields: dict[str, list[str]] = {}
    article = request.args.get("article", "").strip()
    if not article:
        fields["article"] = ["Which article's comments? Pass ?article=<id>."]
    try:
        sort = threads.Sort(request.args.get("sort", "oldest"))
    except ValueError:
        fields["sort"] = ["Choose oldest, newest or liked."]
        sort = threads.Sort.OLDEST
    limit = limit_arg(fields)
    if fields:
        raise ApiError(400, "validation_failed", "Some parameters need attention.", fields)
    return article, sort, limit, request.args.get("cursor") or None


@bp.get("/sites/<site_slug>/comments")
def list_comments(site_slug: str) -> Response:
    """An article's approved comments as a nested tree, with ETag revalidation."""
    site = load_site(site_slug)  # also selects the site's CORS headers for the response
    article, sort, limit, cursor = _page_args()
    page = threads.thread_page(site, article, sort, limit, cursor)
    # The form token changes every second, so the ETag covers the thread alone.
    response = jsonify({**page, "form_token": formtoken.issue(site.slug, article)})
    response.set_etag(threads.etag(page))
    response.headers["Cache-Control"] = "no-cache"
    response.make_conditional(request)
    return response


def _is_article_id(value: object) -> bool:
    """A string the database can store as an article id."""
    return isinstance(value, str) and intake.storable_text(value)


@bp.post("/sites/<site_slug>/counts")
def count_comments(site_slug: str) -> Response:
    """Approved comment counts for a batch of articles."""
    site = load_site(site_slug)
    payload = request.get_json(silent=True)
    articles = payload.get("articles") if isinstance(payload, dict) else None
    limit = current_app.config["MAX_COUNT_ARTICLES"]
    if not isinstance(articles, list) or not all(_is_article_id(a) for a in articles):
        message = 'Send {"articles": ["id", ...]}.'
        raise ApiError(400, "validation_failed", message, {"articles": ["A list of strings."]})
    if len(articles) > limit:
        raise ApiError(
            400, "validation_failed", "Too many articles.", {"articles": [f"At most {limit}."]}
        )
    return jsonify({"counts": threads.counts(site, articles)})


@bp.get("/avatars/<seed>.svg")
def avatar(seed: str) -> Response:
    """An identicon for a public avatar seed."""
    if not avatars.is_seed(seed):
        abort(404)
    response = Response(avatars.identicon_svg(seed), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=604800, immutable"
    return response


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI document for this API."""
    from ..openapi import document

    return jsonify(document())
