"""A directory of model versions with a ``current`` pointer, promotion rules and rollback.

Layout::

    model_dir/versions/<version>.skops + <version>.json
    model_dir/current.json   {"current": "<version>", "previous": ["<older>", ...]}

Versions sort by creation time.  ``load_current`` falls back along the
``previous`` chain and finally returns None, meaning "rules only".
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import TrainedModel
from .persistence import MODEL_SUFFIX, atomic_write, load_model, metadata_path, save_model

logger = logging.getLogger(__name__)

POINTER_FILE = "current.json"


@dataclass(frozen=True)
class Pointer:
    """The promoted version and the ones promoted before it (newest first)."""

    current: str | None = None
    previous: tuple[str, ...] = ()


class ModelRegistry:
    """Model versions in one folder; keeps the newest ``keep`` versions plus all pointed-to ones."""

    def __init__(self, model_dir: str | Path, keep: int = 5):
        self.model_dir = Path(model_dir)
        self.versions_dir = self.model_dir / "versions"
        self.keep = keep

    def path_of(self, version: str) -> Path:
        """Path of a version's .skops file."""
        return self.versions_dir / f"{version}{MODEL_SUFFIX}"

    def versions(self) -> list[str]:
        """Stored versions, oldest first."""
        if not self.versions_dir.is_dir():
            return []
        return sorted(p.stem for p in self.versions_dir.glob(f"*{MODEL_SUFFIX}"))

    def pointer(self) -> Pointer:
        """The current pointer; an unreadable pointer counts as none."""
        try:
            raw = json.loads((self.model_dir / POINTER_FILE).read_text(encoding="utf-8"))
            return Pointer(raw.get("current"), tuple(raw.get("previous", ())))
        except (OSError, ValueError, AttributeError):
            return Pointer()

    def _write_pointer(self, pointer: Pointer) -> None:
        """Replace the pointer file atomically."""
        document = {"current": pointer.current, "previous": list(pointer.previous)}
        atomic_write(self.model_dir / POINTER_FILE, json.dumps(document, indent=2).encode())

    def current_version(self) -> str | None:
        """The promoted version, if any."""
        return self.pointer().current

    def add(self, model: TrainedModel) -> str:
        """Store a model as a new (not yet promoted) version; returns its version."""
        save_model(model, self.path_of(model.version))
        return model.version

    def promote(self, version: str) -> None:
        """Make a stored version current; the old current becomes the first fallback."""
        if version not in self.versions():
            raise KeyError(f"unknown model version {version}")
        old = self.pointer()
        chain = (old.current, *old.previous) if old.current else old.previous
        previous = tuple(v for v in chain if v != version)[: max(self.keep - 1, 0)]
        self._write_pointer(Pointer(version, previous))
        self.prune()

    def rollback(self) -> str | None:
        """Restore the previously promoted version; returns it, or None if there is none."""
        old = self.pointer()
        if not old.previous:
            return None
        self._write_pointer(Pointer(old.previous[0], old.previous[1:]))
        return old.previous[0]

    def load_current(self) -> TrainedModel | None:
        """The current model, else the newest loadable previous one, else None (rules only)."""
        pointer = self.pointer()
        chain = [v for v in (pointer.current, *pointer.previous) if v]
        for version in chain:
            model = load_model(self.path_of(version))
            if model is not None:
                if version != pointer.current:
                    logger.warning("spam model %s unusable; fell back to %s", chain[0], version)
                return model
        if chain:
            logger.warning("no loadable spam model in %s; using rules only", self.model_dir)
        return None

    def prune(self) -> None:
        """Delete versions that are neither among the newest ``keep`` nor pointed to."""
        pointer = self.pointer()
        protected = {pointer.current, *pointer.previous}
        stored = self.versions()
        for version in stored[: max(len(stored) - self.keep, 0)]:
            if version not in protected:
                self.path_of(version).unlink(missing_ok=True)
                metadata_path(self.path_of(version)).unlink(missing_ok=True)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive inter-process lock, so two workers don't train the default model at once."""
        self.model_dir.mkdir(parents=True, exist_ok=True)
        with open(self.model_dir / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
