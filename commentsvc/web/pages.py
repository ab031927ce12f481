"""The demo: a news article page at / with the reactions bar, the widget and a count snippet."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from .. import demo, sites

bp = Blueprint("pages", __name__)

THEMES = ("auto", "light", "dark")
LANGUAGES = ("en", "de", "fr", "es")


def _choice(raw: str | None, allowed: tuple[str, ...], default: str) -> str:
    """A query option if it is one we know, else the default."""
    return raw if raw in allowed else default


@bp.get("/")
def demo_article() -> str:
    """The demo article; ?theme=light|dark|auto and ?lang=en|de|fr|es try the widget's options."""
    seeded = sites.find(demo.SITE) is not None
    return render_template(
        "demo.html",
        seeded=seeded,
        site=demo.SITE,
        article=demo.ARTICLE,
        title=demo.TITLE,
        theme=_choice(request.args.get("theme"), THEMES, "auto"),
        lang=_choice(request.args.get("lang"), LANGUAGES, ""),
        # Never request.url_root: it comes from the Host header, which anyone can set.
        base=current_app.config["PUBLIC_URL"].rstrip("/"),
    )
