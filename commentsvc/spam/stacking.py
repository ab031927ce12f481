"""The classifier: linear models per feature block, stacked by boosted trees with the meta features.

Each base model reads the whole sparse row or one block of it (words, context tokens,
character n-grams) and gives a log-odds decision.  The stacker learns from the base
models' out-of-fold decisions plus the numeric meta features, so it can weigh
interactions a single linear model cannot ("website filled in" means little next to a
long, specific reply, and much next to generic praise).  A linear stack of the same
decisions folds into one coefficient vector; it explains scores (coefficient x value)
and scores alone when there is too little data for trees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from .folds import Split, grouped_folds, threshold_for_fpr
from .semantic import SemanticStage
from .trees import TreeEnsemble

Progress = Callable[[str, int, int], None]
LinearModel = tuple[np.ndarray, float]
THRESHOLD_REPEATS = 3
# The probability given to comments a certain-spam feature marks: above every learned
# threshold (capped at 0.99), so they are always spam.
CERTAIN_SPAM = 0.999
# Boosting settings picked by 5-fold CV on the built-in corpus (scripts/spam_quality.py).
TREE_PARAMS: dict[str, Any] = {
    "max_iter": 150,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "max_depth": 6,
}


def ignore_progress(step: str, done: int, total: int) -> None:
    """Default progress callback that ignores updates."""


class StackedSpamClassifier(ClassifierMixin, BaseEstimator):
    """Base linear models per block, stacked by trees (or linearly on small data).

    Args:
        C: inverse L2 strength of the logistic-regression base models.
        folds: folds for the out-of-fold decisions the stackers learn from.
        nb_prior: pseudo-count of the naive-Bayes base models (0 disables them).
        nb_C: inverse L2 strength of the NB-SVM base model (regression on NB-scaled rows).
        n_meta: leading columns that are numeric meta features (fed to the trees as is).
        min_tree_samples: below this many rows the linear stack scores alone.
        target_fpr: the decision threshold allows at most this false-positive rate on
            out-of-fold training scores (never below 0.5).  The cut-off rests on a few
            dozen ham, so what it lets through on new ham varies (README, "Quality").
        certain_spam: meta columns that mark a comment as spam whatever the models say
            (test posts, unfilled templates): a handful of examples is too few for the
            trees, whose leaves need 20 rows, to learn them.
    """

    def __init__(
        self,
        C: float = 8.0,
        folds: int = 5,
        random_state: int = 0,
        nb_prior: float = 1.0,
        nb_C: float = 4.0,
        n_meta: int = 0,
        min_tree_samples: int = 300,
        target_fpr: float = 0.01,
        certain_spam: tuple[int, ...] = (),
    ):
        self.C = C
        self.folds = folds
        self.random_state = random_state
        self.nb_prior = nb_prior
        self.nb_C = nb_C
        self.n_meta = n_meta
        self.min_tree_samples = min_tree_samples
        self.target_fpr = target_fpr
        self.certain_spam = certain_spam

    def fit(
        self,
        X: Any,
        y: Any,
        blocks: Sequence[np.ndarray] = (),
        progress: Progress | None = None,
        groups: np.ndarray | None = None,
    ) -> StackedSpamClassifier:
        """Fit base models, the linear stack, the trees and the decision threshold.

        ``groups`` (e.g. ``body_groups``) keeps copies of a body in one fold, so out-of-fold
        scores are not flattered by a copy seen in training; default: every row alone.
        """
        report = progress or ignore_progress
        y = np.asarray(y)
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        self.blocks_ = [np.asarray(b, dtype=np.int64) for b in blocks if len(b)]
        decisions = self._out_of_fold_decisions(X, y, self._splits(y, groups), report)
        models = self._base_models(X, y)
        # One row per feature: scoring one comment gathers its ~200 rows in one block.
        self.base_coef_ = np.column_stack([coef for coef, _ in models]).astype(np.float32)
        self.base_intercept_ = np.array([bias for _, bias in models])
        self._fit_linear_stack(decisions, y, models)
        stack_input = self._stack_input(decisions, X)
        use_trees = len(y) >= self.min_tree_samples
        self.trees_ = TreeEnsemble(self._fit_trees(stack_input, y)) if use_trees else None
        self.threshold_ = self._learn_threshold(
            stack_input, decisions, y, groups, use_trees, report
        )
        self.classes_ = np.array([0, 1])
        self.semantic_: SemanticStage | None = None  # set by ``train`` when an encoder is on
        return self

    def _splits(self, y: np.ndarray, groups: np.ndarray, shuffle: int = 0) -> list[Split]:
        """``grouped_folds`` with this model's fold count; ``shuffle`` picks another split."""
        return grouped_folds(y, groups, self.folds, self.random_state + shuffle)

    def _out_of_fold_decisions(
        self, X: Any, y: np.ndarray, splits: list[Split], report: Progress
    ) -> np.ndarray:
        """Each row's base-model decisions from models that did not see it."""
        decisions = np.zeros((len(y), 0))
        for done, (train, test) in enumerate(splits, start=1):
            fold = _decisions(self._base_models(X[train], y[train]), X[test])
            if not decisions.shape[1]:  # the model count follows _base_models
                decisions = np.zeros((len(y), fold.shape[1]))
            decisions[test] = fold
            report("calibration", done, len(splits))
        return decisions

    def _base_models(self, X: Any, y: np.ndarray) -> list[LinearModel]:
        """Regression on all columns, naive Bayes, NB-SVM, and one regression per block."""
        models = [self._regression(X, y, np.arange(X.shape[1]))]
        if self.nb_prior > 0:
            ratios, bias = log_count_ratios(X, y, self.nb_prior)
            ratios[: self.n_meta] = 0.0
            models += [(ratios, bias), self._nb_regression(X, y, ratios)]
        models += [self._regression(X, y, columns) for columns in self.blocks_]
        return models

    def _regression(self, X: Any, y: np.ndarray, columns: np.ndarray) -> LinearModel:
        """Logistic regression on some columns, as a full-width coefficient vector."""
        fitted = LogisticRegression(C=self.C, max_iter=2000).fit(X[:, columns], y)
        coef = np.zeros(X.shape[1])
        coef[columns] = fitted.coef_.ravel()
        return coef, float(fitted.intercept_[0])

    def _nb_regression(self, X: Any, y: np.ndarray, ratios: np.ndarray) -> LinearModel:
        """NB-SVM's logistic variant (after Wang and Manning, 2012): rows scaled by NB ratios.

        Scaled so, the L2 penalty favours features with strong naive-Bayes evidence; it
        raised recall at 1% false positives in grouped CV (README, "Quality").
        """
        scaled = sp.csr_matrix(X).multiply(ratios).tocsr()
        fitted = LogisticRegression(C=self.nb_C, max_iter=2000).fit(scaled, y)
        return fitted.coef_.ravel() * ratios, float(fitted.intercept_[0])

    def _fit_linear_stack(
        self, decisions: np.ndarray, y: np.ndarray, models: list[LinearModel]
    ) -> None:
        """Platt-style stack of the decisions, folded into one explainable linear model."""
        stack = LogisticRegression(C=100.0, max_iter=2000).fit(decisions, y)
        weights = stack.coef_.ravel()
        self.coef_ = sum(w * coef for w, (coef, _) in zip(weights, models, strict=True))
        self.intercept_ = float(sum(w * b for w, (_, b) in zip(weights, models, strict=True)))
        self.platt_intercept_ = float(stack.intercept_[0])

    def _tree_model(self) -> HistGradientBoostingClassifier:
        """A fresh, unfitted tree stacker."""
        return HistGradientBoostingClassifier(random_state=self.random_state, **TREE_PARAMS)

    def _fit_trees(self, stack_input: np.ndarray, y: np.ndarray) -> HistGradientBoostingClassifier:
        """Fit a tree stacker on one thread.

        A few thousand rows gain little from threads, and OpenMP threads spinning next to
        web workers or a second training slow everything down by an order of magnitude.
        """
        with threadpool_limits(limits=1, user_api="openmp"):
            return self._tree_model().fit(stack_input, y)

    def _stack_input(self, decisions: np.ndarray, X: Any) -> np.ndarray:
        """The trees' input: base decisions next to the dense meta features."""
        return np.hstack([decisions, self._dense_meta(X)])

    def _dense_meta(self, X: Any) -> np.ndarray:
        """The leading meta-feature columns of X as a dense array."""
        meta = X[:, : self.n_meta]
        return meta.toarray() if hasattr(meta, "toarray") else np.asarray(meta)

    def _learn_threshold(
        self,
        stack_input: np.ndarray,
        decisions: np.ndarray,
        y: np.ndarray,
        groups: np.ndarray,
        use_trees: bool,
        report: Progress,
    ) -> float:
        """Lowest cut-off >= 0.5 whose out-of-fold false-positive rate is <= target_fpr.

        The cut-off rests on the few highest-scoring ham, so one split is noisy; the
        out-of-fold scores of THRESHOLD_REPEATS differently shuffled splits are pooled.
        """
        repeats = []
        for repeat in range(THRESHOLD_REPEATS):
            splits = self._splits(y, groups, shuffle=1 + repeat)
            repeats.append(self._stacker_out_of_fold(stack_input, decisions, y, use_trees, splits))
            report("threshold", repeat + 1, THRESHOLD_REPEATS)
        # For a second stage that learns from what this model says of unseen rows.
        self.out_of_fold_ = np.array(repeats)
        return threshold_for_fpr(np.concatenate([r[y == 0] for r in repeats]), self.target_fpr)

    def _stacker_out_of_fold(
        self,
        stack_input: np.ndarray,
        decisions: np.ndarray,
        y: np.ndarray,
        use_trees: bool,
        splits: list[Split],
    ) -> np.ndarray:
        """Each row's stacker score from a stacker fitted without it (one shuffled split)."""
        scores = np.zeros(len(y))
        for train, test in splits:
            if use_trees:
                trees = TreeEnsemble(self._fit_trees(stack_input[train], y[train]))
                scores[test] = trees.probability(stack_input[test])
            else:
                stack = LogisticRegression(C=100.0, max_iter=2000).fit(decisions[train], y[train])
                scores[test] = stack.predict_proba(decisions[test])[:, 1]
        return scores

    def linear_decision(self, X: Any) -> np.ndarray:
        """Log-odds of the linear stack (w.x + b + Platt intercept)."""
        return np.asarray(X @ self.coef_).ravel() + self.intercept_ + self.platt_intercept_

    def base_decisions(self, X: Any) -> np.ndarray:
        """Each base model's decision for each row."""
        return np.asarray(X @ self.base_coef_.astype(np.float64)) + self.base_intercept_

    def spam_probability(self, decisions: np.ndarray, meta: np.ndarray, linear: Any) -> Any:
        """Probability from the trees when fitted, else from the linear stack.

        Rows with a certain-spam feature get at least CERTAIN_SPAM.
        """
        if self.trees_ is None:
            spam = 1.0 / (1.0 + np.exp(-np.clip(linear, -500, 500)))
        else:
            spam = self.trees_.probability(np.hstack([decisions, meta]))
        if not self.certain_spam:
            return spam
        certain = np.atleast_2d(meta)[:, self.certain_spam].any(axis=1)
        return np.where(certain, np.maximum(spam, CERTAIN_SPAM), spam) if certain.any() else spam

    def check(self, n_features: int, n_meta: int) -> None:
        """Raise ValueError unless the fitted arrays fit a featurizer of this width.

        Called as ``StackedSpamClassifier.check(loaded, ...)``: a file could set an
        attribute named ``check``, so the class's own is used, and none may shadow a method.
        """
        refuse_shadowed_methods(self, self.trees_, getattr(self, "semantic_", None))
        n_models = len(self.base_intercept_)
        if self.n_meta != n_meta or np.shape(self.coef_) != (n_features,):
            raise ValueError("classifier does not match the featurizer")
        if np.shape(self.base_coef_) != (n_features, n_models):
            raise ValueError("base models do not match the featurizer")
        if any(not 0 <= column < n_meta for column in self.certain_spam):
            raise ValueError("certain-spam columns outside the meta features")
        if not (isinstance(self.threshold_, float) and 0.5 <= self.threshold_ <= 1.0):
            raise ValueError(f"threshold {self.threshold_!r} outside [0.5, 1]")
        if self.trees_ is not None:
            if not isinstance(self.trees_, TreeEnsemble):
                raise ValueError("trees_ is not a TreeEnsemble")
            TreeEnsemble.check(self.trees_, n_models + n_meta)
        stage = getattr(self, "semantic_", None)
        if stage is not None:
            if not isinstance(stage, SemanticStage):
                raise ValueError("semantic_ is not a SemanticStage")
            SemanticStage.check(stage)

    def predict_proba(self, X: Any) -> np.ndarray:
        """[P(ham), P(spam)] per row."""
        meta = self._dense_meta(X)
        spam = self.spam_probability(self.base_decisions(X), meta, self.linear_decision(X))
        return np.column_stack([1.0 - spam, spam])

    def predict(self, X: Any) -> np.ndarray:
        """1 for spam at the learned threshold, else 0."""
        return (self.predict_proba(X)[:, 1] >= self.threshold_).astype(int)


def refuse_shadowed_methods(*parts: object) -> None:
    """Raise ValueError if a loaded object's attribute hides a method of its class."""
    for part in parts:
        shadowed = sorted(set(vars(part)) & set(dir(type(part)))) if part is not None else []
        if shadowed:
            raise ValueError(f"attributes shadow methods: {shadowed}")


def _decisions(models: list[LinearModel], X: Any) -> np.ndarray:
    """Decision of each linear model for each row."""
    return np.column_stack([np.asarray(X @ coef).ravel() + bias for coef, bias in models])


def log_count_ratios(X: Any, y: np.ndarray, prior: float) -> tuple[np.ndarray, float]:
    """Naive-Bayes log-count ratios of feature mass in spam vs ham (NB-SVM's r), and the bias."""
    spam = np.asarray(X[y == 1].sum(axis=0)).ravel() + prior
    ham = np.asarray(X[y == 0].sum(axis=0)).ravel() + prior
    ratios = np.log(spam / spam.sum()) - np.log(ham / ham.sum())
    # A column never seen in training (e.g. an empty author name) carries no evidence.
    ratios[spam + ham == 2 * prior] = 0.0
    return ratios, float(np.log(np.mean(y == 1) / np.mean(y == 0)))
