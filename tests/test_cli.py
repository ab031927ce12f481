"""The commentsvc command line."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.auth import hash_token, user_for_token
from commentsvc.extensions import db
from commentsvc.models import (
    ApiToken,
    Comment,
    CommentStatus,
    Membership,
    ModerationMode,
    Role,
    Site,
)


def test_sites_create(runner, app):
    args = ["sites", "create", "blog", "--name", "My Blog", "--origin", "https://blog.example/"]
    result = runner.invoke(args=[*args, "--origin", "https://www.blog.example", "--mode", "post"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        site = db.session.scalar(sa.select(Site).where(Site.slug == "blog"))
        assert site.name == "My Blog"
        assert site.allowed_origins == ["https://blog.example", "https://www.blog.example"]
        assert site.moderation_mode == ModerationMode.POST
    again = runner.invoke(args=args)
    assert again.exit_code != 0
    assert "exists already" in again.output


def test_users_create_prints_a_token_once_and_stores_its_hash(runner, app, make):
    make.site()
    result = runner.invoke(
        args=["users", "create", "maria", "--role", "moderator", "--site", "news"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1].split(": ")[-1]
    assert token.startswith("csv_")
    stored = db.session.scalar(sa.select(ApiToken))
    assert stored.token_hash == hash_token(token)
    assert user_for_token(token).name == "maria"
    membership = db.session.scalar(sa.select(Membership))
    assert membership.role == Role.MODERATOR


def test_users_create_with_unknown_site_fails(runner, app):
    result = runner.invoke(args=["users", "create", "x", "--role", "owner", "--site", "nope"])
    assert result.exit_code != 0
    assert "no site 'nope'" in result.output


def test_demo_seeds_a_site_article_comments_and_moderator(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo site 'demo'" in result.output
    token = result.output.split("API token: ")[1].split()[0]
    with app.app_context():
        assert user_for_token(token).name == "demo-moderator"
        statuses = db.session.scalars(sa.select(Comment.status)).all()
        assert statuses == [CommentStatus.APPROVED] * 3
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    with app.app_context():
        assert user_for_token(token) is None  # the earlier demo token was revoked
        assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 3


def test_sites_configure_sets_mode_origins_and_spam_settings(runner, app, make):
    make.site()
    result = runner.invoke(
        args=[
            "sites",
            "configure",
            "news",
            "--mode",
            "post",
            "--origin",
            "https://new.example/",
            "--spam-threshold",
            "0.8",
            "--banned-word",
            "scum",
            "--banned-word",
            "vermin",
            "--max-links",
            "1",
            "--discard-spam-after-days",
            "14",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        site = db.session.scalar(sa.select(Site).where(Site.slug == "news"))
        assert site.moderation_mode == ModerationMode.POST
        assert site.allowed_origins == ["https://new.example"]
        assert site.settings == {
            "spam": {"spam_threshold": 0.8, "banned_words": ["scum", "vermin"], "max_links": 1},
            "discard_spam_after_days": 14,
        }
        from commentsvc.screening import site_policy

        rules, thresholds = site_policy(site)
        assert rules.banned_words == ("scum", "vermin")
        assert (thresholds.spam, rules.max_links) == (0.8, 1)
    bad = runner.invoke(args=["sites", "configure", "news", "--spam-threshold", "2"])
    assert bad.exit_code != 0


def test_sites_configure_returns_to_the_models_threshold(runner, app, make):
    make.site()
    args = ["sites", "configure", "news"]
    assert runner.invoke(args=[*args, "--spam-threshold", "0.8", "--max-links", "2"]).exit_code == 0
    both = runner.invoke(args=[*args, "--spam-threshold", "0.7", "--model-spam-threshold"])
    assert both.exit_code != 0 and "not both" in both.output
    result = runner.invoke(args=[*args, "--model-spam-threshold"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        site = db.session.scalar(sa.select(Site).where(Site.slug == "news"))
        assert site.settings["spam"] == {"max_links": 2}
        from commentsvc.screening import site_policy

        assert site_policy(site)[1].spam is None  # the model's own threshold


def test_sites_configure_refuses_overlapping_thresholds(runner, app, make):
    make.site()
    args = ["sites", "configure", "news"]
    assert runner.invoke(args=[*args, "--banned-word", "scum"]).exit_code == 0
    bad = runner.invoke(args=[*args, "--spam-threshold", "0.3", "--ham-threshold", "0.4"])
    assert bad.exit_code != 0 and "ham < spam" in bad.output
    with app.app_context():
        site = db.session.scalar(sa.select(Site).where(Site.slug == "news"))
        assert site.settings["spam"] == {"banned_words": ["scum"]}  # nothing half-applied
