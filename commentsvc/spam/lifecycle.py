"""Train, compare on held-out data, promote only if not worse; and the built-in default model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.model_selection import train_test_split

from .corpus import load_corpus
from .evaluation import evaluate
from .model import Label, Progress, TrainedModel, ignore_progress, train
from .registry import ModelRegistry
from .sample import CommentSample


@dataclass(frozen=True)
class PromotionPolicy:
    """ "Not worse" on the SAME held-out data: average precision and ROC AUC each at least
    the current model's minus ``tolerance``, and a false-positive rate at the candidate's
    own threshold of at most max(current FPR, ``allowed_fpr``) + ``tolerance``.  Without
    a current model the candidate needs F1 >= min_f1; ``force`` promotes regardless.

    The ranking measures cover every held-out comment, so they are steady; F1 and the FPR
    at a threshold move with a handful of borderline comments, hence only the loose FPR cap.
    """

    tolerance: float = 0.01
    allowed_fpr: float = 0.01
    min_f1: float = 0.5
    force: bool = False

    def decide(self, candidate: dict[str, Any], current: dict[str, Any] | None) -> tuple[bool, str]:
        """(promote?, human-readable reason)."""
        if self.force:
            return True, "forced"
        if current is None:
            ok = candidate["f1"] >= self.min_f1
            return (
                ok,
                f"no current model; candidate F1 {candidate['f1']:.3f} vs floor {self.min_f1}",
            )
        names = ("average_precision", "roc_auc")
        # NaN (a one-class hold-out) on either side leaves nothing to compare.
        ok = all(not candidate[n] < current[n] - self.tolerance for n in names)
        fpr_cap = max(current["false_positive_rate"], self.allowed_fpr) + self.tolerance
        ok = ok and candidate["false_positive_rate"] <= fpr_cap
        compared = ", ".join(f"{n} {candidate[n]:.3f} vs {current[n]:.3f}" for n in names)
        fpr = f"false_positive_rate {candidate['false_positive_rate']:.3f} (cap {fpr_cap:.3f})"
        return ok, f"{compared} (tol {self.tolerance}), {fpr}"


@dataclass(frozen=True)
class PromotionResult:
    """Outcome of ``train_and_maybe_promote``."""

    promoted: bool
    candidate_version: str
    reason: str
    candidate_metrics: dict[str, Any]
    current_version: str | None
    current_metrics: dict[str, Any] | None


def train_and_maybe_promote(
    registry: ModelRegistry,
    train_samples: Sequence[CommentSample],
    train_labels: Sequence[Label],
    holdout_samples: Sequence[CommentSample],
    holdout_labels: Sequence[Label],
    *,
    policy: PromotionPolicy | None = None,
    random_state: int = 0,
    progress: Progress | None = None,
) -> PromotionResult:
    """Train a candidate, store it, and promote it if it is not worse than the current model."""
    report = progress or ignore_progress
    candidate = train(train_samples, train_labels, random_state=random_state, progress=report)
    candidate = candidate.with_metrics(evaluate(candidate, holdout_samples, holdout_labels))
    registry.add(candidate)
    report("evaluate", 1, 1)
    return promote_if_not_worse(registry, candidate, holdout_samples, holdout_labels, policy)


def promote_if_not_worse(
    registry: ModelRegistry,
    candidate: TrainedModel,
    holdout_samples: Sequence[CommentSample],
    holdout_labels: Sequence[Label],
    policy: PromotionPolicy | None = None,
) -> PromotionResult:
    """Compare a stored candidate with the current model on the same held-out data."""
    current = registry.load_current()
    current_metrics = evaluate(current, holdout_samples, holdout_labels) if current else None
    candidate_metrics = evaluate(candidate, holdout_samples, holdout_labels)
    promoted, reason = (policy or PromotionPolicy()).decide(candidate_metrics, current_metrics)
    if promoted:
        registry.promote(candidate.version)
    return PromotionResult(
        promoted,
        candidate.version,
        reason,
        candidate_metrics,
        current.version if current else None,
        current_metrics,
    )


def train_default_model(random_state: int = 0, progress: Progress | None = None) -> TrainedModel:
    """Train on the whole built-in corpus; metrics come from an 80/20 split run first."""
    corpus = load_corpus()
    train_idx, test_idx = train_test_split(
        list(range(len(corpus))), test_size=0.2, random_state=random_state, stratify=corpus.families
    )
    held_in, held_out = corpus.subset(train_idx), corpus.subset(test_idx)
    trial = train(held_in.samples, held_in.labels, random_state=random_state)
    metrics = evaluate(trial, held_out.samples, held_out.labels)
    metrics["evaluated_on"] = "20% of the built-in corpus, model trained on the other 80%"
    model = train(corpus.samples, corpus.labels, random_state=random_state, progress=progress)
    return model.with_metrics(metrics)


def ensure_default_model(
    model_dir: str | Path, *, random_state: int = 0, progress: Progress | None = None
) -> TrainedModel:
    """Return the current model; if none loads, train one on the built-in corpus and promote it."""
    registry = ModelRegistry(model_dir)
    with registry.lock():
        existing = registry.load_current()
        if existing is not None:
            return existing
        model = train_default_model(random_state, progress)
        registry.add(model)
        registry.promote(model.version)
        return model
