"""The OpenAPI 3.1 document of the HTTP API, shipped beside this module as openapi.json."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _parsed() -> dict[str, Any]:
    """Read and parse the packaged document once per process."""
    text = resources.files(__package__).joinpath("openapi.json").read_text(encoding="utf-8")
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def document() -> dict[str, Any]:
    """The OpenAPI document, as a copy callers may change freely."""
    return copy.deepcopy(_parsed())
