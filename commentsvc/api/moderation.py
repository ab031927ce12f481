"""Moderation API: the queue of held comments and decisions on them, by bearer token."""

from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, request

from .. import moderation, queue, threads
from ..auth import require_role, token_required
from ..errors import ApiError
from ..extensions import db
from ..models import Comment, Role, Site
from .params import limit_arg, require_id_in_range, require_site

bp = Blueprint("moderation_api", __name__, url_prefix="/api/v1/moderation")

MODERATING_ROLES = (Role.MODERATOR, Role.OWNER)


def _site_from_args() -> Site:
    """The site named by ?site=, which the user must moderate."""
    slug = request.args.get("site", "").strip()
    if not slug:
        raise ApiError(400, "validation_failed", "Which site?", {"site": ["Pass ?site=<slug>."]})
    site = require_site(slug)
    require_role(g.user, site, *MODERATING_ROLES)
    return site


@bp.get("/queue")
@token_required
def list_queue() -> Response:
    """Held comments of a site, best first."""
    site = _site_from_args()
    fields: dict[str, list[str]] = {}
    limit = limit_arg(fields)
    if fields:
        raise ApiError(400, "validation_failed", "Some parameters need attention.", fields)
    held = queue.held_comments(site.id, limit)
    return jsonify(
        {
            "site": site.slug,
            "total": queue.pending_count(site.id),
            "comments": [moderation.queue_entry(c) for c in held],
        }
    )


@bp.post("/comments/<int:comment_id>")
@token_required
def decide(comment_id: int) -> Response:
    """Approve, reject or mark as spam one held comment."""
    require_id_in_range(comment_id, "comment")
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise ApiError(404, "comment_not_found", "No such comment.")
    require_role(g.user, comment.article.site, *MODERATING_ROLES)
    payload = request.get_json(silent=True)
    action = moderation.parse_action(payload.get("action") if isinstance(payload, dict) else None)
    comment = moderation.decide(comment, action, g.user)
    return jsonify(
        {
            "id": comment.id,
            "status": comment.status.value,
            "comment": threads.public_comment(comment),
        }
    )
