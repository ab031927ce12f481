"""commentsvc: a self-hosted comment service with a spam filter that learns from its moderators."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import errors, redis_store
from .api.params import refuse_nul_characters
from .config import load_config
from .cors import add_site_cors_headers
from .extensions import csrf, db, migrate

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, error handlers, blueprints, CLI."""
    app = Flask(__name__, instance_path=_instance_path(test_config))
    load_config(app, test_config)
    _configure_logging(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    redis_store.init_app(app)
    errors.init_app(app)
    app.before_request(refuse_nul_characters)
    app.after_request(add_site_cors_headers)
    _register_blueprints(app)
    _register_cli(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Take the reader's address and scheme from the configured number of reverse proxies."""
    hops = int(app.config["PROXY_HOPS"])
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def _instance_path(test_config: dict[str, Any] | None) -> str | None:
    """Where SQLite, the development secret and the embedded Redis live (default ./instance)."""
    if test_config and test_config.get("INSTANCE_PATH"):
        return str(test_config["INSTANCE_PATH"])
    return os.environ.get("COMMENTSVC_INSTANCE_PATH") or None


def _register_blueprints(app: Flask) -> None:
    """Mount the HTTP faces; the JSON APIs authenticate by token, not by CSRF-protected cookies."""
    from . import web
    from .api import moderation, public, social

    for blueprint in (public.bp, moderation.bp, social.bp):
        csrf.exempt(blueprint)
        app.register_blueprint(blueprint)
    # The browser's pages post plain forms, so they keep CSRF protection.
    app.register_blueprint(web.bp)


def _register_cli(app: Flask) -> None:
    """Add the commentsvc command groups."""
    from .cli import register

    register(app)


def _configure_logging(app: Flask) -> None:
    """Send the package's logs through Flask's handler at the configured level."""
    logging.getLogger("commentsvc").setLevel(app.config["LOG_LEVEL"])
