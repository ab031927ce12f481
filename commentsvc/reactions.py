"""Reader reactions to articles and likes of comments, known only by a keyed reader hash.

A reader is a random key the widget keeps in localStorage (no cookies). The server stores
only a keyed hash of it, per site, so one reaction per reader and article can be enforced
without being able to follow the reader anywhere else.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from . import privacy
from .errors import ApiError
from .extensions import db
from .models import Article, Comment, CommentLike, CommentStatus, Reaction, ReactionKind, Site

READER_KEY = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def parse_reader(raw: Any) -> str:
    """The reader key from a request body; 400 unless it is a random-looking token."""
    if not isinstance(raw, str) or not READER_KEY.match(raw):
        message = "Send the widget's reader key (16 to 128 letters, digits, - or _)."
        raise ApiError(400, "validation_failed", "Who is this?", {"reader": [message]})
    return raw


def parse_kind(raw: Any) -> ReactionKind | None:
    """A reaction kind, or None to take one's reaction back; 400 for anything else."""
    if raw is None:
        return None
    try:
        return ReactionKind(raw)
    except ValueError:
        choices = ", ".join(k.value for k in ReactionKind)
        message = f"Choose one of: {choices}, or null."
        raise ApiError(
            400, "validation_failed", "Unknown reaction.", {"reaction": [message]}
        ) from None


def reader_hash(site: Site, reader: str) -> str:
    """The stored form of a reader key: keyed, and different on every site."""
    return privacy.keyed_hash("reader", f"{site.id}:{reader}")


def reaction_counts(article: Article | None) -> dict[str, int]:
    """Reactions per kind for an article, every kind present, in display order."""
    found: dict[str, int] = {}
    if article is not None:
        query = (
            sa.select(Reaction.kind, sa.func.count(Reaction.id))
            .where(Reaction.article_id == article.id)
            .group_by(Reaction.kind)
        )
        found = {ReactionKind(kind).value: int(n) for kind, n in db.session.execute(query)}
    return {kind.value: found.get(kind.value, 0) for kind in ReactionKind}


def set_reaction(article: Article, who: str, kind: ReactionKind | None) -> None:
    """Make a reader's reaction to an article `kind`, replacing or removing an earlier one."""
    if not article.is_open:
        raise ApiError(403, "article_closed", "Reactions are closed for this article.")
    existing = db.session.scalar(
        sa.select(Reaction).where(Reaction.article_id == article.id, Reaction.reader_hash == who)
    )
    if kind is None:
        if existing is not None:
            db.session.delete(existing)
    elif existing is not None:
        existing.kind = kind
    else:
        _insert_once(Reaction(article_id=article.id, reader_hash=who, kind=kind))
    db.session.commit()


def _insert_once(row: Reaction | CommentLike) -> None:
    """Add a row unless a racing request of the same reader added it first."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:
        pass  # a double click from the same reader: the first one counts


def likable_comment(site: Site, comment_id: int) -> Comment:
    """A published comment of the site, or 404."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.site_id != site.id or comment.status != CommentStatus.APPROVED:
        raise ApiError(404, "comment_not_found", "No such comment.")
    return comment


def set_like(comment: Comment, who: str, liked: bool) -> None:
    """Record or withdraw a reader's like of a comment (idempotent either way)."""
    if liked:
        _insert_once(CommentLike(comment_id=comment.id, reader_hash=who))
    else:
        db.session.execute(
            sa.delete(CommentLike).where(
                CommentLike.comment_id == comment.id, CommentLike.reader_hash == who
            )
        )
    db.session.commit()


def like_counts(comment_ids: list[int]) -> dict[int, int]:
    """Likes per comment for several comments in one query; absent means none."""
    if not comment_ids:
        return {}
    query = (
        sa.select(CommentLike.comment_id, sa.func.count())
        .where(CommentLike.comment_id.in_(comment_ids))
        .group_by(CommentLike.comment_id)
    )
    return {int(cid): int(n) for cid, n in db.session.execute(query)}


def likes_of(comment: Comment) -> int:
    """Likes of one comment."""
    return like_counts([comment.id]).get(comment.id, 0)


def likes_column() -> sa.ScalarSelect[int]:
    """A correlated count of each comment's likes, for ordering by popularity."""
    return (
        sa.select(sa.func.count())
        .where(CommentLike.comment_id == Comment.id)
        .correlate(Comment)
        .scalar_subquery()
    )


def order_by_likes(query: sa.Select[Any], after: int | None) -> sa.Select[Any]:
    """Most liked first, ties oldest first, starting after the cursor's comment.

    The cursor holds only the last comment's id; its like count is read again here, so a
    comment whose likes changed meanwhile moves the boundary rather than breaking the cursor.
    """
    likes = likes_column()
    query = query.order_by(likes.desc(), Comment.id)
    if after is None:
        return query
    pivot = like_counts([after]).get(after, 0)
    return query.where(sa.or_(likes < pivot, sa.and_(likes == pivot, Comment.id > after)))
