"""The spam model the app scores with: loaded once per process, reloaded after a promotion."""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

from .spam import ModelRegistry, TrainedModel

log = logging.getLogger(__name__)

_lock = threading.Lock()
# model folder -> (promoted version, loaded model); a None model means "rules only".
_loaded: dict[str, tuple[str | None, TrainedModel | None]] = {}


def registry() -> ModelRegistry:
    """The app's model folder."""
    return ModelRegistry(current_app.config["MODEL_DIR"])


def current_model() -> TrainedModel | None:
    """The promoted model, reloaded only when the pointer names another version."""
    models = registry()
    version = models.current_version()
    cached = _loaded.get(str(models.model_dir))
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        model = models.load_current()
        _loaded[str(models.model_dir)] = (version, model)
    return model


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
    log.info("spam model %s ready", model.version)
