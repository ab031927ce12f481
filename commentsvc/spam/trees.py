"""Boosted trees as plain numpy arrays: fitted by scikit-learn, evaluated in microseconds.

``HistGradientBoostingClassifier.predict_proba`` costs about 2 ms per call whatever the
batch size (input checks, thread start-up), twice the budget for scoring one comment.
The fitted trees are flattened into a few arrays and walked level by level with numpy,
which also keeps the saved model to plain arrays (no extra types to trust in skops).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier


class TreeEnsemble:
    """The flattened trees of a binary gradient-boosting classifier.

    Node arrays are shared by all trees; ``roots`` holds each tree's first node.
    A row goes left when ``x[feature] <= threshold`` (inputs never hold NaN); a leaf's
    threshold is infinite and both its children are itself.
    """

    def __init__(self, model: HistGradientBoostingClassifier):
        trees = [predictors[0].nodes for predictors in model._predictors]
        sizes = np.array([len(nodes) for nodes in trees])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        nodes = np.concatenate(trees)
        shift = np.repeat(offsets, sizes)
        self.feature = nodes["feature_idx"].astype(np.int64)
        self.threshold = nodes["num_threshold"].astype(np.float64)
        self.left = nodes["left"].astype(np.int64) + shift
        self.right = nodes["right"].astype(np.int64) + shift
        self.value = nodes["value"].astype(np.float64)
        # Leaves loop back to themselves, so every row can take `depth` steps without checks.
        leaves = np.flatnonzero(nodes["is_leaf"])
        self.feature[leaves] = 0
        self.threshold[leaves] = np.inf
        self.left[leaves] = leaves
        self.right[leaves] = leaves
        self.roots = offsets.astype(np.int64)
        self.depth = int(nodes["depth"].max())
        self.baseline = float(np.ravel(model._baseline_prediction)[0])

    def raw(self, Z: np.ndarray) -> np.ndarray:
        """Log-odds for each row of the dense input ``Z``."""
        Z = np.atleast_2d(np.asarray(Z, dtype=np.float64))
        rows = np.arange(len(Z))[:, None]
        node = np.broadcast_to(self.roots, (len(Z), len(self.roots)))
        for _ in range(self.depth):
            goes_left = Z[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        return self.baseline + self.value[node].sum(axis=1)

    def probability(self, Z: np.ndarray) -> np.ndarray:
        """Spam probability for each row of ``Z``."""
        return 1.0 / (1.0 + np.exp(-self.raw(Z)))

    def __getstate__(self) -> dict[str, Any]:
        """Plain arrays and numbers only, so skops can store it."""
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore from ``__getstate__``."""
        self.__dict__.update(state)
