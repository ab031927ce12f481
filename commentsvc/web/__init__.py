"""The browser's face: the demo article page, the widget's scripts and the no-JavaScript thread."""

from __future__ import annotations

from flask import Blueprint

from . import assets, embed, pages

bp = Blueprint("web", __name__)
for child in (pages.bp, assets.bp, embed.bp):
    bp.register_blueprint(child)
