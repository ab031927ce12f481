"""Approved threads: nested trees of published comments, paginated over top-level comments."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from . import articles, reactions
from .errors import ApiError
from .extensions import db
from .models import MAX_ID, Article, Comment, CommentStatus, Site, iso

MAX_CURSOR_LENGTH = 200


class Sort(StrEnum):
    """Orders a reader can choose for top-level comments."""

    OLDEST = "oldest"
    NEWEST = "newest"
    LIKED = "liked"


def public_comment(comment: Comment, likes: int = 0) -> dict[str, Any]:
    """The fields any reader may see: an explicit whitelist, never the email or its hashes."""
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "author": {
            "name": comment.author_name,
            "website": comment.author_website or None,
            "avatar": f"/api/v1/avatars/{comment.avatar_seed}.svg",
        },
        "body_html": comment.body_html,
        "created_at": iso(comment.created_at),
        "likes": likes,
        "replies": [],
    }


def encode_cursor(sort: Sort, last_id: int) -> str:
    """Opaque cursor for the page after a given top-level comment."""
    raw = json.dumps({"s": sort.value, "after": last_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> int:
    """The last top-level id of the previous page; 400 when the cursor is not ours."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:  # ours are short; a huge one is not worth parsing
            raise ValueError(cursor[:20])
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
        after = data["after"]
        if data["s"] != sort.value or not isinstance(after, int) or not 0 < after <= MAX_ID:
            raise ValueError(cursor)
    except (ValueError, KeyError, TypeError, binascii.Error, RecursionError) as exc:
        raise ApiError(400, "invalid_cursor", "The cursor is not valid for this query.") from exc
    return after


def _top_level(article: Article, sort: Sort, after: int | None, limit: int) -> list[Comment]:
    """One page of approved top-level comments; ids grow with time, so they order by age."""
    query = sa.select(Comment).where(
        Comment.article_id == article.id,
        Comment.status == CommentStatus.APPROVED,
        Comment.parent_id.is_(None),
    )
    return list(db.session.scalars(_ordered(query, sort, after).limit(limit)))


def _ordered(query: sa.Select[Any], sort: Sort, after: int | None) -> sa.Select[Any]:
    """Order top-level comments by the chosen sort, starting after the cursor's comment."""
    if sort == Sort.LIKED:
        return reactions.order_by_likes(query, after)
    if sort == Sort.OLDEST:
        query = query.order_by(Comment.id)
        return query if after is None else query.where(Comment.id > after)
    query = query.order_by(Comment.id.desc())
    return query if after is None else query.where(Comment.id < after)


def _replies(root_ids: list[int]) -> list[Comment]:
    """Every approved reply below the given top-level comments, oldest first."""
    if not root_ids:
        return []
    query = (
        sa.select(Comment)
        .where(Comment.root_id.in_(root_ids), Comment.status == CommentStatus.APPROVED)
        .order_by(Comment.id)
    )
    return list(db.session.scalars(query))


def _nest(roots: list[Comment], replies: list[Comment]) -> list[dict[str, Any]]:
    """Attach replies under their parents, keeping each level oldest first."""
    likes = reactions.like_counts([c.id for c in [*roots, *replies]])
    nodes = {c.id: public_comment(c, likes.get(c.id, 0)) for c in [*roots, *replies]}
    for reply in replies:
        parent = nodes.get(reply.parent_id or 0)
        if parent is not None:
            parent["replies"].append(nodes[reply.id])
    return [nodes[root.id] for root in roots]


def approved_total(article: Article) -> int:
    """All approved comments of an article, replies included."""
    query = sa.select(sa.func.count(Comment.id)).where(
        Comment.article_id == article.id, Comment.status == CommentStatus.APPROVED
    )
    return int(db.session.scalar(query) or 0)


def thread_page(
    site: Site, external_id: str, sort: Sort, limit: int, cursor: str | None
) -> dict[str, Any]:
    """A page of an article's thread as {article, total, comments, next_cursor}."""
    after = decode_cursor(cursor, sort) if cursor else None
    article = articles.find(site, external_id)
    if article is None:
        return {"article": external_id, "total": 0, "comments": [], "next_cursor": None}
    roots = _top_level(article, sort, after, limit + 1)
    has_more = len(roots) > limit
    roots = roots[:limit]
    return {
        "article": external_id,
        "total": approved_total(article),
        "comments": _nest(roots, _replies([r.id for r in roots])),
        "next_cursor": encode_cursor(sort, roots[-1].id) if has_more else None,
    }


def counts(site: Site, external_ids: list[str]) -> dict[str, int]:
    """Approved comment counts for several articles in one query; unknown articles count 0."""
    query = (
        sa.select(Article.external_id, sa.func.count(Comment.id))
        .join(Comment, Comment.article_id == Article.id)
        .where(
            Article.site_id == site.id,
            Article.external_id.in_(external_ids),
            Comment.status == CommentStatus.APPROVED,
        )
        .group_by(Article.external_id)
    )
    found = {ext: int(n) for ext, n in db.session.execute(query)}
    return {ext: found.get(ext, 0) for ext in external_ids}


def etag(page: dict[str, Any]) -> str:
    """A strong validator for a thread page, from its canonical JSON."""
    canonical = json.dumps(page, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(canonical).hexdigest()[:32]
