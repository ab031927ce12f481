"""Configuration: documented defaults, overridden by COMMENTSVC_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PREFIX = "COMMENTSVC_"


class Config:
    """Defaults for every setting; each can be set as COMMENTSVC_<NAME> in the environment."""

    # "development" or "production"; production refuses to start without SECRET_KEY.
    ENV = "development"
    # Signs sessions and tokens, and derives the email encryption and hashing keys.
    SECRET_KEY: str | None = None
    # SQLAlchemy URL; empty means SQLite in the instance folder.
    DATABASE_URL = ""
    # Redis URL; empty means an embedded Redis server started with the service.
    REDIS_URL = ""
    # Redis key prefix, so several services (or test runs) can share one server.
    REDIS_PREFIX = "commentsvc"
    # Seconds before a Redis call gives up; Redis is never allowed to stall a request.
    REDIS_TIMEOUT = 0.5
    # Rebuild every site's moderation queue from the database when the app starts.
    REBUILD_QUEUE_ON_START = True
    # Largest request body in bytes.
    MAX_CONTENT_LENGTH = 64 * 1024
    # Longest comment body in characters; longer bodies answer 413.
    MAX_BODY_LENGTH = 5000
    # Top-level comments per page of a thread, and the most a client may ask for.
    PAGE_SIZE = 50
    MAX_PAGE_SIZE = 200
    # Most articles in one counts request.
    MAX_COUNT_ARTICLES = 100
    # Run the spam filter on every comment (rules always run when it is on).
    SPAM_FILTER = True
    # Folder of spam model versions; empty means <instance>/models.
    MODEL_DIR = ""
    # Retrain in the background after this many new moderator decisions (0: never).
    RETRAIN_AFTER_LABELS = 50
    # Seconds a body counts as "posted recently" for the duplicate rule.
    DUPLICATE_WINDOW = 3600
    # Seconds over which comments from one IP count as a burst (and for the rate limit).
    BURST_WINDOW = 600
    # Most comments one IP may post to a site per BURST_WINDOW before 429 (0: no limit).
    POST_RATE_LIMIT = 20
    # Delete comments marked spam after this many days (0 keeps them); sites may override.
    DISCARD_SPAM_AFTER_DAYS = 0
    # Name of the RQ queue for background jobs.
    JOB_QUEUE = "commentsvc"
    # Public base URL used in printed instructions and the demo.
    PUBLIC_URL = "http://127.0.0.1:8000"
    # Reverse proxies in front of the service whose X-Forwarded-* headers are trusted (0: none).
    # Behind one nginx set 1, or every reader shares the proxy's address (and its rate limit).
    PROXY_HOPS = 0
    # Log level for the commentsvc logger.
    LOG_LEVEL = "INFO"


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from Config, the environment and an optional test mapping."""
    app.config.from_object(Config)
    app.config.from_prefixed_env(PREFIX.rstrip("_"))
    if test_config:
        app.config.update(test_config)
    _require_secret_key(app)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'commentsvc.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(app.config["DATABASE_URL"])
    if not app.config["MODEL_DIR"]:
        app.config["MODEL_DIR"] = str(Path(app.instance_path) / "models")


def _require_secret_key(app: Flask) -> None:
    """Refuse production without a secret; in development keep one in the instance folder."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV"] == "production":
        raise RuntimeError("COMMENTSVC_SECRET_KEY must be set in production")
    app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(instance: Path) -> str:
    """Read, or create once, the development secret so encrypted emails survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _sqlalchemy_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url
