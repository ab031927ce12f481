"""The stacked classifier: flattened trees, the learned threshold, save and load with trees."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from commentsvc.spam import CommentSample, TrainedModel, load_model, save_model, score, train
from commentsvc.spam.evaluation import evaluate
from commentsvc.spam.folds import threshold_for_fpr
from commentsvc.spam.sample import body_groups
from commentsvc.spam.stacking import CERTAIN_SPAM, StackedSpamClassifier, log_count_ratios
from commentsvc.spam.trees import TreeEnsemble
from tests.spam_fixtures import make_dataset, toy_model

PROBES = (
    CommentSample("Cheap pills online now http://pharma-3.ru", author="Best Cheap Pills Online"),
    CommentSample("Small correction: the library opened in 1998, not 1989.", author="Anna"),
    CommentSample("The bridge consultation closes Friday, I think?"),
)


@lru_cache(maxsize=1)
def tree_model() -> TrainedModel:
    """A model on enough rows (320) for the tree stacker."""
    samples, labels = make_dataset(160, seed=5)
    return train(samples, labels)


def test_flattened_trees_match_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 6))
    y = (X[:, 0] * X[:, 1] + X[:, 2] > 0).astype(int)
    fitted = HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=15).fit(X, y)
    rows = rng.normal(size=(200, 6))
    expected = fitted.predict_proba(rows)[:, 1]
    trees = TreeEnsemble(fitted)
    assert np.allclose(trees.probability(rows), expected, atol=1e-12)
    one_at_a_time = [trees.probability(row[None, :])[0] for row in rows]
    assert np.allclose(one_at_a_time, expected, atol=1e-12)


@pytest.mark.parametrize(
    ("target", "expected"),
    [(0.0, 0.9), (0.125, 0.8), (0.25, 0.5)],
)
def test_threshold_for_fpr(target: float, expected: float) -> None:
    ham = np.array([0.9, 0.8, 0.3, 0.1, 0.2, 0.2, 0.1, 0.0])
    cut = threshold_for_fpr(ham, target)
    assert cut == pytest.approx(expected, abs=1e-9)
    assert np.mean(ham >= cut) <= target


def test_threshold_never_below_half_and_capped() -> None:
    assert threshold_for_fpr(np.zeros(50), 0.01) == 0.5
    assert threshold_for_fpr(np.ones(50), 0.01) == 0.99


@pytest.mark.parametrize("as_matrix", [sp.csr_matrix, np.asarray])
def test_nb_svm_weighs_words_by_their_spam_evidence(as_matrix: Callable[..., object]) -> None:
    rows = [[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1]]  # spam word, ham word, a common word
    X, y = as_matrix(np.array(rows, dtype=float)), np.array([1, 1, 0, 0])
    ratios, _ = log_count_ratios(X, y, prior=1.0)
    classifier = StackedSpamClassifier()
    coef, bias = classifier._nb_regression(X, y, ratios)
    assert coef[0] > 0 > coef[1]
    assert coef[2] == 0  # in every comment: no evidence either way
    scaled = np.array(rows, dtype=float) * ratios
    fitted = LogisticRegression(C=classifier.nb_C, max_iter=2000).fit(scaled, y)
    # Folded back, the weights score unscaled rows as the fitted model scores scaled ones.
    assert np.asarray(X @ coef).ravel() + bias == pytest.approx(fitted.decision_function(scaled))


def test_enough_rows_train_trees_and_a_threshold() -> None:
    model = tree_model()
    classifier: StackedSpamClassifier = model.pipeline.named_steps["classifier"]
    assert classifier.trees_ is not None
    assert 0.5 <= model.threshold <= 0.99
    spam, ham = model.probability(PROBES[0]), model.probability(PROBES[1])
    assert spam > model.threshold > ham


def test_small_data_scores_with_the_linear_stack() -> None:
    samples, labels = make_dataset(40, seed=1)
    model = train(samples, labels)
    assert model.pipeline.named_steps["classifier"].trees_ is None
    assert model.probability(PROBES[0]) > 0.5 > model.probability(PROBES[1])


def test_one_comment_path_equals_the_batch_path() -> None:
    model = tree_model()
    batch = model.predict_proba(PROBES)
    assert np.allclose(batch, [model.probability(p) for p in PROBES], atol=1e-9)


def test_evaluate_uses_the_learned_threshold() -> None:
    model = tree_model()
    samples, labels = make_dataset(30, seed=9)
    metrics = evaluate(model, samples, labels)
    assert metrics["threshold"] == pytest.approx(model.threshold)
    scores = model.predict_proba(samples)
    flagged = int(np.sum(scores >= model.threshold))
    (_, fp), (_, tp) = metrics["confusion_matrix"]
    assert fp + tp == flagged


def test_save_and_load_keep_trees_and_threshold(tmp_path: Path) -> None:
    model = tree_model()
    loaded = load_model(save_model(model, tmp_path / "m"))
    assert loaded is not None
    assert loaded.threshold == model.threshold
    certain = loaded.pipeline.named_steps["classifier"].certain_spam
    assert certain == model.pipeline.named_steps["classifier"].certain_spam != ()
    for probe in PROBES:
        assert loaded.probability(probe) == pytest.approx(model.probability(probe), abs=1e-12)


def _tampered(mutate: Callable[[StackedSpamClassifier], None]) -> TrainedModel:
    """A deep copy of the tree model with its classifier changed by ``mutate``."""
    model = copy.deepcopy(tree_model())
    mutate(model.pipeline.named_steps["classifier"])
    return model


@pytest.mark.parametrize(
    "mutate",
    [
        lambda c: c.trees_.left.__setitem__(0, 10**9),
        lambda c: c.trees_.feature.__setitem__(0, 500),
        lambda c: setattr(c.trees_, "depth", 10**9),
        lambda c: c.trees_.value.__setitem__(-1, np.nan),
        lambda c: setattr(c, "threshold_", float("nan")),
        lambda c: setattr(c, "threshold_", 0.1),
        lambda c: setattr(c, "base_coef_", c.base_coef_[:10]),
        lambda c: delattr(c, "threshold_"),
    ],
)
def test_inconsistent_saved_model_is_refused_at_load(
    tmp_path: Path, mutate: Callable[[StackedSpamClassifier], None]
) -> None:
    path = save_model(_tampered(mutate), tmp_path / "m")
    assert load_model(path) is None


def test_scoring_survives_a_model_that_breaks_after_loading() -> None:
    broken = _tampered(lambda c: delattr(c, "threshold_"))
    verdict = score(broken, PROBES[0])
    assert verdict.probability is None and verdict.model_version is None


def test_copies_of_a_body_share_a_group() -> None:
    samples = [
        CommentSample("Buy cheap pills NOW!!! at pills.ru"),
        CommentSample("buy cheap pills now at pills.ru"),
        CommentSample("Buy cheap pills later at pills.ru"),
    ]
    groups = body_groups(samples)
    assert groups[0] == groups[1] != groups[2]


def test_stacker_folds_keep_copies_together() -> None:
    y = np.array([1, 0] * 30)
    groups = np.arange(60) // 3  # every body three times
    for shuffle in range(3):
        for train_rows, test_rows in StackedSpamClassifier()._splits(y, groups, shuffle):
            assert not set(groups[train_rows]) & set(groups[test_rows])
            assert set(y[test_rows]) == {0, 1}  # still stratified


def test_training_survives_one_spam_body_repeated() -> None:
    spam = [CommentSample("buy cheap pills now at pills.example")] * 3
    ham = [CommentSample(f"The council vote on item {i} was fair enough") for i in range(20)]
    model = train(spam + ham, ["spam"] * 3 + ["ham"] * 20)
    assert model.probability(spam[0]) > model.probability(ham[0])


@pytest.mark.parametrize(
    "text", ["tst tst.. 2nd try", "{Great|Nice} {post|article}!", "1' OR '1'='1"]
)
def test_test_posts_templates_and_probes_are_certain_spam(text: str) -> None:
    # The fixture has no test post or template: the columns are kept all the same.
    model = toy_model()
    sample = CommentSample(text, author="Anna")
    assert model.probability(sample) >= CERTAIN_SPAM > model.threshold
    assert model.predict_proba([sample])[0] >= CERTAIN_SPAM
    names = [name for name, _ in model.explain(sample).contributions]
    assert {"meta:test_post", "meta:template_leftover", "meta:form_probe"} & set(names)
    without = copy.deepcopy(model)
    without.pipeline.named_steps["classifier"].certain_spam = ()
    assert without.probability(sample) < 0.5
    assert model.probability(PROBES[1]) == without.probability(PROBES[1])


def test_certain_spam_lifts_the_tree_score() -> None:
    model = tree_model()
    classifier = model.pipeline.named_steps["classifier"]
    assert classifier.trees_ is not None
    X = model.pipeline.named_steps["features"].transform([PROBES[1]])
    decisions, meta = classifier.base_decisions(X), classifier._dense_meta(X)
    linear = classifier.linear_decision(X)
    assert classifier.spam_probability(decisions, meta, linear)[0] < 0.5
    meta[0, classifier.certain_spam[0]] = 1.0
    assert classifier.spam_probability(decisions, meta, linear)[0] >= CERTAIN_SPAM


def test_certain_spam_columns_outside_the_meta_features_are_refused() -> None:
    classifier = copy.deepcopy(tree_model().pipeline.named_steps["classifier"])
    classifier.certain_spam = (classifier.n_meta,)
    with pytest.raises(ValueError, match="certain-spam"):
        classifier.check(len(classifier.coef_), classifier.n_meta)
