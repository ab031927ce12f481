"""The spam model: a Pipeline of CommentFeaturizer and a Platt-calibrated logistic regression.

A linear model keeps explanations cheap (coefficient x feature value) and one
comment scores in well under a millisecond via ``TrainedModel.explain``.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from .features import META_FEATURES
from .sample import CommentSample
from .vectorizer import CommentFeaturizer

# Bump when the saved layout or the meaning of features changes; old files are then refused.
FORMAT_VERSION = 4

Label = str | int | bool
Progress = Callable[[str, int, int], None]
"""Progress callback: progress(step, done, total); the library never prints."""


def to_binary(labels: Sequence[Label]) -> np.ndarray:
    """Map labels to 0/1 (1 = spam). Accepts "spam"/"ham", 1/0 and True/False."""
    mapping = {"spam": 1, "ham": 0, "1": 1, "0": 0}
    return np.array([mapping[x.strip().lower()] if isinstance(x, str) else int(x) for x in labels])


def ignore_progress(step: str, done: int, total: int) -> None:
    """Default progress callback that ignores updates."""


class PlattLogisticClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression whose scores are Platt-scaled on out-of-fold decisions.

    The calibration sigmoid is fitted on decision values from models that did
    not see the sample (stratified k-fold), then the final model is fitted on
    all data.  Probability = 1 / (1 + exp(-(a * (w.x + b) + c))).
    """

    def __init__(
        self,
        C: float = 8.0,
        folds: int = 5,
        random_state: int = 0,
        nb_prior: float = 1.0,
        nb_skip: int = 0,
    ):
        self.C = C
        self.nb_skip = nb_skip
        self.nb_prior = nb_prior
        self.folds = folds
        self.random_state = random_state

    def _base(self) -> LogisticRegression:
        """A fresh, unfitted base classifier."""
        return LogisticRegression(C=self.C, max_iter=2000)

    def fit(self, X: Any, y: Any, progress: Progress | None = None) -> PlattLogisticClassifier:
        """Fit the calibration on out-of-fold decisions, then the final model on all rows.

        With ``nb_prior`` > 0 a naive-Bayes log-count-ratio model on the same columns is
        stacked with the regression; both are linear, so they fold into one coefficient
        vector and explanations stay exact.
        """
        report = progress or ignore_progress
        y = np.asarray(y)
        folds = max(2, min(self.folds, int(np.bincount(y, minlength=2).min())))
        decisions = np.zeros((len(y), 2))
        splitter = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
        for done, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y), start=1):
            for column, (coef, intercept) in enumerate(self._linear_models(X[train], y[train])):
                decisions[test, column] = np.asarray(X[test] @ coef).ravel() + intercept
            report("calibration", done, folds)
        used = decisions if self.nb_prior > 0 else decisions[:, :1]
        stack = LogisticRegression(C=100.0).fit(used, y)
        weights = np.append(stack.coef_.ravel(), 0.0)[:2]
        models = self._linear_models(X, y)
        self.coef_ = sum(w * coef for w, (coef, _) in zip(weights, models, strict=True))
        self.intercept_ = float(sum(w * b for w, (_, b) in zip(weights, models, strict=True)))
        self.platt_slope_ = 1.0
        self.platt_intercept_ = float(stack.intercept_[0])
        self.classes_ = np.array([0, 1])
        return self

    def _linear_models(self, X: Any, y: np.ndarray) -> list[tuple[np.ndarray, float]]:
        """(coefficients, intercept) of the regression and, if enabled, naive Bayes."""
        regression = self._base().fit(X, y)
        models = [(regression.coef_.ravel().astype(np.float64), float(regression.intercept_[0]))]
        if self.nb_prior > 0:
            ratios, bias = log_count_ratios(X, y, self.nb_prior)
            ratios[: self.nb_skip] = 0.0
            models.append((ratios, bias))
        return models

    def decision_function(self, X: Any) -> np.ndarray:
        """Uncalibrated log-odds w.x + b."""
        return np.asarray(X @ self.coef_).ravel() + self.intercept_

    def calibrate(self, decision: np.ndarray) -> np.ndarray:
        """Map decision values to calibrated spam probabilities."""
        z = self.platt_slope_ * decision + self.platt_intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated [P(ham), P(spam)] per row."""
        spam = self.calibrate(self.decision_function(X))
        return np.column_stack([1.0 - spam, spam])

    def predict(self, X: Any) -> np.ndarray:
        """1 for spam at probability >= 0.5, else 0."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def log_count_ratios(X: Any, y: np.ndarray, prior: float) -> tuple[np.ndarray, float]:
    """Naive-Bayes log-count ratios of feature mass in spam vs ham (NB-SVM's r), and the bias."""
    spam = np.asarray(X[y == 1].sum(axis=0)).ravel() + prior
    ham = np.asarray(X[y == 0].sum(axis=0)).ravel() + prior
    ratios = np.log(spam / spam.sum()) - np.log(ham / ham.sum())
    # A column never seen in training (e.g. an empty author name) carries no evidence.
    ratios[spam + ham == 2 * prior] = 0.0
    return ratios, float(np.log(np.mean(y == 1) / np.mean(y == 0)))


def build_pipeline(random_state: int = 0) -> Pipeline:
    """The untrained Pipeline: features -> calibrated linear classifier."""
    return Pipeline(
        [
            ("features", CommentFeaturizer()),
            (
                "classifier",
                PlattLogisticClassifier(random_state=random_state, nb_skip=len(META_FEATURES)),
            ),
        ]
    )


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
        """Calibrated spam probability for each sample (batch path)."""
        return np.asarray(self.pipeline.predict_proba(list(samples))[:, 1])

    def explain(
        self, sample: CommentSample, top_k: int = 5
    ) -> tuple[float, list[tuple[str, float]]]:
        """Probability for one sample and its top features by |coefficient x value|.

        Contributions are in uncalibrated log-odds; positive pushes towards spam.
        """
        featurizer: CommentFeaturizer = self.pipeline.named_steps["features"]
        classifier: PlattLogisticClassifier = self.pipeline.named_steps["classifier"]
        columns, values = featurizer.vectorize_one(sample)
        contributions = values * classifier.coef_[columns]
        decision = float(contributions.sum()) + classifier.intercept_
        z = classifier.platt_slope_ * decision + classifier.platt_intercept_
        probability = 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0
        top = np.argsort(-np.abs(contributions))[:top_k]
        named = [(featurizer.feature_name(int(columns[i])), float(contributions[i])) for i in top]
        return probability, [(name, weight) for name, weight in named if weight != 0.0]

    def probability(self, sample: CommentSample) -> float:
        """Calibrated spam probability of one sample."""
        return self.explain(sample, top_k=0)[0]


def train(
    samples: Sequence[CommentSample],
    labels: Sequence[Label],
    *,
    random_state: int = 0,
    progress: Progress | None = None,
) -> TrainedModel:
    """Fit a new model. Needs at least two spam and two ham samples.

    ``progress(step, done, total)`` is called for "features", "calibration" and "fit".
    """
    report = progress or ignore_progress
    y = to_binary(labels)
    if len(samples) != len(y) or np.bincount(y, minlength=2).min() < 2:
        raise ValueError("need matching samples/labels with at least 2 spam and 2 ham")
    pipeline = build_pipeline(random_state)
    report("features", 0, 1)
    X = pipeline.named_steps["features"].fit_transform(list(samples))
    report("features", 1, 1)
    pipeline.named_steps["classifier"].fit(X, y, progress=report)
    report("fit", 1, 1)
    return TrainedModel(pipeline, _metadata(pipeline, y))


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
