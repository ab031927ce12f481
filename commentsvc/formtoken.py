"""Signed, time-stamped form tokens: how long a reader took between loading and submitting."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "commentsvc.form-token"
MAX_AGE = 7 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    """Serializer keyed by the app's secret."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue(site_slug: str, article: str) -> str:
    """A token for one site and article, stamped with the current time."""
    return _serializer().dumps({"s": site_slug, "a": article})


def seconds_since_issue(token: str | None, site_slug: str, article: str) -> float | None:
    """Seconds since the token was issued, or None when absent, forged, stale or for elsewhere."""
    if not token:
        return None
    try:
        data, issued = _serializer().loads(token, max_age=MAX_AGE, return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or data.get("s") != site_slug or data.get("a") != article:
        return None
    return (datetime.now(UTC) - issued).total_seconds()
