"""Folds of whole groups, and the cut-off that out-of-fold ham scores allow."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

# (train rows, test rows) of one fold.
Split = tuple[np.ndarray, np.ndarray]


def grouped_folds(y: np.ndarray, groups: np.ndarray, folds: int, seed: int) -> list[Split]:
    """Stratified folds of whole groups (copies of one body), fewer when a class has few.

    When grouping would leave a training fold with one class (a site's file repeating one
    spam body), rows are split one by one instead.
    """
    bodies = min(len(np.unique(groups[y == label])) for label in (0, 1))
    if bodies >= 2:
        grouped = StratifiedGroupKFold(max(2, min(folds, bodies)), shuffle=True, random_state=seed)
        splits = list(grouped.split(np.zeros(len(y)), y, groups))
        if all(len(np.unique(y[train])) == 2 for train, _ in splits):
            return splits
    rows = max(2, min(folds, int(np.bincount(y, minlength=2).min())))
    plain = StratifiedKFold(rows, shuffle=True, random_state=seed)
    return list(plain.split(np.zeros(len(y)), y))


def threshold_for_fpr(ham_scores: np.ndarray, target_fpr: float) -> float:
    """The lowest cut-off >= 0.5 that at most ``target_fpr`` of these ham scores reach.

    Capped at 0.99, so a few ham scored ~1.0 cannot switch the model off as a spam
    filter; with fewer than 1/target_fpr ham the cut-off sits just above the top ham score.
    """
    scores = np.asarray(ham_scores, dtype=np.float64)
    ranked = np.sort(scores[np.isfinite(scores)])[::-1]
    allowed = int(np.floor(target_fpr * len(ranked)))
    if allowed >= len(ranked):
        return 0.5
    cut = float(np.nextafter(ranked[allowed], np.inf))
    return float(min(max(cut, 0.5), 0.99))
