"""Moderation decisions: one decision per held comment, each recorded in the event log."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from . import jobs, live, privacy, queue
from .errors import ApiError
from .extensions import db
from .models import Comment, CommentStatus, ModerationEvent, User, iso, utcnow
from .training import note_label


class Action(StrEnum):
    """What a moderator can decide about a held comment."""

    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"


OUTCOME = {
    Action.APPROVE: CommentStatus.APPROVED,
    Action.REJECT: CommentStatus.REJECTED,
    Action.SPAM: CommentStatus.SPAM,
}


def parse_action(raw: Any) -> Action:
    """The action from a request body; 400 with a field message when it is not one we know."""
    try:
        return Action(raw)
    except ValueError:
        choices = ", ".join(a.value for a in Action)
        message = f"Choose one of: {choices}."
        raise ApiError(400, "validation_failed", "Unknown action.", {"action": [message]}) from None


def decide(comment: Comment, action: Action, moderator: User | None) -> Comment:
    """Apply a decision to a held comment; 409 if it was already decided (even concurrently)."""
    target = OUTCOME[action]
    # A conditional UPDATE makes the first of two racing decisions win and the second see 409.
    result = db.session.execute(
        sa.update(Comment)
        .where(Comment.id == comment.id, Comment.status == CommentStatus.PENDING)
        .values(status=target, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise ApiError(409, "already_decided", "This comment has already been moderated.")
    db.session.add(
        ModerationEvent(
            site_id=comment.site_id,
            comment_id=comment.id,
            user_id=moderator.id if moderator else None,
            from_status=CommentStatus.PENDING,
            to_status=target,
        )
    )
    db.session.commit()
    db.session.refresh(comment)
    queue.remove(comment)
    if training_signal(comment) and note_label():
        jobs.enqueue_retrain()
    if comment.status == CommentStatus.APPROVED:
        live.publish_comment(comment)  # never raises: a Redis outage only delays the update
    return comment


def training_signal(comment: Comment) -> bool:
    """Approvals and spam decisions teach the filter; rejections (tone, off-topic) do not."""
    return comment.status in (CommentStatus.APPROVED, CommentStatus.SPAM)


def queue_entry(comment: Comment) -> dict[str, Any]:
    """What a moderator sees of a held comment: the email masked, never in full."""
    return {
        "id": comment.id,
        "status": comment.status.value,
        "article": {
            "id": comment.article.external_id,
            "title": comment.article.title,
            "url": comment.article.url or None,
        },
        "parent_id": comment.parent_id,
        "author": {
            "name": comment.author_name,
            "website": comment.author_website or None,
            "email": privacy.masked_email(comment.email_encrypted),
        },
        "body": comment.body_source,
        "body_html": comment.body_html,
        "spam_score": comment.spam_score,
        "reasons": comment.spam_reasons or [],
        "created_at": iso(comment.created_at),
    }
