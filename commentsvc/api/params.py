"""Query-string parameters shared by the API blueprints."""

from __future__ import annotations

from flask import current_app, request


def limit_arg(fields: dict[str, list[str]]) -> int:
    """The ?limit= page size; a bad value adds a field message and falls back to the default."""
    default, most = current_app.config["PAGE_SIZE"], current_app.config["MAX_PAGE_SIZE"]
    raw = request.args.get("limit")
    if raw is None:
        return int(default)
    if raw.isdigit() and 1 <= int(raw) <= most:
        return int(raw)
    fields["limit"] = [f"A whole number from 1 to {most}."]
    return int(default)
