"""A second opinion on the comments the n-gram model is unsure of, from the sentence encoder.

The n-gram model reads words. A reader-like self-promotion or a fluent word salad shares
its words with ham, and only its meaning gives it away. The encoder (``encoder.py``)
embeds the comment alone and the comment under its author's name, website and email
domain; a logistic regression on the two embeddings gives a decision, and a second one
combines that with the n-gram model's log-odds.

The encoder takes tens of milliseconds where the n-gram model takes a fraction of one, so
it only runs where its opinion can matter: n-gram probabilities inside ``UNSURE``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from .encoder import SentenceEncoder, default_encoder
from .folds import Split, grouped_folds, threshold_for_fpr
from .sample import CommentSample

# Where the encoder's opinion can matter. Starting at 0.05 rather than 0.01 spares it a
# quarter of its comments at no measured cost: grouped 5-fold CV on three splits and the
# leave-one-family-out recalls moved by a comment or two (scripts/spam_quality.py). 0.05 is
# far below the default ham cut-off (0.2), so it can still stop a comment being published.
# The top is CERTAIN_SPAM (stacking.py): a test post or an unfilled template stays spam.
UNSURE = (0.05, 0.999)
# Longer comments are cut: meaning shows early, and an encoder's time grows with length.
MAX_CHARS = 1000
EMBEDDING_C = 16.0
COMBINER_C = 100.0
MIN_ROWS = 300
FIELDS = frozenset({"encoder_id", "coef", "intercept", "weights", "bias", "threshold"})


def encoder_inputs(sample: CommentSample) -> tuple[str, str]:
    """The comment alone, and the comment under its author's name, website and domain."""
    text = sample.text[:MAX_CHARS]
    context = [f"Name: {sample.author}"]
    if sample.website:
        context.append(f"Website: {sample.website}")
    if sample.email_domain:
        context.append(f"Email: {sample.email_domain}")
    return text, "\n".join([*context, f"Comment: {text}"])


def embed(encoder: SentenceEncoder, samples: Sequence[CommentSample]) -> np.ndarray:
    """Both embeddings of each sample, side by side."""
    pairs = [encoder_inputs(sample) for sample in samples]
    alone = encoder.embed([text for text, _ in pairs])
    in_context = encoder.embed([text for _, text in pairs])
    return np.hstack([alone, in_context]).astype(np.float64)


def is_unsure(fast: np.ndarray) -> np.ndarray:
    """Rows whose n-gram probability leaves the decision open."""
    return (fast >= UNSURE[0]) & (fast < UNSURE[1])


