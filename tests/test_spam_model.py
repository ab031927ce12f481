"""Training, calibrated scoring, explanations, routing and queue priority."""

from __future__ import annotations

import numpy as np
import pytest

from commentsvc.spam import (
    FORMAT_VERSION,
    CommentSample,
    Reason,
    RuleConfig,
    Thresholds,
    TrainedModel,
    Verdict,
    priority,
    route,
    score,
    train,
)
from tests import spam_fixtures
from tests.spam_fixtures import make_dataset

CLEAN = CommentSample(
    "Thanks for the article about the library, well explained.", seconds_to_submit=30
)


@pytest.fixture(scope="session")
def toy_model() -> TrainedModel:
    """The shared toy model (trained once per process)."""
    return spam_fixtures.toy_model()


def test_obfuscated_spam_still_scores_spammy(toy_model: TrainedModel) -> None:
    obfuscated = toy_model.probability(CommentSample("Buy ch3ap v1agra and c1alis p1lls online"))
    clean = toy_model.probability(CLEAN)
    assert obfuscated > 0.5 > clean


def test_fast_path_matches_pipeline(toy_model: TrainedModel) -> None:
    samples, _ = make_dataset(10, seed=5)
    batch = toy_model.predict_proba(samples)
    single = [toy_model.probability(s) for s in samples]
    np.testing.assert_allclose(batch, single, rtol=1e-9)


def test_probabilities_are_calibrated_not_extreme_on_ambiguous(toy_model: TrainedModel) -> None:
    p = toy_model.probability(CommentSample("ok"))
    assert 0.0 < p < 1.0


def test_metadata(toy_model: TrainedModel) -> None:
    meta = toy_model.metadata
    assert meta.format_version == FORMAT_VERSION
    assert meta.n_samples == 240
    assert meta.label_counts == {"ham": 120, "spam": 120}
    assert meta.version and meta.sklearn_version


def test_train_needs_both_classes() -> None:
    with pytest.raises(ValueError):
        train([CommentSample("a"), CommentSample("b")], ["spam", "spam"])


def test_train_reports_progress() -> None:
    samples, labels = make_dataset(20)
    steps: list[tuple[str, int, int]] = []
    train(samples, labels, progress=lambda step, done, total: steps.append((step, done, total)))
    assert ("features", 1, 1) in steps and ("fit", 1, 1) in steps
    assert ("calibration", 5, 5) in steps


def test_score_explains_with_named_features(toy_model: TrainedModel) -> None:
    verdict = score(toy_model, CommentSample("cheap pills at http://bit.ly/x"), RuleConfig())
    features = [r for r in verdict.reasons if r.kind == "feature"]
    assert verdict.probability is not None and verdict.probability > 0.5
    assert verdict.model_version == toy_model.version
    assert features and all(r.weight is not None for r in features)
    assert any(r.name in ("domain:bit.ly", "word:cheap", "meta:links_count") for r in features)


def test_score_without_model_is_rules_only() -> None:
    sample = CommentSample("Thanks for the article, it was useful.", honeypot=True)
    verdict = score(None, sample, RuleConfig())
    assert verdict.probability is None and verdict.model_version is None
    assert verdict.rule_action == "spam" and verdict.rule_names == ["honeypot"]


def verdict(p: float | None, action: str | None = None, rule: str = "x") -> Verdict:
    """A verdict with one optional rule reason."""
    reasons = [Reason("rule", rule, action)] if action else []  # type: ignore[arg-type]
    return Verdict(p, reasons, action, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("v", "mode", "approved_author", "expected"),
    [
        (verdict(0.95), "post", True, "spam"),
        (verdict(0.95), "pre", True, "spam"),
        (verdict(0.1, "spam"), "post", True, "spam"),
        (verdict(0.1, "reject"), "post", True, "rejected"),
        (verdict(0.1, "hold"), "post", True, "pending"),
        (verdict(0.5), "post", True, "pending"),
        (verdict(0.1), "post", True, "approved"),
        (verdict(0.1), "post", False, "pending"),
        (verdict(0.1), "pre", True, "pending"),
        (verdict(None), "post", True, "approved"),
        (verdict(None), "post", False, "pending"),
    ],
)
def test_route(v: Verdict, mode: str, approved_author: bool, expected: str) -> None:
    assert route(v, mode, Thresholds(), approved_author) == expected  # type: ignore[arg-type]


def test_route_respects_custom_thresholds() -> None:
    assert route(verdict(0.75), "post", Thresholds(spam=0.7, ham=0.1), True) == "spam"
    assert route(verdict(0.15), "post", Thresholds(spam=0.7, ham=0.1), True) == "pending"


def test_default_spam_cutoff_is_the_models_own() -> None:
    strict = Verdict(0.93, model_threshold=0.96)
    lenient = Verdict(0.93, model_threshold=0.91)
    assert route(strict, "post", Thresholds(), True) == "pending"
    assert route(lenient, "post", Thresholds(), True) == "spam"
    assert route(strict, "post", Thresholds(spam=0.9), True) == "spam"  # the site's own wins
    assert route(Verdict(0.93), "post", Thresholds(), True) == "spam"  # no model threshold: 0.9


def test_thresholds_validate() -> None:
    with pytest.raises(ValueError):
        Thresholds(spam=0.2, ham=0.5)


def test_priority_lower_is_served_first() -> None:
    offensive = verdict(0.5, "hold", rule="offensive")
    held = verdict(0.5, "hold", rule="too_many_links")
    uncertain, sure_ham, sure_spam = verdict(0.5), verdict(0.02), verdict(0.98)
    order = sorted([sure_ham, held, sure_spam, offensive, uncertain], key=priority)
    assert order[:3] == [offensive, held, uncertain]
    assert priority(verdict(0.4)) < priority(verdict(0.1))
    assert all(0.0 <= priority(v) <= 3.0 for v in order)
