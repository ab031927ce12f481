"""Database models: sites, articles, comments, users, tokens and the moderation log."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

MAX_ID = 2**31 - 1  # the largest id every supported database can hold


def utcnow() -> datetime:
    """Return the current time in UTC (called per row, never once at import)."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC; SQLite hands back naive datetimes that are UTC already."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


class CommentStatus(enum.StrEnum):
    """Where a comment stands in moderation."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"


class ModerationMode(enum.StrEnum):
    """Pre-moderation holds every comment; post-moderation publishes likely ham at once."""

    PRE = "pre"
    POST = "post"


class Role(enum.StrEnum):
    """What a user may do on a site."""

    MODERATOR = "moderator"
    OWNER = "owner"


def _enum(kind: type[enum.Enum], name: str) -> sa.Enum:
    """Store an enum as its value in a short string column, portable across databases."""
    return sa.Enum(
        kind,
        name=name,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class Site(db.Model):  # type: ignore[name-defined]
    """A website that embeds comments."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    allowed_origins: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    moderation_mode: Mapped[ModerationMode] = mapped_column(
        _enum(ModerationMode, "moderation_mode"), default=ModerationMode.PRE
    )
    settings: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Article(db.Model):  # type: ignore[name-defined]
    """A page of a site that carries a comment thread, known by the site's own id."""

    __tablename__ = "articles"
    __table_args__ = (sa.UniqueConstraint("site_id", "external_id", name="uq_articles_site_ext"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    url: Mapped[str] = mapped_column(sa.String(2000), default="")
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    site: Mapped[Site] = relationship()


class Comment(db.Model):  # type: ignore[name-defined]
    """A reader's comment; the email is only ever stored encrypted and as a keyed hash."""

    __tablename__ = "comments"
    __table_args__ = (
        sa.Index("ix_comments_article_status", "article_id", "status", "id"),
        sa.Index("ix_comments_site_status", "site_id", "status"),
        sa.Index("ix_comments_root", "root_id"),
        sa.Index("ix_comments_email_hash", "site_id", "email_hash"),
        # Never reuse a deleted comment's id: moderation events may still name it.
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    # The top-level ancestor, so one query fetches every reply of a page of threads.
    root_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    author_name: Mapped[str] = mapped_column(sa.String(80))
    author_website: Mapped[str] = mapped_column(sa.String(300), default="")
    email_encrypted: Mapped[str] = mapped_column(sa.Text)
    email_hash: Mapped[str] = mapped_column(sa.String(64))
    avatar_seed: Mapped[str] = mapped_column(sa.String(32))
    body_source: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CommentStatus] = mapped_column(
        _enum(CommentStatus, "comment_status"), default=CommentStatus.PENDING
    )
    spam_score: Mapped[float | None] = mapped_column(sa.Float)
    spam_reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    model_version: Mapped[str | None] = mapped_column(sa.String(64))
    # Moderation queue order (lower first), kept here so the queue can be rebuilt from the DB.
    queue_priority: Mapped[float | None] = mapped_column(sa.Float)
    ip_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    article: Mapped[Article] = relationship()


class User(db.Model):  # type: ignore[name-defined]
    """A moderator or owner who works through the moderation and admin APIs."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    memberships: Mapped[list[Membership]] = relationship(back_populates="user")


class Membership(db.Model):  # type: ignore[name-defined]
    """A user's role on one site."""

    __tablename__ = "memberships"
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    site_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    user: Mapped[User] = relationship(back_populates="memberships")
    site: Mapped[Site] = relationship()


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A bearer token, stored only as its SHA-256 (tokens are random, so unsalted is safe)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    user: Mapped[User] = relationship()


class ModerationEvent(db.Model):  # type: ignore[name-defined]
    """Append-only log of every decision; the spam filter's labels come from here."""

    __tablename__ = "moderation_events"
    __table_args__ = (sa.Index("ix_moderation_events_site_id", "site_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "from_status"))
    to_status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "to_status"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class ReactionKind(enum.StrEnum):
    """The article-level reactions a reader can choose from, in display order."""

    LIKE = "like"
    LOVE = "love"
    HAHA = "haha"
    WOW = "wow"
    SAD = "sad"
    ANGRY = "angry"


class Reaction(db.Model):  # type: ignore[name-defined]
    """One reader's reaction to an article; the reader is known only by a keyed hash."""

    __tablename__ = "reactions"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "reader_hash", name="uq_reactions_article_reader"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    reader_hash: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[ReactionKind] = mapped_column(_enum(ReactionKind, "reaction_kind"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class CommentLike(db.Model):  # type: ignore[name-defined]
    """A reader's like of a published comment, at most one per reader and comment."""

    __tablename__ = "comment_likes"
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    reader_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
