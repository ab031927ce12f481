"""The spam model: a Pipeline of CommentFeaturizer and StackedSpamClassifier.

Linear base models keep explanations cheap (coefficient x feature value); boosted
trees over their decisions and the meta features give the probability.  One comment
scores in well under a millisecond via ``TrainedModel.explain``.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, NamedTuple

import numpy as np
import sklearn
from sklearn.pipeline import Pipeline

from .encoder import SentenceEncoder, default_encoder
from .features import META_FEATURES, extract_signals
from .junk import CERTAIN_SPAM_FEATURES
from .sample import CommentSample, body_groups
from .semantic import SemanticStage, encoder_for, fit_stage, second_opinion
from .stacking import Progress as Progress
from .stacking import StackedSpamClassifier
from .stacking import ignore_progress as ignore_progress
from .vectorizer import CommentFeaturizer

# Bump when the saved layout or the meaning of features changes; old files are then refused.
FORMAT_VERSION = 10

logger = logging.getLogger(__name__)
Label = str | int | bool
SEMANTIC_FEATURE = "meaning:sentence_encoder"


def to_binary(labels: Sequence[Label]) -> np.ndarray:
    """Map labels to 0/1 (1 = spam). Accepts "spam"/"ham", 1/0 and True/False."""
    mapping = {"spam": 1, "ham": 0, "1": 1, "0": 0}
    return np.array([mapping[x.strip().lower()] if isinstance(x, str) else int(x) for x in labels])


def build_pipeline(random_state: int = 0) -> Pipeline:
    """The untrained Pipeline: features -> stacked classifier."""
    certain = tuple(META_FEATURES.index(name) for name in CERTAIN_SPAM_FEATURES)
    classifier = StackedSpamClassifier(
        random_state=random_state, n_meta=len(META_FEATURES), certain_spam=certain
    )
    featurizer = CommentFeaturizer(keep_meta=CERTAIN_SPAM_FEATURES)
    return Pipeline([("features", featurizer), ("classifier", classifier)])


@dataclass(frozen=True)
class ModelMetadata:
    """Facts about a trained model, stored beside it as JSON."""

    version: str
    created_at: str
    n_samples: int
    label_counts: dict[str, int]
    sklearn_version: str
    format_version: int = FORMAT_VERSION
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TrainedModel:
    """A fitted Pipeline plus its metadata; the object ``score`` and ``save_model`` take."""

    pipeline: Pipeline
    metadata: ModelMetadata

    @property
    def version(self) -> str:
        """The model's version string."""
        return self.metadata.version

    def with_metrics(self, metrics: dict[str, Any]) -> TrainedModel:
        """A copy whose metadata carries these evaluation metrics."""
        return replace(self, metadata=replace(self.metadata, metrics=dict(metrics)))

    def predict_proba(self, samples: Sequence[CommentSample]) -> np.ndarray:
        """Spam probability for each sample (batch path)."""
        fast = np.asarray(self.pipeline.predict_proba(list(samples))[:, 1])
        active = self._second_opinion()
        if active is None:
            return fast
        return second_opinion(*active, list(samples), fast)[0]

    @property
    def threshold(self) -> float:
        """Probability from which the model calls a comment spam (learned in training)."""
        active = self._second_opinion()
        if active is not None:
            return float(active[0].threshold)
        return float(self.pipeline.named_steps["classifier"].threshold_)

    def _second_opinion(self) -> tuple[SemanticStage, SentenceEncoder] | None:
        """The semantic stage and its encoder, when both are here (else the fast model rules)."""
        stage = getattr(self.pipeline.named_steps["classifier"], "semantic_", None)
        encoder = encoder_for(stage)
        return (stage, encoder) if stage is not None and encoder is not None else None

    def explain(self, sample: CommentSample, top_k: int = 5) -> Explanation:
        """Probability for one sample, its top features by |coefficient x value|, known words.

        Contributions come from the linear stack, in log-odds; positive pushes towards spam.
        """
        featurizer: CommentFeaturizer = self.pipeline.named_steps["features"]
        classifier: StackedSpamClassifier = self.pipeline.named_steps["classifier"]
        signals = extract_signals(sample)
        columns, values = featurizer.vectorize_signals(signals)
        contributions = values * classifier.coef_[columns]
        linear = float(contributions.sum()) + classifier.intercept_ + classifier.platt_intercept_
        decisions = values @ classifier.base_coef_[columns] + classifier.base_intercept_
        meta = np.zeros(classifier.n_meta)
        is_meta = columns < classifier.n_meta
        meta[columns[is_meta]] = values[is_meta]
        probability = float(np.ravel(classifier.spam_probability(decisions, meta, linear))[0])
        # A certain-spam feature that fired is always named: it decided the score.
        fired = [column for column in classifier.certain_spam if meta[column]]
        top = _top_columns(contributions, np.isin(columns, fired) if fired else None, top_k)
        named = [(featurizer.feature_name(int(columns[i])), float(contributions[i])) for i in top]
        probability, named = self._with_second_opinion(sample, probability, named, top_k)
        words, known = featurizer.count_known_words(signals)
        return Explanation(probability, named, words, known)

    def _with_second_opinion(
        self, sample: CommentSample, fast: float, named: list[tuple[str, float]], top_k: int
    ) -> tuple[float, list[tuple[str, float]]]:
        """The final probability, and the encoder's push among the reasons when it ran."""
        active = self._second_opinion()
        if active is None:
            return fast, named
        final, pushed = second_opinion(*active, [sample], np.array([fast]))
        if pushed[0] and top_k:
            ranked = sorted(
                [*named, (SEMANTIC_FEATURE, float(pushed[0]))], key=lambda r: -abs(r[1])
            )
            named = ranked[: max(top_k, len(named))]
        return float(final[0]), named

    def probability(self, sample: CommentSample) -> float:
        """Spam probability of one sample."""
        return self.explain(sample, top_k=0).probability


