"""The demo: a site, an article with a few comments, and a moderator, for a first look."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import MultiDict

from . import articles, intake, moderation, reactions, sites
from .auth import issue_token
from .extensions import db
from .models import (
    ApiToken,
    Article,
    Comment,
    CommentStatus,
    Membership,
    ModerationMode,
    Role,
    Site,
    User,
    utcnow,
)

SITE = "demo"
ARTICLE = "harbour-bridge-reopens"
TITLE = "Harbour bridge reopens after two years of repairs"
MODERATOR = "demo-moderator"

SAMPLE_COMMENTS = [
    ("Marta", "marta@example.org", "Finally! The detour added twenty minutes to my commute."),
    ("Tom B.", "tom@example.net", "Does anyone know whether the cycle lane is open too?"),
]
# A reply to the second comment, and how many readers liked each sample comment.
SAMPLE_REPLY = (
    "Priya O.",
    "priya@example.org",
    "It is! Rode across at seven this morning. The kerb between the lane and the buses "
    "makes a **real** difference.",
)
SAMPLE_LIKES = (5, 2, 3)
# Reactions other readers left, so the reactions bar is not empty on a first look.
SAMPLE_REACTIONS = {"like": 14, "love": 6, "haha": 1, "wow": 3, "angry": 2}


def seed_demo() -> list[str]:
    """Create (or refresh) the demo and return instructions to print."""
    site = _demo_site()
    article = _demo_article(site)
    has_comments = db.session.scalar(
        sa.select(sa.func.count(Comment.id)).where(Comment.article_id == article.id)
    )
    if not has_comments:
        _sample_comments(site)
    token = _fresh_token(_demo_moderator(site))
    db.session.commit()
    base = current_app.config["PUBLIC_URL"]
    return [
        f"Demo site '{SITE}' with article '{ARTICLE}' is ready at {base}/",
        f"Moderator '{MODERATOR}' API token: {token}",
        "List held comments:",
        f"  curl -H 'Authorization: Bearer {token}' '{base}/api/v1/moderation/queue?site={SITE}'",
        "Approve one (replace ID):",
        f"  curl -X POST -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' "
        f'-d \'{{"action": "approve"}}\' {base}/api/v1/moderation/comments/ID',
    ]


def _demo_site() -> Site:
    """The demo site, pre-moderated, allowing the service's own origin."""
    site = sites.find(SITE)
    if site is None:
        site = Site(slug=SITE, name="The Harbour Gazette", moderation_mode=ModerationMode.PRE)
        db.session.add(site)
    site.allowed_origins = [current_app.config["PUBLIC_URL"].rstrip("/")]
    db.session.flush()
    return site


def _demo_article(site: Site) -> Article:
    """The demo article."""
    article = db.session.scalar(
        sa.select(Article).where(Article.site_id == site.id, Article.external_id == ARTICLE)
    )
    if article is None:
        article = Article(
            site_id=site.id,
            external_id=ARTICLE,
            title=TITLE,
            url=current_app.config["PUBLIC_URL"].rstrip("/") + "/",
        )
        db.session.add(article)
        db.session.flush()
    return article


def _sample_comments(site: Site) -> None:
    """Post the sample comments and a reply, publish them, and add readers' likes and reactions."""
    posted: list[Comment] = []
    for name, email, body in [*SAMPLE_COMMENTS, SAMPLE_REPLY]:
        parent = str(posted[1].id) if len(posted) == len(SAMPLE_COMMENTS) else ""
        data = {"article": ARTICLE, "name": name, "email": email, "body": body, "parent_id": parent}
        comment = intake.submit_comment(site, MultiDict(data), intake.Submitter(), screen=False)
        if comment.status == CommentStatus.PENDING:
            moderation.decide(comment, moderation.Action.APPROVE, None)
        posted.append(comment)
    for comment, likes in zip(posted, SAMPLE_LIKES, strict=False):
        for n in range(likes):
            reactions.set_like(comment, reactions.reader_hash(site, f"demo-reader-{n}"), True)
    _sample_reactions(site)


def _sample_reactions(site: Site) -> None:
    """Reactions from imaginary earlier readers."""
    article = articles.find_or_create(site, ARTICLE)
    readers = (f"demo-reader-{n}" for n in range(sum(SAMPLE_REACTIONS.values())))
    for kind, count in SAMPLE_REACTIONS.items():
        for _ in range(count):
            who = reactions.reader_hash(site, next(readers))
            reactions.set_reaction(article, who, reactions.parse_kind(kind))


def _demo_moderator(site: Site) -> User:
    """The demo moderator."""
    user = db.session.scalar(sa.select(User).where(User.name == MODERATOR))
    if user is None:
        user = User(name=MODERATOR)
        db.session.add(user)
        db.session.flush()
    db.session.merge(Membership(user_id=user.id, site_id=site.id, role=Role.MODERATOR))
    return user


def _fresh_token(user: User) -> str:
    """Revoke the demo's earlier tokens and issue a new one to print."""
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return issue_token(user, label="demo")
