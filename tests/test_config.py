"""Configuration from COMMENTSVC_* variables, with safe defaults."""

from __future__ import annotations

import pytest

from commentsvc import create_app
from commentsvc.config import _sqlalchemy_url


def test_production_refuses_to_start_without_a_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMENTSVC_ENV", "production")
    monkeypatch.delenv("COMMENTSVC_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="COMMENTSVC_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMENTSVC_SECRET_KEY", "from-env")
    monkeypatch.setenv("COMMENTSVC_MAX_BODY_LENGTH", "1234")
    monkeypatch.setenv("COMMENTSVC_REDIS_URL", "redis://127.0.0.1:6379/3")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["MAX_BODY_LENGTH"] == 1234
    assert app.config["REDIS_URL"] == "redis://127.0.0.1:6379/3"


def test_development_defaults_use_the_instance_folder(monkeypatch, tmp_path):
    for name in ("COMMENTSVC_SECRET_KEY", "COMMENTSVC_DATABASE_URL", "COMMENTSVC_ENV"):
        monkeypatch.delenv(name, raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'commentsvc.db'}"
    secret = (tmp_path / "secret_key").read_text()
    assert app.config["SECRET_KEY"] == secret
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"] == secret


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgres_urls_use_psycopg3(url, expected):
    assert _sqlalchemy_url(url) == expected
