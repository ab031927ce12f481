"""Moderator and owner authentication with hashed passwords and hashed API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from flask import g, request

from .errors import ApiError
from .extensions import db
from .models import ApiToken, Membership, Role, Site, User

TOKEN_PREFIX = "csv_"
TOKEN_USE_RESOLUTION = timedelta(minutes=5)
F = TypeVar("F", bound=Callable[..., Any])


def hash_token(token: str) -> str:
    """SHA-256 of an API token; tokens carry 256 random bits, so no salt or stretching is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str = "") -> str:
    """Create an API token for a user and return it; only its hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    return token


def user_for_token(token: str) -> User | None:
    """Find the live token's user and note its use."""
    record = db.session.scalar(
        sa.select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    if record is None:
        return None
    _note_use(record)
    return record.user


def _note_use(record: ApiToken) -> None:
    """Record when a token was last used, at most every few minutes to spare the database."""
    now = datetime.now(UTC)
    last = record.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if last is None or now - last > TOKEN_USE_RESOLUTION:
        record.last_used_at = now
        db.session.commit()


def _bearer_token() -> str:
    """The token from "Authorization: Bearer ..."."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_required(view: F) -> F:
    """Require a valid bearer token; the user is put in g.user."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = user_for_token(_bearer_token()) if _bearer_token() else None
        if user is None:
            raise ApiError(
                401,
                "unauthorized",
                "A valid API token is required.",
                headers={"WWW-Authenticate": 'Bearer realm="commentsvc"'},
            )
        g.user = user
        return view(*args, **kwargs)

    return cast(F, wrapped)


def role_on(user: User, site: Site) -> Role | None:
    """The user's role on a site, if any."""
    membership = db.session.get(Membership, (user.id, site.id))
    return membership.role if membership else None


def require_role(user: User, site: Site, *roles: Role) -> None:
    """Refuse with 403 unless the user holds one of the roles on the site."""
    if role_on(user, site) not in roles:
        raise ApiError(403, "forbidden", "You may not moderate this site.")
