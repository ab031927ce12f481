"""The default set-up: `commentsvc run` starts a real embedded Redis and stops it on exit."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "commentsvc"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(predicate, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not BIN.exists(), reason="the commentsvc command is not installed")
def test_run_starts_an_embedded_redis_and_sigterm_stops_it(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "COMMENTSVC_INSTANCE_PATH": str(tmp_path),
        "COMMENTSVC_SPAM_FILTER": "false",
        "COMMENTSVC_REDIS_URL": "",
        "COMMENTSVC_DATABASE_URL": "",
    }
    subprocess.run([BIN, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([BIN, "sites", "create", "s1", "--name", "S1"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [BIN, "run", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The site's queue is rebuilt at start-up, which starts the embedded server.
        valkey_log = tmp_path / "redis" / "valkey.log"
        _wait_for(lambda: valkey_log.exists() and "Ready to accept" in valkey_log.read_text())
        redis_port = int(re.search(r"port=(\d+)", valkey_log.read_text())[1])
        assert _listening(redis_port)
        _wait_for(lambda: _listening(port))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json") as answer:
            assert answer.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
    _wait_for(lambda: not _listening(redis_port), seconds=10)
