"""Screening: score a new comment with the spam filter and decide where it goes."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields
from typing import Any

import sqlalchemy as sa
from flask import current_app

from . import classifier, signals
from .extensions import db
from .models import Comment, CommentStatus, Site
from .spam import AuthorHistory, CommentSample, RuleConfig, Thresholds, Verdict, route, score
from .spam import priority as queue_priority

log = logging.getLogger(__name__)

ROUTES = {
    "spam": CommentStatus.SPAM,
    "pending": CommentStatus.PENDING,
    "approved": CommentStatus.APPROVED,
    "rejected": CommentStatus.REJECTED,
}
RULE_SETTINGS = {f.name for f in fields(RuleConfig)}
# Queue priority of comments the filter did not score: the middle of the filter's 0..3 range.
UNSCORED_PRIORITY = 1.5


@dataclass(frozen=True)
class Submission:
    """What the screening needs to know about a new comment."""

    body: str
    author: str
    website: str
    email: str
    email_hash: str
    recent_from_address: int
    seconds_to_submit: float | None
    honeypot: bool


@dataclass(frozen=True)
class Screening:
    """The outcome: the status to store, and the evidence behind it."""

    status: CommentStatus
    probability: float | None
    reasons: list[dict[str, Any]]
    model_version: str | None
    priority: float


def screen(site: Site, submission: Submission) -> Screening:
    """Score a submission and route it by the site's mode and thresholds."""
    if not current_app.config["SPAM_FILTER"]:
        return unscreened(site)
    history = author_history(site.id, submission.email_hash)
    rules, thresholds = site_policy(site)
    verdict = score(classifier.current_model(), _sample(site, submission, history), rules)
    destination = route(verdict, site.moderation_mode.value, thresholds, history.approved > 0)
    return Screening(
        status=ROUTES[destination],
        probability=verdict.probability,
        reasons=reasons_for_storage(verdict),
        model_version=verdict.model_version,
        priority=queue_priority(verdict),
    )


def _sample(site: Site, submission: Submission, history: AuthorHistory) -> CommentSample:
    """The classifier's view of the comment, with behaviour signals from Redis."""
    return CommentSample(
        text=submission.body,
        author=submission.author,
        website=submission.website,
        email_domain=submission.email.rpartition("@")[2],
        history=history,
        seconds_to_submit=submission.seconds_to_submit,
        honeypot=submission.honeypot,
        recent_duplicates=signals.recent_duplicates(site.id, submission.body),
        ip_burst=submission.recent_from_address,
    )


def unscreened(site: Site) -> Screening:
    """With the filter off, classic moderation: post publishes at once, pre holds everything."""
    published = site.moderation_mode.value == "post"
    status = CommentStatus.APPROVED if published else CommentStatus.PENDING
    return Screening(status, None, [], None, UNSCORED_PRIORITY)


def author_history(site_id: int, email_hash: str) -> AuthorHistory:
    """Counts of the author's earlier outcomes on this site, found by the keyed email hash."""
    query = (
        sa.select(Comment.status, sa.func.count(Comment.id))
        .where(Comment.site_id == site_id, Comment.email_hash == email_hash)
        .group_by(Comment.status)
    )
    counts = {status: int(n) for status, n in db.session.execute(query)}
    return AuthorHistory(
        approved=counts.get(CommentStatus.APPROVED, 0),
        rejected=counts.get(CommentStatus.REJECTED, 0),
        spam=counts.get(CommentStatus.SPAM, 0),
    )


def site_policy(site: Site) -> tuple[RuleConfig, Thresholds]:
    """The site's rules and thresholds from its settings, defaults where unset or invalid."""
    settings = dict((site.settings or {}).get("spam", {}))
    try:
        spam = settings.pop("spam_threshold", None)
        thresholds = Thresholds(
            spam=None if spam is None else float(spam),
            ham=float(settings.pop("ham_threshold", 0.2)),
        )
        rules = RuleConfig(**_rule_settings(settings))
    except (TypeError, ValueError) as exc:
        log.warning("site %s: invalid spam settings ignored (%s)", site.slug, exc)
        return RuleConfig(), Thresholds()
    return rules, thresholds


def _rule_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Known rule settings, with word lists as tuples (RuleConfig is immutable and hashable)."""
    chosen = {k: v for k, v in settings.items() if k in RULE_SETTINGS}
    for name in ("banned_words", "suspect_words"):
        if name in chosen:
            chosen[name] = tuple(str(word) for word in chosen[name])
    return chosen


def reasons_for_storage(verdict: Verdict) -> list[dict[str, Any]]:
    """The verdict's reasons as JSON-ready dicts, rules first."""
    return [
        {k: v for k, v in asdict(reason).items() if v not in (None, "")}
        for reason in verdict.reasons
    ]
