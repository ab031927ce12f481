"""One JSON error shape for the API, HTML error pages for the browser."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An API failure with a status, a machine-readable code and optional per-field messages."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> Response:
    """Build the API's error body: {"error", "message", "fields"?}."""
    body: dict[str, Any] = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    return response


def _wants_json() -> bool:
    """API paths always answer JSON; other paths answer HTML unless the client asks for JSON."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _code_for(exc: HTTPException) -> str:
    """Snake-case code from an HTTP error's name, e.g. "method_not_allowed"."""
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def handle_api_error(exc: ApiError) -> Response:
    """Render an ApiError."""
    response = error_response(exc.status, exc.code, exc.message, exc.fields)
    response.headers.update(exc.headers)
    return response


def handle_http_error(exc: HTTPException) -> Response | HTTPException:
    """Render HTTP errors as JSON for the API and keep Werkzeug's pages elsewhere."""
    if not _wants_json():
        return exc
    response = error_response(exc.code or 500, _code_for(exc), exc.description or "")
    if exc.code == 405 and exc.response is None:
        response.headers["Allow"] = ", ".join(getattr(exc, "valid_methods", None) or [])
    return response


def handle_unexpected(exc: Exception) -> Response | HTTPException:
    """Roll back, log, and answer a bare 500 that leaks nothing."""
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
