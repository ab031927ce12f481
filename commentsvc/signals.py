"""Behaviour signals kept in Redis: repeated bodies and bursts from one network address.

They are hints for the spam rules, so a Redis outage only means "no signal", never an error.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid

import redis
from flask import current_app

from . import privacy
from .redis_store import get_redis, key

log = logging.getLogger(__name__)


def _body_fingerprint(body: str) -> str:
    """Keyed hash of a body with case and spacing folded, so trivial edits still match."""
    folded = " ".join(body.casefold().split())
    return privacy.keyed_hash("body", hashlib.sha256(folded.encode()).hexdigest())


def _count_recent(name: str, window: int) -> int:
    """Record one event in a sliding window and return how many came before it in the window."""
    now = time.time()
    pipe = get_redis().pipeline(transaction=True)
    pipe.zremrangebyscore(name, 0, now - window)
    pipe.zcard(name)
    pipe.zadd(name, {uuid.uuid4().hex: now})
    pipe.expire(name, window)
    return int(pipe.execute()[1])


def recent_duplicates(site_id: int, body: str) -> int:
    """How many times this body was posted on the site within the duplicate window."""
    window = int(current_app.config["DUPLICATE_WINDOW"])
    try:
        return _count_recent(key("dup", site_id, _body_fingerprint(body)), window)
    except redis.RedisError as exc:
        log.warning("signals: duplicate check skipped, Redis unavailable (%s)", exc)
        return 0


def ip_burst(site_id: int, ip_hash: str) -> int:
    """How many comments came from this (hashed) address within the burst window."""
    if not ip_hash:
        return 0
    window = int(current_app.config["BURST_WINDOW"])
    try:
        return _count_recent(key("burst", site_id, ip_hash), window)
    except redis.RedisError as exc:
        log.warning("signals: burst check skipped, Redis unavailable (%s)", exc)
        return 0
