"""The widget's scripts: bundled, cacheable, valid JavaScript and within the size budget."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from commentsvc.web import assets

BUDGET = 20 * 1024  # bytes of embed.js (which carries its CSS), gzipped


def test_embed_js_with_its_css_stays_under_the_size_budget(client):
    script = client.get("/widget/embed.js").get_data()

    size = len(gzip.compress(script, compresslevel=9))

    assert b"--cs-accent" in script, "the stylesheet is inlined in the bundle"
    assert size < BUDGET, f"embed.js is {size} bytes gzipped; the budget is {BUDGET}"


def test_scripts_are_cacheable_and_revalidate(client):
    first = client.get("/widget/embed.js")
    again = client.get("/widget/embed.js", headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200
    assert first.mimetype == "text/javascript"
    assert first.headers["Cache-Control"] == f"public, max-age={assets.MAX_AGE}"
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert again.status_code == 304


def test_count_script_css_and_unknown_names(client):
    count = client.get("/widget/count.js").get_data(as_text=True)
    css = client.get("/widget/embed.css")

    assert "data-commentsvc-count" in count and "const STRINGS" in count
    assert "const REACTIONS" not in count
    assert css.mimetype == "text/css" and b".cs-comment" in css.get_data()
    assert client.get("/widget/other.js").status_code == 404


@pytest.mark.parametrize("name", sorted(assets.SCRIPTS))
def test_bundles_are_valid_javascript(name: str, tmp_path: Path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    path = tmp_path / name
    path.write_text(assets.bundle(name), encoding="utf-8")

    result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
