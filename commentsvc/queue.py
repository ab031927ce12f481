"""Each site's moderation queue: a Redis sorted set of held comment ids, rebuilt from the database.

The database is the source of truth. The sorted set is an index scored by priority
(lower is served first; the comment's age until the spam filter sets a priority).
Every read checks its size against the database and rebuilds on a mismatch, so a queue
lost to a Redis restart, or missed while Redis was down, repairs itself.
"""

from __future__ import annotations

import logging

import redis
import sqlalchemy as sa
from flask import Flask

from .extensions import db
from .models import Comment, CommentStatus, Site
from .redis_store import get_redis, key

log = logging.getLogger(__name__)


def _queue_key(site_id: int) -> str:
    """Redis key of one site's queue."""
    return key("queue", site_id)


def priority(comment: Comment) -> float:
    """The comment's queue score: the classifier's priority, else its age (oldest first)."""
    if comment.queue_priority is not None:
        return comment.queue_priority
    return comment.created_at.timestamp()


def enqueue(comment: Comment) -> bool:
    """Add a held comment to its site's queue; False (and logged) when Redis is unavailable."""
    try:
        get_redis().zadd(_queue_key(comment.site_id), {str(comment.id): priority(comment)})
    except redis.RedisError as exc:
        log.warning("queue: comment %s not indexed, Redis unavailable (%s)", comment.id, exc)
        return False
    return True


def remove(comment: Comment) -> None:
    """Drop a decided comment from the queue; a stale entry is also skipped on read."""
    try:
        get_redis().zrem(_queue_key(comment.site_id), str(comment.id))
    except redis.RedisError as exc:
        log.warning("queue: comment %s not removed, Redis unavailable (%s)", comment.id, exc)


def pending_count(site_id: int) -> int:
    """Number of held comments in the database for a site."""
    query = sa.select(sa.func.count(Comment.id)).where(
        Comment.site_id == site_id, Comment.status == CommentStatus.PENDING
    )
    return int(db.session.scalar(query) or 0)


def held_comments(site_id: int, limit: int) -> list[Comment]:
    """The next held comments, best first: from Redis, or from the database if Redis is down."""
    try:
        ids = _ids_from_redis(site_id, limit)
    except redis.RedisError as exc:
        log.warning(
            "queue: Redis unavailable, listing site %s from the database (%s)", site_id, exc
        )
        return _held_from_db(site_id, limit)
    comments = db.session.scalars(sa.select(Comment).where(Comment.id.in_(ids))).all()
    by_id = {c.id: c for c in comments if c.status == CommentStatus.PENDING}
    return [by_id[i] for i in ids if i in by_id]


def _ids_from_redis(site_id: int, limit: int) -> list[int]:
    """Read the queue, rebuilding it first when it disagrees with the database."""
    client = get_redis()
    if client.zcard(_queue_key(site_id)) != pending_count(site_id):
        rebuild_site(site_id)
    members: list[str] = client.zrange(_queue_key(site_id), 0, limit - 1)  # type: ignore[assignment]
    return [int(member) for member in members]


def _held_from_db(site_id: int, limit: int) -> list[Comment]:
    """Held comments oldest first, straight from the database."""
    query = (
        sa.select(Comment)
        .where(Comment.site_id == site_id, Comment.status == CommentStatus.PENDING)
        .order_by(Comment.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def rebuild_site(site_id: int) -> int:
    """Replace a site's queue with the held comments in the database; return how many."""
    held = db.session.scalars(
        sa.select(Comment).where(
            Comment.site_id == site_id, Comment.status == CommentStatus.PENDING
        )
    ).all()
    members = {str(c.id): priority(c) for c in held}
    pipe = get_redis().pipeline(transaction=True)
    pipe.delete(_queue_key(site_id))
    if members:
        pipe.zadd(_queue_key(site_id), members)
    pipe.execute()
    return len(members)


def rebuild_all() -> dict[str, int]:
    """Rebuild every site's queue; return the count per site slug."""
    sites = db.session.scalars(sa.select(Site)).all()
    return {site.slug: rebuild_site(site.id) for site in sites}


def rebuild_at_start(app: Flask) -> None:
    """Repair every queue from the database as the service starts; never block start-up on it."""
    if not app.config["REBUILD_QUEUE_ON_START"]:
        return
    with app.app_context():
        try:
            rebuilt = rebuild_all()
        except (redis.RedisError, sa.exc.SQLAlchemyError) as exc:
            log.warning("queue rebuild at start-up skipped: %s", exc)
            return
    log.info("queue rebuilt at start-up: %s", rebuilt)
