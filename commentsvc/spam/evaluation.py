"""Metrics for a trained model, stratified k-fold CV and leave-one-family-out tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import train_test_split

from .folds import grouped_folds
from .model import Label, Progress, TrainedModel, ignore_progress, to_binary, train
from .sample import CommentSample, body_groups

POINT_THRESHOLD = 0.5
T = TypeVar("T")


def pick(items: Sequence[T], indices: np.ndarray | Sequence[int]) -> list[T]:
    """Items at the given positions (numpy or plain integer indices)."""
    return [items[i] for i in np.asarray(indices, dtype=int).tolist()]


def evaluate(
    model: TrainedModel, samples: Sequence[CommentSample], labels: Sequence[Label]
) -> dict[str, Any]:
    """The model's metrics on labelled comments (keys as in ``metrics_from_scores``).

    Precision, recall, F1, MCC, ROC AUC, average precision, FPR, recall at 1% FPR, n,
    the confusion matrix and the threshold used.  Point metrics use the model's own decision
    threshold (learned in training); confusion_matrix is [[tn, fp], [fn, tp]].
    """
    scores = model.predict_proba(samples)
    return metrics_from_scores(to_binary(labels), scores, model.threshold)


def metrics_from_scores(
    y: np.ndarray, scores: np.ndarray, threshold: float | np.ndarray = POINT_THRESHOLD
) -> dict[str, Any]:
    """The ``evaluate`` metrics for true 0/1 labels and spam probabilities.

    ``threshold`` is one cut-off or one per row (pooled folds of different models).
    """
    predicted = (scores >= threshold).astype(int)
    tn, fp, fn, tp = (int(v) for v in confusion_matrix(y, predicted, labels=[0, 1]).ravel())
    both_classes = len(set(y.tolist())) == 2
    return {
        "precision": float(precision_score(y, predicted, zero_division=0.0)),
        "recall": float(recall_score(y, predicted, zero_division=0.0)),
        "f1": float(f1_score(y, predicted, zero_division=0.0)),
        "mcc": float(matthews_corrcoef(y, predicted)) if both_classes else 0.0,
        "roc_auc": float(roc_auc_score(y, scores)) if both_classes else float("nan"),
        "average_precision": (
            float(average_precision_score(y, scores)) if both_classes else float("nan")
        ),
        "false_positive_rate": fp / (fp + tn) if fp + tn else 0.0,
        "recall_at_1pct_fpr": recall_at_fpr(y, scores, 0.01) if both_classes else float("nan"),
        "n": len(y),
        "confusion_matrix": [[tn, fp], [fn, tp]],
        "threshold": float(np.mean(threshold)),
    }


def recall_at_fpr(y: np.ndarray, scores: np.ndarray, max_fpr: float) -> float:
    """Highest recall reachable with some threshold whose false-positive rate <= max_fpr."""
    fpr, tpr, _ = roc_curve(y, scores)
    allowed = tpr[fpr <= max_fpr]
    return float(allowed.max()) if allowed.size else 0.0


def cross_validate(
    samples: Sequence[CommentSample],
    labels: Sequence[Label],
    *,
    folds: int = 5,
    random_state: int = 0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Stratified k-fold CV: per-fold metrics, their mean, pooled metrics and pooled scores.

    Copies of one body stay in one fold (``body_groups``): a campaign posted ten times is
    not scored as unseen after training on its twins.

    ``pooled_scores`` holds each sample's out-of-fold spam probability (input order),
    ``pooled_thresholds`` the decision threshold of the model that scored it.
    """
    report = progress or ignore_progress
    y = to_binary(labels)
    pooled = np.zeros(len(y))
    cutoffs = np.zeros(len(y))
    per_fold = []
    splits = grouped_folds(y, body_groups(samples), folds, random_state)
    for done, (train_idx, test_idx) in enumerate(splits, 1):
        model = train(pick(samples, train_idx), y[train_idx].tolist(), random_state=random_state)
        pooled[test_idx] = model.predict_proba(pick(samples, test_idx))
        cutoffs[test_idx] = model.threshold
        per_fold.append(metrics_from_scores(y[test_idx], pooled[test_idx], model.threshold))
        report("cross_validation", done, folds)
    mean = {k: float(np.mean([m[k] for m in per_fold])) for k in _SCALAR_METRICS}
    return {
        "folds": per_fold,
        "mean": mean,
        "pooled": metrics_from_scores(y, pooled, cutoffs),
        "pooled_scores": pooled,
        "pooled_thresholds": cutoffs,
    }


_SCALAR_METRICS = (
    "precision", "recall", "f1", "mcc", "roc_auc", "false_positive_rate", "recall_at_1pct_fpr",
)  # fmt: skip


def leave_one_family_out(
    samples: Sequence[CommentSample],
    labels: Sequence[Label],
    families: Sequence[str],
    *,
    ham_holdout: float = 0.2,
    random_state: int = 0,
    progress: Progress | None = None,
) -> dict[str, dict[str, float]]:
    """For each spam family: train without it, test on its spam plus held-out ham.

    Held-out ham (a stratified ``ham_holdout`` share) is never trained on.
    Returns {family: {"recall", "false_positive_rate", "recall_at_half",
    "false_positive_rate_at_half", "n_spam", "n_ham"}}; the first two at the model's threshold.
    """
    report = progress or ignore_progress
    y = to_binary(labels)
    ham_idx = np.flatnonzero(y == 0)
    ham_families = pick(families, ham_idx)
    ham_train, ham_test = train_test_split(
        ham_idx, test_size=ham_holdout, random_state=random_state, stratify=ham_families
    )
    spam_families = sorted(set(pick(families, np.flatnonzero(y == 1))))
    results = {}
    for done, family in enumerate(spam_families, 1):
        results[family] = _family_result(samples, y, families, family, ham_train, ham_test)
        report("leave_one_family_out", done, len(spam_families))
    return results


def _family_result(
    samples: Sequence[CommentSample],
    y: np.ndarray,
    families: Sequence[str],
    family: str,
    ham_train: np.ndarray,
    ham_test: np.ndarray,
) -> dict[str, float]:
    """Recall on one unseen spam family and FPR on held-out ham."""
    in_family = np.array([f == family for f in families])
    spam_train = np.flatnonzero((y == 1) & ~in_family)
    spam_test = np.flatnonzero((y == 1) & in_family)
    train_idx = np.concatenate([spam_train, ham_train])
    model = train(pick(samples, train_idx), y[train_idx])
    spam_scores = model.predict_proba(pick(samples, spam_test))
    ham_scores = model.predict_proba(pick(samples, ham_test))
    return {
        "recall": float(np.mean(spam_scores >= model.threshold)),
        "false_positive_rate": float(np.mean(ham_scores >= model.threshold)),
        "recall_at_half": float(np.mean(spam_scores >= POINT_THRESHOLD)),
        "false_positive_rate_at_half": float(np.mean(ham_scores >= POINT_THRESHOLD)),
        "n_spam": len(spam_test),
        "n_ham": len(ham_test),
    }
