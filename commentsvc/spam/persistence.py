"""Save and load models safely: skops format, type allow-list, checksum, atomic writes.

A model is two files side by side: ``NAME.skops`` (the Pipeline) and
``NAME.json`` (metadata, format version, SHA-256 of the .skops bytes and the
non-default types it needs).  ``load_model`` only instantiates types on
``ALLOWED_TYPES``; anything else in the file makes it refuse the model.
The checksum catches corruption and truncation; it is not a signature.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import skops.io as sio
from sklearn.pipeline import Pipeline

from .features import META_FEATURES
from .model import FORMAT_VERSION, ModelMetadata, TrainedModel
from .sample import CommentSample
from .stacking import StackedSpamClassifier
from .vectorizer import CommentFeaturizer

logger = logging.getLogger(__name__)

MODEL_SUFFIX = ".skops"
METADATA_SUFFIX = ".json"
# Types beyond skops' built-in safe set that our Pipeline legitimately contains.
ALLOWED_TYPES = frozenset(
    {
        "commentsvc.spam.semantic.SemanticStage",
        "commentsvc.spam.stacking.StackedSpamClassifier",
        "commentsvc.spam.trees.TreeEnsemble",
        "commentsvc.spam.vectorizer.CommentFeaturizer",
    }
)
PROBE_SAMPLE = CommentSample(
    text="Thanks for the article, buy cheap pills at http://example.com",
    author="probe",
    email_domain="example.com",
)


class UnsafeModelError(ValueError):
    """The object to save needs types outside ALLOWED_TYPES."""


class ModelLoadError(ValueError):
    """A model file failed a safety or sanity check (caught inside load_model)."""


def metadata_path(model_path: Path) -> Path:
    """The JSON metadata file that belongs to a .skops file."""
    return Path(model_path).with_suffix(METADATA_SUFFIX)


def save_model(model: TrainedModel, path: str | os.PathLike[str]) -> Path:
    """Write ``path`` (.skops) and its .json metadata atomically; returns the .skops path.

    Raises UnsafeModelError if the pipeline would need a type outside ALLOWED_TYPES.
    """
    model_path = Path(path).with_suffix(MODEL_SUFFIX)
    data = sio.dumps(model.pipeline)
    needed = sio.get_untrusted_types(data=data)
    unexpected = sorted(set(needed) - ALLOWED_TYPES)
    if unexpected:
        raise UnsafeModelError(f"refusing to save types not on the allow-list: {unexpected}")
    document = {
        **dataclasses.asdict(model.metadata),
        "sha256": hashlib.sha256(data).hexdigest(),
        "trusted_types": sorted(needed),
    }
    atomic_write(model_path, data)
    # The metadata goes last: a model without it is never loaded.
    atomic_write(metadata_path(model_path), json.dumps(document, indent=2).encode())
    return model_path


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder, fsync, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    """Persist the rename itself (not supported on every platform)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_model(path: str | os.PathLike[str]) -> TrainedModel | None:
    """Load a model, or log a warning and return None if it is missing, damaged or unsafe."""
    model_path = Path(path).with_suffix(MODEL_SUFFIX)
    try:
        return _load_checked(model_path)
    except Exception as error:  # any failure means "no usable model here"
        logger.warning("cannot load spam model %s: %s", model_path, error)
        return None


def _load_checked(model_path: Path) -> TrainedModel:
    """Load and verify; raises on any problem."""
    document = json.loads(metadata_path(model_path).read_text(encoding="utf-8"))
    if document.get("format_version") != FORMAT_VERSION:
        raise ModelLoadError(f"format version {document.get('format_version')} != {FORMAT_VERSION}")
    data = model_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != document.get("sha256"):
        raise ModelLoadError("checksum mismatch (corrupt or modified file)")
    pipeline = _safe_loads(data)
    model = TrainedModel(pipeline, _metadata_from(document))
    _probe(model)
    return model


def _safe_loads(data: bytes) -> Pipeline:
    """skops-load trusting only allow-listed types; check the object's shape."""
    needed = set(sio.get_untrusted_types(data=data))
    if needed - ALLOWED_TYPES:
        raise ModelLoadError(f"untrusted types in file: {sorted(needed - ALLOWED_TYPES)}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipeline = sio.loads(data, trusted=sorted(needed))
    for warning in caught:
        logger.warning("while loading spam model: %s", warning.message)
    steps = getattr(pipeline, "named_steps", {})
    if not (
        isinstance(pipeline, Pipeline)
        and isinstance(steps.get("features"), CommentFeaturizer)
        and isinstance(steps.get("classifier"), StackedSpamClassifier)
    ):
        raise ModelLoadError("file does not hold a spam Pipeline")
    features: CommentFeaturizer = steps["features"]
    try:
        StackedSpamClassifier.check(
            steps["classifier"], features.n_features_out_, len(META_FEATURES)
        )
    except (AttributeError, TypeError, ValueError) as error:
        raise ModelLoadError(f"inconsistent model: {error}") from error
    return pipeline


def _metadata_from(document: dict[str, Any]) -> ModelMetadata:
    """ModelMetadata from the JSON document (extra keys ignored)."""
    names = {f.name for f in dataclasses.fields(ModelMetadata)}
    return ModelMetadata(**{k: v for k, v in document.items() if k in names})


def _probe(model: TrainedModel) -> None:
    """The model must score a tiny sample to a probability in [0, 1]."""
    probability = model.probability(PROBE_SAMPLE)
    if not (math.isfinite(probability) and 0.0 <= probability <= 1.0):
        raise ModelLoadError(f"probe scored {probability!r}")
