"""The widget's scripts, each served as one bundle built from the small files beside it.

The bundle wraps its parts in one function, so nothing leaks into the host page's globals,
and inlines the stylesheet, so the widget needs a single request and no build step.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, request

bp = Blueprint("widget", __name__, url_prefix="/widget")

WIDGET_DIR = Path(__file__).resolve().parent.parent / "static" / "widget"
STYLESHEET = "widget.css"
SCRIPTS = {
    "embed.js": ("i18n.js", "core.js", "ui.js", "main.js", "form.js", "boot.js"),
    "count.js": ("i18n.js", "count.js"),
}
MAX_AGE = 300  # seconds: short, so a new release reaches every embedding site quickly


def _stamp(names: tuple[str, ...]) -> tuple[int, ...]:
    """Modification times of the parts, so an edited file rebuilds its bundle."""
    return tuple((WIDGET_DIR / name).stat().st_mtime_ns for name in names)


@lru_cache(maxsize=16)
def _build(name: str, stamp: tuple[int, ...]) -> str:
    """Concatenate a bundle's parts inside one strict-mode function."""
    parts = [(WIDGET_DIR / part).read_text(encoding="utf-8") for part in SCRIPTS[name]]
    css = (WIDGET_DIR / STYLESHEET).read_text(encoding="utf-8") if name == "embed.js" else ""
    return "\n".join(
        [
            f"/* commentsvc {name}: built from {', '.join(SCRIPTS[name])} */",
            '(function () {\n"use strict";\nvar module;',
            f"const CSS = {json.dumps(css)};",
            *parts,
            "})();\n",
        ]
    )


def bundle(name: str) -> str:
    """The current text of a script bundle."""
    return _build(name, _stamp(SCRIPTS[name] + (STYLESHEET,)))


def stylesheet() -> str:
    """The widget's stylesheet, also used by the no-JavaScript page."""
    return (WIDGET_DIR / STYLESHEET).read_text(encoding="utf-8")


def _asset_response(text: str, mimetype: str) -> Response:
    """A cacheable, revalidatable asset that any site may load."""
    response = Response(text, mimetype=mimetype)
    response.set_etag(hashlib.sha256(text.encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.make_conditional(request)
    return response


@bp.get("/<name>.js")
def script(name: str) -> Response:
    """embed.js or count.js."""
    if f"{name}.js" not in SCRIPTS:
        abort(404)
    return _asset_response(bundle(f"{name}.js"), "text/javascript")


@bp.get("/embed.css")
def css() -> Response:
    """The widget's stylesheet."""
    return _asset_response(stylesheet(), "text/css")
