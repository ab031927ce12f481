"""Articles: found by the site's own id, created on their first comment or reaction."""

from __future__ import annotations

import re

import sqlalchemy as sa

from .extensions import db
from .forms import TITLE_MAX, URL_MAX
from .models import Article, Site

WEB_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")


def find(site: Site, external_id: str) -> Article | None:
    """The site's article by its own id."""
    return db.session.scalar(
        sa.select(Article).where(Article.site_id == site.id, Article.external_id == external_id)
    )


def find_or_create(site: Site, external_id: str, title: str = "", url: str = "") -> Article:
    """The article, created with the given title and web address if it is new."""
    article = find(site, external_id)
    if article is not None:
        return article
    article = Article(
        site_id=site.id,
        external_id=external_id,
        title=title[:TITLE_MAX],
        url=url if WEB_URL.match(url) and len(url) <= URL_MAX else "",
    )
    try:
        with db.session.begin_nested():
            db.session.add(article)
    except sa.exc.IntegrityError:
        # Another request created it first; use theirs.
        article = find(site, external_id)
    assert article is not None
    return article
