"""Query-string parameters shared by the API blueprints."""

from __future__ import annotations

from flask import current_app, request

from .. import sites
from ..errors import ApiError
from ..models import MAX_ID, Site


def limit_arg(fields: dict[str, list[str]]) -> int:
    """The ?limit= page size; a bad value adds a field message and falls back to the default."""
    default, most = current_app.config["PAGE_SIZE"], current_app.config["MAX_PAGE_SIZE"]
    raw = request.args.get("limit")
    if raw is None:
        return int(default)
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= most:
        return int(raw)
    fields["limit"] = [f"A whole number from 1 to {most}."]
    return int(default)


def refuse_nul_characters() -> None:
    """Refuse NUL in the path or query: no database stores it, and no reader needs it."""
    if not request.path.startswith("/api/"):
        return
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        message = "The request contains a NUL character."
        raise ApiError(400, "invalid_characters", message)


def require_id_in_range(value: int, what: str) -> None:
    """404 for ids no row can have, rather than a database overflow."""
    if not 1 <= value <= MAX_ID:
        raise ApiError(404, f"{what}_not_found", f"No such {what}.")


def require_site(slug: str) -> Site:
    """The site for a slug, or 404."""
    site = sites.find(slug)
    if site is None:
        raise ApiError(404, "site_not_found", "No such site.")
    return site
