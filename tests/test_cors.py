"""CORS: only each site's configured origins get access."""

from __future__ import annotations

from tests.helpers import ORIGIN


def test_allowed_origin_is_echoed(client, make):
    make.site()
    response = client.get("/api/v1/sites/news/comments?article=a1", headers={"Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.headers["Vary"]
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_other_origins_get_no_cors_headers(client, make):
    make.site()
    make.site("other", origins=["https://other.example"])
    response = client.get(
        "/api/v1/sites/news/comments?article=a1", headers={"Origin": "https://other.example"}
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["Vary"] == "Origin"


def test_preflight_for_allowed_and_refused_origins(client, make):
    make.site()
    ok = client.options(
        "/api/v1/sites/news/comments",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert ok.status_code == 204
    assert ok.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in ok.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in ok.headers["Access-Control-Allow-Headers"]
    refused = client.options(
        "/api/v1/sites/news/counts",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_counts_carry_cors_for_allowed_origins(client, make):
    make.site()
    response = client.post(
        "/api/v1/sites/news/counts", json={"articles": ["a1"]}, headers={"Origin": ORIGIN}
    )
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_origin_matching_ignores_a_trailing_slash_and_case(client, make):
    make.site(origins=["https://News.Example/"])
    response = client.get(
        "/api/v1/sites/news/comments?article=a1", headers={"Origin": "https://news.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://news.example"
