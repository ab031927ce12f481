"""The spam model the app scores with: loaded once per process, reloaded after a promotion."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from flask import Flask, current_app

from .spam import ModelRegistry, TrainedModel
from .spam.lexical import word_ranks

log = logging.getLogger(__name__)

_lock = threading.Lock()
# Seconds before a process retries a promoted version it could not load (a file on a shared
# volume may appear after the pointer that names it).
RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class _Loaded:
    """What one process loaded from a model folder."""

    pointer: str | None  # the version current.json named
    version: str | None  # the version actually loaded (an older one after a fallback)
    model: TrainedModel | None
    at: float


_loaded: dict[str, _Loaded] = {}


def registry() -> ModelRegistry:
    """The app's model folder."""
    return ModelRegistry(current_app.config["MODEL_DIR"])


def current_model() -> TrainedModel | None:
    """The promoted model, reloaded when the pointer moves (or to retry after a fallback)."""
    models = registry()
    folder = str(models.model_dir)
    pointer = models.current_version()
    if _fresh(_loaded.get(folder), pointer):
        return _loaded[folder].model
    with _lock:
        if not _fresh(_loaded.get(folder), pointer):  # another thread may have just loaded it
            model = models.load_current()
            version = model.version if model else None
            _loaded[folder] = _Loaded(pointer, version, model, time.monotonic())
        return _loaded[folder].model


def _fresh(cached: _Loaded | None, pointer: str | None) -> bool:
    """Whether the cached load still answers for this pointer."""
    if cached is None or cached.pointer != pointer:
        return False
    return cached.version == pointer or time.monotonic() - cached.at < RETRY_SECONDS


def ensure_default_model() -> TrainedModel:
    """The current model; on first use, train the default one from the built-in corpus."""
    from .training import default_model

    models = registry()
    with models.lock():  # several workers may start at once; one trains, the others load it
        existing = models.load_current()
        if existing is not None:
            return existing
        log.info("training the default spam model from the built-in corpus")
        model = default_model()
        models.add(model)
        models.promote(model.version)
        return model


def ensure_model_at_start(app: Flask) -> None:
    """Train the default model on first start, if there is none yet."""
    if not app.config["SPAM_FILTER"]:
        return
    with app.app_context():
        model = ensure_default_model()
    # Loaded here, not by the first comment: reading the word lists takes a second or two.
    word_ranks()
    log.info("spam model %s ready", model.version)
