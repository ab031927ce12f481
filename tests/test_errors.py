"""Errors: one JSON shape on the API, nothing internal leaked."""

from __future__ import annotations

import logging


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_wrong_method_is_json_405_with_allow(client, make):
    make.site()
    response = client.delete("/api/v1/sites/news/comments")
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_unexpected_error_is_a_bare_json_500(make_app, caplog):
    app = make_app()

    @app.get("/api/v1/explode")
    def explode() -> str:
        raise RuntimeError("secret internals: password=hunter2")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/api/v1/explode")
    assert response.status_code == 500
    assert response.get_json() == {
        "error": "internal_server_error",
        "message": response.get_json()["message"],
    }
    assert b"hunter2" not in response.data
    assert "unhandled error on GET /api/v1/explode" in caplog.text


def test_html_paths_keep_html_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
