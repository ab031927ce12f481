"""Test factories for sites, articles, comments and moderators (used inside an app context)."""

from __future__ import annotations

import itertools
from typing import Any

from commentsvc import markup, privacy
from commentsvc.auth import issue_token
from commentsvc.extensions import db
from commentsvc.models import (
    Article,
    Comment,
    CommentStatus,
    Membership,
    ModerationMode,
    Role,
    Site,
    User,
)

_seq = itertools.count(1)


class Factory:
    """Creates committed rows with sensible defaults."""

    def site(
        self,
        slug: str = "news",
        mode: ModerationMode = ModerationMode.PRE,
        origins: list[str] | None = None,
    ) -> Site:
        """A site allowing https://news.example unless told otherwise."""
        site = Site(
            slug=slug,
            name=slug.title(),
            moderation_mode=mode,
            allowed_origins=["https://news.example"] if origins is None else origins,
        )
        db.session.add(site)
        db.session.commit()
        return site

    def article(self, site: Site, external_id: str = "a1", is_open: bool = True) -> Article:
        """An article of a site."""
        article = Article(
            site_id=site.id,
            external_id=external_id,
            title=f"Article {external_id}",
            is_open=is_open,
        )
        db.session.add(article)
        db.session.commit()
        return article

    def comment(
        self,
        article: Article,
        status: CommentStatus = CommentStatus.APPROVED,
        parent: Comment | None = None,
        **fields: Any,
    ) -> Comment:
        """A comment stored the way intake stores one."""
        n = next(_seq)
        email = fields.pop("email", f"reader{n}@example.org")
        body = fields.pop("body", f"Comment number {n}")
        comment = Comment(
            site_id=article.site_id,
            article_id=article.id,
            parent_id=parent.id if parent else None,
            root_id=(parent.root_id or parent.id) if parent else None,
            author_name=fields.pop("name", f"Reader {n}"),
            author_website=fields.pop("website", ""),
            email_encrypted=privacy.encrypt_email(email),
            email_hash=privacy.email_hash(email),
            avatar_seed=privacy.avatar_seed(article.site_id, email),
            body_source=body,
            body_html=markup.render(body),
            status=status,
            **fields,
        )
        db.session.add(comment)
        db.session.commit()
        return comment

    def moderator(
        self, site: Site, name: str = "mod", role: Role = Role.MODERATOR
    ) -> tuple[User, str]:
        """A user with a role on a site, and a fresh API token."""
        user = User(name=name)
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, site_id=site.id, role=role))
        token = issue_token(user)
        db.session.commit()
        return user, token
