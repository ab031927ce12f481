"""End-to-end fixtures: the app in a real server thread and a real headless Chromium.

Chromium is the system one (CI installs it with apt); Playwright never downloads a browser.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server

from commentsvc import demo, live
from commentsvc.extensions import db
from commentsvc.models import Site
from tests.factories import Factory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@dataclass
class LiveServer:
    """The demo, served on a free localhost port, with a moderator's API token."""

    url: str
    token: str
    app: Flask


@dataclass
class Browsing:
    """Opens pages in fresh browser contexts and collects their JavaScript errors."""

    browser: Any
    contexts: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def page(self, **options: Any) -> Any:
        """A new page in its own context (own localStorage), light scheme unless told."""
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("color_scheme", "light")
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(5000)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (`make test` installs it with apt as root)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browsing(browser: Any, server: LiveServer) -> Iterator[Browsing]:
    """Pages for one test, closed before the server stops; fails on any JavaScript error."""
    session = Browsing(browser)
    yield session
    for context in session.contexts:
        context.close()
    assert session.errors == []


@pytest.fixture
def server(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """The seeded demo in a threaded server; live streams notice closed pages quickly."""
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.2)
    monkeypatch.setattr(live, "POLL_SECONDS", 0.1)
    app = make_app()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{httpd.server_port}"
    app.config["PUBLIC_URL"] = url
    token = _seed(app)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=url, token=token, app=app)
    httpd.shutdown()
    httpd.server_close()
    _wait_for_request_threads()


def _seed(app: Flask) -> str:
    """Create the demo and a moderator; return the moderator's token."""
    with app.app_context():
        demo.seed_demo()
        site = db.session.scalar(sa.select(Site).where(Site.slug == demo.SITE))
        assert site is not None
        _, token = Factory().moderator(site, name="e2e-moderator")
        db.session.remove()
    return token


def _wait_for_request_threads(timeout: float = 3.0) -> None:
    """Let open event streams see their closed pages and end before the database is emptied."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not [t for t in threading.enumerate() if "process_request" in t.name]:
            return
        time.sleep(0.05)


def screenshot(page: Any, name: str, **options: Any) -> Path:
    """Save a screenshot into test-artifacts/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path
