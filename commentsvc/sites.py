"""Sites, found by the slug in their URLs."""

from __future__ import annotations

import sqlalchemy as sa

from .extensions import db
from .models import Site


def find(slug: str) -> Site | None:
    """The site with this slug, if there is one."""
    return db.session.scalar(sa.select(Site).where(Site.slug == slug))
