"""CORS and origin checks: only each site's configured origins may call its public API."""

from __future__ import annotations

from flask import Response, g, request

from .errors import ApiError
from .models import Site


def origin_allowed(site: Site, origin: str | None) -> bool:
    """True when the browser's origin is one the site allows (or the request is not cross-site)."""
    if not origin:
        return True
    allowed = {o.rstrip("/").lower() for o in site.allowed_origins or []}
    return origin.rstrip("/").lower() in allowed or origin == request.host_url.rstrip("/")


def require_allowed_origin(site: Site) -> None:
    """Refuse a write from a browser on an origin the site did not allow."""
    if not origin_allowed(site, request.headers.get("Origin")):
        raise ApiError(403, "origin_not_allowed", "This origin may not post to this site.")


def add_cors_headers(response: Response, site: Site) -> Response:
    """Echo an allowed origin back; other origins get no CORS headers at all."""
    origin = request.headers.get("Origin")
    response.vary.add("Origin")
    if origin and origin_allowed(site, origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, If-None-Match"
        response.headers["Access-Control-Expose-Headers"] = "ETag"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def add_site_cors_headers(response: Response) -> Response:
    """After every request that named a site, success or error, add that site's CORS headers."""
    site = g.get("cors_site")
    return add_cors_headers(response, site) if site is not None else response