def log_odds(probability: np.ndarray) -> np.ndarray:
    """logit, clipped so 0 and 1 stay finite."""
    p = np.clip(np.asarray(probability, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class SemanticStage:
    """The fitted second opinion, as plain arrays (safe to save, cheap to check).

    ``coef``/``intercept``: regression on the embeddings; ``weights``/``bias``: combine the
    n-gram log-odds and that decision; ``threshold``: spam cut-off of the combined scores.
    """

    def __init__(
        self,
        encoder_id: str,
        coef: np.ndarray,
        intercept: float,
        weights: np.ndarray,
        bias: float,
        threshold: float,
    ) -> None:
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
        """Spam probability from the n-gram probability and the embedding decision."""
        z = self.bias + self.weights[0] * log_odds(fast) + self.weights[1] * decision
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def check(self) -> None:
        """Raise ValueError unless this is a stage as ``fit_stage`` makes them.

        A loaded file sets the attributes, so they are all checked, types included.
        """
        if set(vars(self)) != FIELDS or not isinstance(self.encoder_id, str):
            raise ValueError("semantic stage has unexpected attributes")
        for array, shape in ((self.coef, None), (self.weights, (2,))):
            if not (isinstance(array, np.ndarray) and array.dtype == np.float64):
                raise ValueError("semantic stage arrays must be float64 numpy arrays")
            if array.ndim != 1 or (shape is not None and array.shape != shape):
                raise ValueError("semantic stage arrays have the wrong shape")
        scalars = (self.intercept, self.bias, self.threshold)
        if not all(type(value) is float for value in scalars):
            raise ValueError("semantic stage scalars must be floats")
        if not np.isfinite(np.concatenate([self.coef, self.weights, scalars])).all():
            raise ValueError("semantic stage values must be finite")
        if not 0.5 <= self.threshold <= 1.0:
            raise ValueError(f"semantic stage threshold {self.threshold} outside [0.5, 1]")


def fit_stage(
    encoder: SentenceEncoder,
    samples: Sequence[CommentSample],
    y: np.ndarray,
    groups: np.ndarray,
    fast_repeats: np.ndarray,
    *,
    folds: int = 5,
    random_state: int = 0,
    target_fpr: float = 0.01,
) -> SemanticStage | None:
    """Fit the stage; None when the data is too small.

    ``fast_repeats`` holds out-of-fold n-gram probabilities, one row per shuffled split
    (``StackedSpamClassifier.out_of_fold_``). The combiner learns from the rows inside the
    band, as it is used; the threshold from scores as served, with a combiner that did not
    see the row, on each split, pooled (as the n-gram model's own threshold is learned).
    """
    if len(y) < MIN_ROWS or np.bincount(y, minlength=2).min() < MIN_ROWS // 10:
        return None
    embeddings = embed(encoder, samples)
    held_out = np.zeros(len(y))
    for train, test in grouped_folds(y, groups, folds, random_state):
        held_out[test] = _regression(embeddings[train], y[train]).decision_function(
            embeddings[test]
        )
    inputs = [np.column_stack([log_odds(fast), held_out]) for fast in fast_repeats]
    unsure = [is_unsure(fast) for fast in fast_repeats]
    in_band_y = np.concatenate([y[band] for band in unsure])
    if len(np.unique(in_band_y)) < 2:
        return None  # the n-gram model is sure of every row: nothing to learn a second opinion on
    combiner = _combiner(
        np.vstack([z[band] for z, band in zip(inputs, unsure, strict=True)]), in_band_y
    )
    regression = _regression(embeddings, y)
    ham_scores = []
    for repeat, fast in enumerate(fast_repeats):
        splits = grouped_folds(y, groups, folds, random_state + 1 + repeat)
        scores = _as_deployed(fast, inputs[repeat], unsure[repeat], y, splits)
        ham_scores.append(scores[y == 0])
    return SemanticStage(
        encoder.identity,
        regression.coef_.ravel().astype(np.float64),
        float(regression.intercept_[0]),
        combiner.coef_.ravel().astype(np.float64),
        float(combiner.intercept_[0]),
        threshold_for_fpr(np.concatenate(ham_scores), target_fpr),
    )


def _as_deployed(
    fast: np.ndarray, inputs: np.ndarray, unsure: np.ndarray, y: np.ndarray, splits: list[Split]
) -> np.ndarray:
    """Scores as served: the n-gram one outside the band, a held-out combiner's inside it."""
    scores = np.asarray(fast, dtype=np.float64).copy()
    for train, test in splits:
        fit, apply = train[unsure[train]], test[unsure[test]]
        if len(apply) and len(np.unique(y[fit])) == 2:
            scores[apply] = _combiner(inputs[fit], y[fit]).predict_proba(inputs[apply])[:, 1]
    return scores


def _combiner(inputs: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Logistic regression on (n-gram log-odds, embedding decision)."""
    return LogisticRegression(C=COMBINER_C, max_iter=2000).fit(inputs, y)


def _regression(embeddings: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """Logistic regression on embeddings."""
    return LogisticRegression(C=EMBEDDING_C, max_iter=3000).fit(embeddings, y)


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
    return encoder if len(stage.coef) == 2 * encoder.dim else None
