"""Property-based checks of the whole API against its OpenAPI document (schemathesis).

Generated requests, valid and hostile, must never answer a 5xx, and every response must match
the document. Moderation routes run with a real moderator token, so they reach the handlers.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from commentsvc.openapi import document
from tests.factories import Factory

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def token(app: Any) -> str:
    """A site with a published comment, and its moderator's token."""
    with app.app_context():
        factory = Factory()
        site = factory.site()
        factory.comment(factory.article(site))
        return factory.moderator(site)[1]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_breaks_the_api(case: Any, app: Any, token: str) -> None:
    if "Authorization" in (case.headers or {}):  # absent when testing that auth is required
        case.headers = {**case.headers, "Authorization": f"Bearer {token}"}
    kwargs = case.as_transport_kwargs(base_url="http://localhost")
    response = app.test_client().open(
        kwargs["url"].removeprefix("http://localhost"),
        method=kwargs["method"],
        headers=kwargs.get("headers"),
        query_string=kwargs.get("params"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
    )
    assert response.status_code < 500, (case.method, case.path, response.get_data(as_text=True))
    case.validate_response(response)
