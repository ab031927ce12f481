"""Small helpers shared by the API tests."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

ORIGIN = "https://news.example"


def valid_comment(**overrides: Any) -> dict[str, Any]:
    """A comment body that passes validation."""
    body = {
        "article": "a1",
        "article_title": "Bridge reopens",
        "article_url": "https://news.example/bridge",
        "name": "Ann Reader",
        "email": "ann.reader@example.org",
        "website": "https://ann.example",
        "body": "I walked across it this morning. *Lovely* view.",
    }
    body.update(overrides)
    return body


def post_comment(client: FlaskClient, site: str = "news", **overrides: Any) -> TestResponse:
    """POST a comment as a browser on the allowed origin."""
    return client.post(
        f"/api/v1/sites/{site}/comments",
        json=valid_comment(**overrides),
        headers={"Origin": ORIGIN},
    )


def auth(token: str) -> dict[str, str]:
    """Bearer header for a token."""
    return {"Authorization": f"Bearer {token}"}