def _top_columns(contributions: np.ndarray, always: np.ndarray | None, top_k: int) -> np.ndarray:
    """Indices of the ``always`` entries, then of the top_k largest non-zero |contributions|."""
    if top_k == 0:
        return np.array([], dtype=np.int64)
    strength = np.abs(contributions)
    if always is not None:
        strength[always] = np.inf
        top_k += int(always.sum())
    order = np.argsort(-strength)[:top_k]
    return order[strength[order] > 0]


class Explanation(NamedTuple):
    """One comment's spam probability, what pushed it, and how many of its words are known."""

    probability: float
    contributions: list[tuple[str, float]]
    words: int
    known_words: int


def train(
    samples: Sequence[CommentSample],
    labels: Sequence[Label],
    *,
    random_state: int = 0,
    progress: Progress | None = None,
    semantic: bool = True,
) -> TrainedModel:
    """Fit a new model. Needs at least two spam and two ham samples.

    ``progress(step, done, total)`` is called for "features", "calibration", "threshold",
    "semantic" (when the sentence encoder is on) and "fit".
    """
    report = progress or ignore_progress
    y = to_binary(labels)
    if len(samples) != len(y) or np.bincount(y, minlength=2).min() < 2:
        raise ValueError("need matching samples/labels with at least 2 spam and 2 ham")
    pipeline = build_pipeline(random_state)
    report("features", 0, 1)
    X = pipeline.named_steps["features"].fit_transform(list(samples))
    report("features", 1, 1)
    blocks = pipeline.named_steps["features"].block_columns()
    groups = body_groups(samples)
    classifier: StackedSpamClassifier = pipeline.named_steps["classifier"]
    classifier.fit(X, y, blocks=blocks, progress=report, groups=groups)
    fast_repeats = classifier.out_of_fold_
    del classifier.out_of_fold_  # only the second stage needs it; not saved with the model
    encoder = default_encoder() if semantic else None
    if encoder is not None:
        report("semantic", 0, 1)
        classifier.semantic_ = _second_stage(encoder, samples, y, groups, fast_repeats, classifier)
        report("semantic", 1, 1)
    report("fit", 1, 1)
    return TrainedModel(pipeline, _metadata(pipeline, y))


def _second_stage(
    encoder: SentenceEncoder,
    samples: Sequence[CommentSample],
    y: np.ndarray,
    groups: np.ndarray,
    fast_repeats: np.ndarray,
    classifier: StackedSpamClassifier,
) -> SemanticStage | None:
    """The fitted stage, or None (logged) if the encoder fails: the n-gram model still ships."""
    try:
        return fit_stage(
            encoder,
            samples,
            y,
            groups,
            fast_repeats,
            folds=classifier.folds,
            random_state=classifier.random_state,
            target_fpr=classifier.target_fpr,
        )
    except Exception:
        logger.warning("sentence encoder failed in training; model without it", exc_info=True)
        return None


def _metadata(pipeline: Pipeline, y: np.ndarray) -> ModelMetadata:
    """Metadata with a version that sorts by time and is unique per fitted model."""
    now = datetime.now(UTC)
    digest = hashlib.sha256(pipeline.named_steps["classifier"].coef_.tobytes())
    digest.update(now.isoformat().encode())
    counts = Counter("spam" if v else "ham" for v in y.tolist())
    return ModelMetadata(
        version=f"{now:%Y%m%dT%H%M%S%f}-{digest.hexdigest()[:8]}",
        created_at=now.isoformat(),
        n_samples=len(y),
        label_counts=dict(counts),
        sklearn_version=sklearn.__version__,
    )
