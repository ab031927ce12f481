"""The commentsvc command line: Flask's CLI group with service, site, user and queue commands."""

from __future__ import annotations

from typing import Any

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, routes_command, shell_command, with_appcontext
from werkzeug.serving import run_simple

from . import classifier, queue
from . import sites as sites_store
from .auth import issue_token
from .extensions import db
from .models import Membership, ModerationMode, Role, Site, User
from .redis_store import exit_cleanly_on_sigterm
from .spam.scoring import Thresholds


def _create_app() -> Flask:
    """App factory for the CLI."""
    from . import create_app

    return create_app()


main = FlaskGroup(
    name="commentsvc",
    create_app=_create_app,
    add_default_commands=False,
    help="Run and manage commentsvc.",
)
main.add_command(routes_command)
main.add_command(shell_command)


def register(app: Flask) -> None:
    """Attach the command groups to an app (used by `flask --app commentsvc` too)."""
    from .cli_spam import spam, worker_command

    for command in (run_command, sites, users, queue_group, demo_command, spam, worker_command):
        app.cli.add_command(command)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@with_appcontext
def run_command(host: str, port: int) -> None:
    """Serve the app (development server; use gunicorn in production)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    exit_cleanly_on_sigterm()  # the embedded Redis may start later, from a request thread
    queue.rebuild_at_start(app)
    classifier.ensure_model_at_start(app)
    click.echo(f"commentsvc on http://{host}:{port}/ (Ctrl+C to stop)")
    run_simple(host, port, app, threaded=True, use_reloader=False)


def find_site(slug: str) -> Site:
    """A site by slug, or a usage error."""
    site = sites_store.find(slug)
    if site is None:
        raise click.BadParameter(f"no site {slug!r}", param_hint="--site")
    return site


@click.group("sites", cls=AppGroup)
def sites() -> None:
    """Manage sites."""


@sites.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name.")
@click.option("--origin", "origins", multiple=True, help="Allowed origin, repeatable.")
@click.option("--mode", type=click.Choice(["pre", "post"]), default="pre", show_default=True)
def create_site(slug: str, name: str, origins: tuple[str, ...], mode: str) -> None:
    """Create a site that may embed comments from the given origins."""
    if sites_store.find(slug) is not None:
        raise click.ClickException(f"site {slug!r} exists already")
    site = Site(
        slug=slug,
        name=name,
        allowed_origins=[o.rstrip("/") for o in origins],
        moderation_mode=ModerationMode(mode),
    )
    db.session.add(site)
    db.session.commit()
    click.echo(f"site {slug} created ({mode}-moderation), origins: {', '.join(origins) or 'none'}")


@sites.command("configure")
@click.argument("slug")
@click.option("--mode", type=click.Choice(["pre", "post"]), help="Moderation mode.")
@click.option("--origin", "origins", multiple=True, help="Replace the allowed origins.")
@click.option("--spam-threshold", type=click.FloatRange(0, 1), help="Spam at or above this.")
@click.option(
    "--model-spam-threshold",
    "model_threshold",
    is_flag=True,
    help="Drop the site's spam threshold: use the one the model learned (the default).",
)
@click.option("--ham-threshold", type=click.FloatRange(0, 1), help="Likely ham at or below this.")
@click.option("--banned-word", "banned_words", multiple=True, help="Reject; repeatable.")
@click.option("--suspect-word", "suspect_words", multiple=True, help="Hold; repeatable.")
@click.option("--max-links", type=click.IntRange(0), help="Hold comments with more links.")
@click.option("--discard-spam-after-days", type=click.IntRange(0), help="0 keeps spam.")
def configure_site(
    slug: str, mode: str | None, origins: tuple[str, ...], model_threshold: bool, **spam: Any
) -> None:
    """Change a site's moderation mode, origins and spam filter settings."""
    if model_threshold and spam["spam_threshold"] is not None:
        raise click.UsageError("give --spam-threshold or --model-spam-threshold, not both")
    site = find_site(slug)
    if mode:
        site.moderation_mode = ModerationMode(mode)
    if origins:
        site.allowed_origins = [o.rstrip("/") for o in origins]
    settings = _merged_settings(site.settings or {}, spam)
    if model_threshold:
        settings["spam"].pop("spam_threshold", None)
    _check_thresholds(settings["spam"])
    site.settings = settings
    db.session.commit()
    click.echo(f"site {slug}: {site.moderation_mode.value}-moderation, settings {site.settings}")


def _merged_settings(settings: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The site's settings with the given options applied (empty lists and None left alone)."""
    merged = {**settings, "spam": dict(settings.get("spam", {}))}
    days = options.pop("discard_spam_after_days")
    if days is not None:
        merged["discard_spam_after_days"] = days
    for name, value in options.items():
        if value not in (None, ()):
            merged["spam"][name] = list(value) if isinstance(value, tuple) else value
    return merged


def _check_thresholds(spam_settings: dict[str, Any]) -> None:
    """Refuse a ham threshold at or above the spam one: the site would fall back to defaults."""
    ham = spam_settings.get("ham_threshold", Thresholds().ham)
    try:
        Thresholds(spam=spam_settings.get("spam_threshold"), ham=ham)
    except ValueError as exc:
        message = f"the site's thresholds would overlap ({exc}); set both so that ham < spam"
        raise click.BadParameter(message, param_hint="--spam-threshold/--ham-threshold") from exc


@click.group("users", cls=AppGroup)
def users() -> None:
    """Manage moderators and owners."""


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["moderator", "owner"]), required=True)
@click.option("--site", "site_slug", required=True, help="Site the user works on.")
def create_user(name: str, role: str, site_slug: str) -> None:
    """Create a user (or add a site to one) and print a new API token once."""
    site = find_site(site_slug)
    user = db.session.scalar(sa.select(User).where(User.name == name))
    if user is None:
        user = User(name=name)
        db.session.add(user)
        db.session.flush()
    db.session.merge(Membership(user_id=user.id, site_id=site.id, role=Role(role)))
    token = issue_token(user, label="cli")
    db.session.commit()
    click.echo(f"user {name} is {role} of {site.slug}")
    click.echo(f"API token (shown once, only its hash is stored): {token}")


@click.group("queue", cls=AppGroup)
def queue_group() -> None:
    """Inspect and repair the moderation queues."""


@queue_group.command("rebuild")
def rebuild() -> None:
    """Rebuild every site's Redis queue from the database."""
    for slug, count in queue.rebuild_all().items():
        click.echo(f"{slug}: {count} held comments queued")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo site, article and moderator, and print how to use them."""
    from .demo import seed_demo

    for line in seed_demo():
        click.echo(line)
