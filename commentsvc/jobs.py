"""Background jobs on RQ: retraining the spam model and purging old spam.

Jobs run inside an app context supplied by the worker (`commentsvc worker`), and only
ids and flags travel through Redis, never comment text or emails.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import redis
import sqlalchemy as sa
from flask import Flask, current_app
from rq import Queue, Retry, SimpleWorker
from rq.job import Job

from .extensions import db
from .models import Comment, CommentStatus, ModerationEvent, Site, utcnow
from .redis_store import redis_url
from .training import reset_label_counter

log = logging.getLogger(__name__)

JOBS_EXTENSION = "commentsvc.jobs-redis"
RETRAIN_JOB_ID = "commentsvc-retrain"
PURGE_EVERY = timedelta(days=1)


def job_queue() -> Queue:
    """The app's RQ queue, on a client kept per app (RQ stores pickles: no decoding)."""
    client = current_app.extensions.get(JOBS_EXTENSION)
    if client is None:
        client = _jobs_client(current_app._get_current_object())  # type: ignore[attr-defined]
        current_app.extensions[JOBS_EXTENSION] = client
    return Queue(current_app.config["JOB_QUEUE"], connection=client)


def _jobs_client(app: Flask) -> redis.Redis:
    """A client with the app's short timeouts: queueing a job must never stall a request."""
    timeout = float(app.config["REDIS_TIMEOUT"])
    return redis.Redis.from_url(
        redis_url(app), socket_timeout=timeout, socket_connect_timeout=timeout
    )


def enqueue_retrain() -> Job | None:
    """Queue one retraining run, unless one is already waiting; None if Redis is down."""
    try:
        queue = job_queue()
        existing = (
            Job.fetch(RETRAIN_JOB_ID, connection=queue.connection) if _exists(queue) else None
        )
        if existing is not None and existing.get_status() in ("queued", "started", "scheduled"):
            return existing
        job = queue.enqueue(
            retrain_job, job_id=RETRAIN_JOB_ID, job_timeout=1800, retry=Retry(max=2, interval=60)
        )
    except redis.RedisError as exc:
        log.warning("jobs: retraining not queued, Redis unavailable (%s)", exc)
        return None
    # Count afresh from here: labels given while this run trains count towards the next one,
    # and a run that fails is not queued again on every following decision.
    reset_label_counter()
    return job


def _exists(queue: Queue) -> bool:
    """Whether the retraining job's record still exists."""
    return bool(queue.connection.exists(Job.key_for(RETRAIN_JOB_ID)))


def retrain_job() -> dict[str, Any]:
    """Retrain on the corpus and moderator labels; promote only a model that is not worse."""
    from .training import retrain  # heavy (scikit-learn), so only in the worker

    result = retrain()
    return {"version": result.candidate_version, "promoted": result.promoted, "why": result.reason}


def purge_spam_job() -> int:
    """Delete spam older than each site's retention, then schedule the next run."""
    try:
        return purge_old_spam()
    finally:
        schedule_purge()  # a failed run must not end the daily chain


def schedule_purge(delay: timedelta = PURGE_EVERY) -> Job:
    """Queue a purge under its day's id: one run a day however often workers start, and a
    finished run never hides the next (which has another day's id)."""
    run_at = utcnow() + delay
    job_id = f"commentsvc-purge-{run_at:%Y%m%d}"
    return job_queue().enqueue_at(run_at, purge_spam_job, job_id=job_id)


def purge_old_spam() -> int:
    """Delete spam comments past their site's retention (COMMENTSVC_DISCARD_SPAM_AFTER_DAYS)."""
    total = 0
    for site in db.session.scalars(sa.select(Site)):
        days = int((site.settings or {}).get("discard_spam_after_days") or 0) or int(
            current_app.config["DISCARD_SPAM_AFTER_DAYS"]
        )
        if days > 0:
            total += _purge_site(site.id, days)
    db.session.commit()
    return total


def _purge_site(site_id: int, days: int) -> int:
    """Delete one site's filtered spam older than the given days.

    Spam a moderator marked is kept: it is a training label. Replies to spam do not exist.
    """
    cutoff = utcnow() - timedelta(days=days)
    labelled = sa.select(ModerationEvent.comment_id).where(ModerationEvent.site_id == site_id)
    result = db.session.execute(
        sa.delete(Comment)
        .where(
            Comment.site_id == site_id,
            Comment.status == CommentStatus.SPAM,
            Comment.updated_at < cutoff,
            Comment.id.not_in(labelled),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


class AppWorker(SimpleWorker):
    """An RQ worker that runs each job inside the app's context (no fork, one app per worker)."""

    def __init__(self, *args: Any, app: Flask, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app = app

    def perform_job(self, job: Job, queue: Queue) -> bool:
        """Run the job with an app context pushed, so it can use the database and config."""
        with self.app.app_context():
            try:
                return bool(super().perform_job(job, queue))
            finally:
                db.session.remove()


def make_worker(app: Flask) -> AppWorker:
    """A worker on the app's job queue."""
    with app.app_context():
        queue = job_queue()
    return AppWorker([queue], connection=queue.connection, app=app)
