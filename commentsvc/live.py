"""Live updates: approved comments and reaction counts, published on Redis, streamed as SSE.

Each article has a pub/sub channel. Publishing never fails a request: when Redis is down the
update is logged and dropped, and readers see it on their next load. A stream ends after a
few minutes; the browser's EventSource reconnects by itself (after `retry` milliseconds).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import redis

from . import reactions, threads
from .models import Article, Comment
from .redis_store import get_redis, key

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
LIFETIME_SECONDS = 300.0
POLL_SECONDS = 1.0
RETRY_MILLISECONDS = 3000


def channel(site_id: int, external_id: str) -> str:
    """The pub/sub channel of one article."""
    return key("live", site_id, external_id)


def publish(article: Article, event: str, data: dict[str, Any]) -> bool:
    """Send an event to an article's readers; False (and logged) when Redis is unavailable."""
    message = json.dumps({"event": event, "data": data}, separators=(",", ":"))
    try:
        get_redis().publish(channel(article.site_id, article.external_id), message)
    except redis.RedisError as exc:
        log.warning(
            "live: %s for article %s dropped, Redis unavailable (%s)", event, article.id, exc
        )
        return False
    return True


def publish_comment(comment: Comment) -> bool:
    """Announce a newly approved comment, with its likes, as the public API shows it."""
    public = threads.public_comment(comment, reactions.likes_of(comment))
    return publish(comment.article, "comment", public)


def publish_reactions(article: Article, counts: dict[str, int]) -> bool:
    """Announce an article's new reaction counts."""
    return publish(article, "reactions", {"counts": counts})


def publish_likes(comment: Comment, likes: int) -> bool:
    """Announce a comment's new like count."""
    return publish(comment.article, "likes", {"id": comment.id, "likes": likes})


def subscribe(site_id: int, external_id: str) -> redis.client.PubSub:
    """Subscribe to an article's channel; raises redis.RedisError when Redis is down."""
    pubsub = get_redis().pubsub(ignore_subscribe_messages=True)
    try:
        pubsub.subscribe(channel(site_id, external_id))
    except redis.RedisError:
        pubsub.close()
        raise
    return pubsub


def sse(event: str, data: str) -> str:
    """One Server-Sent Event; data is a single line of JSON."""
    return f"event: {event}\ndata: {data}\n\n"


def to_sse(raw: str) -> str | None:
    """Turn a published message into an SSE event, or None for one we cannot read."""
    try:
        message = json.loads(raw)
        return sse(str(message["event"]), json.dumps(message["data"], separators=(",", ":")))
    except (ValueError, KeyError, TypeError):
        log.warning("live: ignored a malformed message")
        return None


def stream(pubsub: redis.client.PubSub, lifetime: float | None = None) -> Iterator[str]:
    """Yield SSE text for a subscription, with heartbeats, until its lifetime is over."""
    deadline = time.monotonic() + (LIFETIME_SECONDS if lifetime is None else lifetime)
    quiet_since = time.monotonic()
    try:
        yield f"retry: {RETRY_MILLISECONDS}\n\n"
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=POLL_SECONDS)
            event = to_sse(message["data"]) if message else None
            if event is not None:
                quiet_since = time.monotonic()
                yield event
            elif time.monotonic() - quiet_since >= HEARTBEAT_SECONDS:
                quiet_since = time.monotonic()
                yield ": keep-alive\n\n"
    except redis.RedisError as exc:
        log.warning("live: stream ended, Redis unavailable (%s)", exc)
    finally:
        pubsub.close()
