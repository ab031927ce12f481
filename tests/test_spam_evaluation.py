"""Metrics, cross-validation, leave-one-family-out and the report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from commentsvc.spam import (
    TrainedModel,
    cross_validate,
    ensure_default_model,
    evaluate,
    leave_one_family_out,
    write_report,
)
from commentsvc.spam.corpus import corpus_files
from commentsvc.spam.evaluation import metrics_from_scores, recall_at_fpr
from tests import spam_fixtures
from tests.spam_fixtures import make_dataset


@pytest.fixture(scope="session")
def toy_model() -> TrainedModel:
    """The shared toy model (trained once per process)."""
    return spam_fixtures.toy_model()


def test_metrics_from_known_scores() -> None:
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.4, 0.7, 0.8, 0.9])
    metrics = metrics_from_scores(y, scores)
    assert metrics["confusion_matrix"] == [[3, 1], [1, 3]]
    assert metrics["precision"] == metrics["recall"] == metrics["f1"] == 0.75
    assert metrics["false_positive_rate"] == 0.25
    assert metrics["mcc"] == pytest.approx(0.5)
    assert metrics["roc_auc"] == pytest.approx(15 / 16)
    assert metrics["n"] == 8


def test_recall_at_fpr() -> None:
    y = np.array([0, 0, 1, 1])
    assert recall_at_fpr(y, np.array([0.1, 0.6, 0.5, 0.9]), 0.0) == 0.5


def test_evaluate_model(toy_model: TrainedModel) -> None:
    samples, labels = make_dataset(30, seed=7)
    metrics = evaluate(toy_model, samples, labels)
    assert metrics["f1"] > 0.9 and metrics["false_positive_rate"] < 0.1
    assert set(metrics) >= {"precision", "recall", "mcc", "roc_auc", "recall_at_1pct_fpr"}


def test_cross_validate_reports_folds() -> None:
    samples, labels = make_dataset(40, seed=3)
    result = cross_validate(samples, labels, folds=3)
    assert len(result["folds"]) == 3 and result["pooled"]["n"] == 80
    assert result["mean"]["f1"] > 0.9


def test_leave_one_family_out() -> None:
    samples, labels = make_dataset(60, seed=4)
    families = ["ham_x" if label == "ham" else f"spam_{i % 3}" for i, label in enumerate(labels)]
    result = leave_one_family_out(samples, labels, families)
    assert set(result) == {"spam_0", "spam_1", "spam_2"}
    assert all(0.0 <= r["recall"] <= 1.0 and r["n_ham"] > 0 for r in result.values())


def test_write_report(tmp_path: Path, toy_model: TrainedModel) -> None:
    paths = write_report(toy_model, make_dataset(20, seed=8), tmp_path)
    document = json.loads(paths["json"].read_text())
    assert document["model"]["version"] == toy_model.version
    assert paths["pr_curve"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "| f1 |" in paths["markdown"].read_text()


@pytest.mark.skipif(not corpus_files(), reason="built-in corpus not present")
def test_default_model_from_corpus(tmp_path: Path) -> None:
    model = ensure_default_model(tmp_path)
    assert model.metadata.metrics["f1"] > 0.8
    again = ensure_default_model(tmp_path)
    assert again.version == model.version
