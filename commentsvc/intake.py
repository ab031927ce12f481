"""Comment intake: validate a reader's comment, store it privately, publish or hold it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from flask import current_app
from werkzeug.datastructures import MultiDict

from . import articles, formtoken, live, markup, privacy, queue, screening, signals
from .errors import ApiError
from .extensions import db
from .forms import COMMENT_FIELDS, SIGNAL_FIELDS, CommentForm
from .models import Article, Comment, CommentStatus, Site


@dataclass(frozen=True)
class Submitter:
    """Who sent the comment, as the request saw it (hashed before storage)."""

    ip: str = ""
    user_agent: str = ""


def submit_comment(
    site: Site, data: MultiDict[str, Any], submitter: Submitter, *, screen: bool = True
) -> Comment:
    """Validate, store and route one comment; raise ApiError on bad input.

    screen=False skips the spam filter, for comments the operator vouches for (the demo).
    """
    form = _validated_form(data)
    recent = _within_rate_limit(site, privacy.network_hash(submitter.ip))
    external_id = form.article.data or ""
    existing = articles.find(site, external_id)
    if existing is None and form.parent_id.data is not None:
        _bad_parent()  # a reply needs a published parent, so its article must exist already
    article = existing or articles.find_or_create(
        site, external_id, form.article_title.data or "", form.article_url.data or ""
    )
    if not article.is_open:
        raise ApiError(403, "article_closed", "Comments are closed for this article.")
    parent = _parent(article, form.parent_id.data)
    comment = _new_comment(site, article, parent, form, submitter)
    if screen:
        submission = _submission(site, comment, form, data, recent)
        _apply_screening(comment, screening.screen(site, submission))
    else:
        _apply_screening(comment, screening.unscreened(site))
    db.session.add(comment)
    db.session.commit()
    if comment.status == CommentStatus.PENDING:
        queue.enqueue(comment)
    elif comment.status == CommentStatus.APPROVED:
        live.publish_comment(comment)  # never raises: a Redis outage only delays live readers
    return comment


def storable_text(value: str) -> bool:
    """False for text no database stores: NUL characters and unpaired surrogates."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _validated_form(data: MultiDict[str, Any]) -> CommentForm:
    """Run the form's validators, answering 413 for an over-long body and 400 otherwise."""
    limit = current_app.config["MAX_BODY_LENGTH"]
    if len(data.get("body") or "") > limit:
        message = f"Comments are limited to {limit} characters."
        raise ApiError(413, "body_too_long", message, {"body": [message]})
    form = CommentForm(formdata=data, meta={"csrf": False})
    if not form.validate():
        fields = {name: list(errors) for name, errors in form.errors.items()}
        raise ApiError(400, "validation_failed", "Some fields need attention.", fields)
    return form


def clean_input(raw: Any) -> MultiDict[str, Any]:
    """Keep only known fields, refusing values that are not strings (or a number for parent_id)."""
    if not isinstance(raw, dict):
        raise ApiError(400, "invalid_body", "Send a JSON object or a form.")
    fields: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name in COMMENT_FIELDS + SIGNAL_FIELDS:
        value = raw.get(name)
        if value is None:
            continue
        if name == "parent_id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            fields[name] = ["Must be a string."]
            continue
        if not storable_text(value):
            fields[name] = ["Contains a character that is not allowed."]
            continue
        cleaned[name] = value.strip() if name != "body" else value
    if fields:
        raise ApiError(400, "validation_failed", "Some fields need attention.", fields)
    return MultiDict(cleaned)


def _parent(article: Article, parent_id: int | None) -> Comment | None:
    """The approved comment being replied to, in the same article."""
    if parent_id is None:
        return None
    parent = db.session.get(Comment, parent_id)
    if parent is None or parent.article_id != article.id or parent.status != CommentStatus.APPROVED:
        _bad_parent()
    return parent


def _bad_parent() -> NoReturn:
    """Refuse a reply whose parent is not a published comment of the same article."""
    message = "You can only reply to a published comment on this article."
    fields = {"parent_id": [message]}
    raise ApiError(400, "validation_failed", "Some fields need attention.", fields)


def _new_comment(
    site: Site, article: Article, parent: Comment | None, form: CommentForm, who: Submitter
) -> Comment:
    """Build the comment row; the email only as ciphertext and keyed hashes."""
    email = form.email.data or ""
    body = form.body.data or ""
    return Comment(
        site_id=site.id,
        article_id=article.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        author_name=form.name.data,
        author_website=form.website.data or "",
        email_encrypted=privacy.encrypt_email(email),
        email_hash=privacy.email_hash(email),
        avatar_seed=privacy.avatar_seed(site.id, email),
        body_source=body,
        body_html=markup.render(body),
        ip_hash=privacy.network_hash(who.ip),
        user_agent_hash=privacy.network_hash(who.user_agent),
    )


def _within_rate_limit(site: Site, ip_hash: str) -> int:
    """Count this comment against its address; 429 past the limit (Redis down: no limit)."""
    recent = signals.ip_burst(site.id, ip_hash)
    limit = int(current_app.config["POST_RATE_LIMIT"])
    if limit and recent >= limit:
        window = int(current_app.config["BURST_WINDOW"])
        message = "You are commenting too quickly. Please wait a few minutes and try again."
        raise ApiError(429, "rate_limited", message, headers={"Retry-After": str(window)})
    return recent


def _submission(
    site: Site, comment: Comment, form: CommentForm, data: MultiDict[str, Any], recent: int
) -> screening.Submission:
    """What the spam filter sees: the comment, its author and how it was sent."""
    return screening.Submission(
        body=comment.body_source,
        author=comment.author_name,
        website=comment.author_website,
        email=privacy.normalise_email(form.email.data or ""),
        email_hash=comment.email_hash,
        recent_from_address=recent,
        seconds_to_submit=formtoken.seconds_since_issue(
            data.get("form_token"), site.slug, form.article.data or ""
        ),
        honeypot=bool((data.get("company") or "").strip()),
    )


def _apply_screening(comment: Comment, result: screening.Screening) -> None:
    """Store the filter's status, score, reasons, model version and queue priority."""
    comment.status = result.status
    comment.spam_score = result.probability
    comment.spam_reasons = result.reasons
    comment.model_version = result.model_version
    comment.queue_priority = result.priority
