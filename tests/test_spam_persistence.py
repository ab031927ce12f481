"""Saving, safe loading, registry promotion, rollback and fallback."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from pathlib import Path

import pytest

from commentsvc.spam import (
    CommentSample,
    ModelRegistry,
    PromotionPolicy,
    TrainedModel,
    load_model,
    promote_if_not_worse,
    save_model,
    train,
    train_and_maybe_promote,
)
from commentsvc.spam.persistence import UnsafeModelError, metadata_path
from tests import spam_fixtures
from tests.spam_fixtures import make_dataset

PROBE = CommentSample("cheap pills at http://bit.ly/x")


@pytest.fixture(scope="session")
def toy_model() -> TrainedModel:
    """The shared toy model (trained once per process)."""
    return spam_fixtures.toy_model()


def test_round_trip(tmp_path: Path, toy_model: TrainedModel) -> None:
    path = save_model(toy_model, tmp_path / "m")
    loaded = load_model(path)
    assert loaded is not None
    assert loaded.version == toy_model.version
    assert loaded.probability(PROBE) == pytest.approx(toy_model.probability(PROBE))
    assert json.loads(metadata_path(path).read_text())["trusted_types"]


def test_no_temp_files_left(tmp_path: Path, toy_model: TrainedModel) -> None:
    save_model(toy_model, tmp_path / "m")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.skops"]


def _expect_none(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="commentsvc.spam.persistence"):
        assert load_model(path) is None
    assert "cannot load spam model" in caplog.text


def test_missing_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _expect_none(tmp_path / "nothing.skops", caplog)


def test_corrupt_file(
    tmp_path: Path, toy_model: TrainedModel, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_model(toy_model, tmp_path / "m")
    path.write_bytes(b"not a zip at all")
    _expect_none(path, caplog)


def test_truncated_file(
    tmp_path: Path, toy_model: TrainedModel, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_model(toy_model, tmp_path / "m")
    path.write_bytes(path.read_bytes()[:500])
    _expect_none(path, caplog)


def test_flipped_bytes(
    tmp_path: Path, toy_model: TrainedModel, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_model(toy_model, tmp_path / "m")
    data = bytearray(path.read_bytes())
    for offset in range(200, 260):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    _expect_none(path, caplog)


def test_wrong_format_version(
    tmp_path: Path, toy_model: TrainedModel, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_model(toy_model, tmp_path / "m")
    document = json.loads(metadata_path(path).read_text())
    document["format_version"] = 999
    metadata_path(path).write_text(json.dumps(document))
    _expect_none(path, caplog)


def _inject_type(path: Path, module: str, name: str) -> None:
    """Rewrite the skops schema so the classifier node names another type; fix the checksum."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    schema = json.loads(source.read("schema.json"))
    schema["content"]["content"]["steps"]["content"][1]["content"][1].update(
        {"__module__": module, "__class__": name}
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            body = json.dumps(schema).encode() if item == "schema.json" else source.read(item)
            target.writestr(item, body)
    path.write_bytes(out.getvalue())
    document = json.loads(metadata_path(path).read_text())
    import hashlib

    document["sha256"] = hashlib.sha256(out.getvalue()).hexdigest()
    metadata_path(path).write_text(json.dumps(document))


def test_injected_malicious_type_is_refused(
    tmp_path: Path, toy_model: TrainedModel, caplog: pytest.LogCaptureFixture
) -> None:
    path = save_model(toy_model, tmp_path / "m")
    _inject_type(path, "os", "system")
    _expect_none(path, caplog)
    assert "untrusted types" in caplog.text and "os.system" in caplog.text


def test_saving_unknown_types_is_refused(tmp_path: Path, toy_model: TrainedModel) -> None:
    from dataclasses import replace

    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    odd = Pipeline([("features", FunctionTransformer(func=print))])
    with pytest.raises(UnsafeModelError):
        save_model(replace(toy_model, pipeline=odd), tmp_path / "odd")


def _holdout() -> tuple[list[CommentSample], list[str]]:
    return make_dataset(40, seed=99)


def test_first_candidate_is_promoted(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path)
    samples, labels = make_dataset(60, seed=1)
    result = train_and_maybe_promote(registry, samples, labels, *_holdout())
    assert result.promoted and registry.current_version() == result.candidate_version
    assert result.candidate_metrics["f1"] > 0.9


def test_worse_candidate_is_refused(tmp_path: Path, toy_model: TrainedModel) -> None:
    registry = ModelRegistry(tmp_path)
    registry.add(toy_model)
    registry.promote(toy_model.version)
    samples, labels = make_dataset(60, seed=2)
    flipped = ["ham" if label == "spam" else "spam" for label in labels]
    bad = train(samples, flipped)
    registry.add(bad)
    result = promote_if_not_worse(registry, bad, *_holdout(), PromotionPolicy())
    assert not result.promoted
    assert registry.current_version() == toy_model.version
    assert result.current_metrics is not None and "average_precision" in result.reason


def test_rollback_and_fallback(tmp_path: Path, toy_model: TrainedModel) -> None:
    registry = ModelRegistry(tmp_path)
    newer = train(*make_dataset(60, seed=3))
    for model in (toy_model, newer):
        registry.add(model)
        registry.promote(model.version)
    registry.path_of(newer.version).write_bytes(b"garbage")
    loaded = registry.load_current()
    assert loaded is not None and loaded.version == toy_model.version
    assert registry.rollback() == toy_model.version
    assert registry.current_version() == toy_model.version
    assert registry.rollback() is None


def test_all_broken_means_rules_only(tmp_path: Path, toy_model: TrainedModel) -> None:
    registry = ModelRegistry(tmp_path)
    registry.add(toy_model)
    registry.promote(toy_model.version)
    registry.path_of(toy_model.version).unlink()
    assert registry.load_current() is None


def test_prune_keeps_newest_and_pointed(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path, keep=2)
    models = [train(*make_dataset(15, seed=s)) for s in range(4)]
    registry.add(models[0])
    registry.promote(models[0].version)
    for model in models[1:]:
        registry.add(model)
    registry.prune()
    assert set(registry.versions()) == {models[0].version, models[2].version, models[3].version}


def _metrics(ap: float, auc: float, f1: float, fpr: float) -> dict[str, float]:
    return {"average_precision": ap, "roc_auc": auc, "f1": f1, "false_positive_rate": fpr}


def test_policy_compares_ranking_and_caps_false_positives() -> None:
    current = _metrics(0.97, 0.98, 0.95, 0.004)
    policy = PromotionPolicy()
    assert policy.decide(_metrics(0.965, 0.979, 0.91, 0.012), current)[0]  # F1 noise is fine
    assert not policy.decide(_metrics(0.94, 0.98, 0.96, 0.004), current)[0]  # ranks worse
    assert not policy.decide(_metrics(0.97, 0.98, 0.95, 0.03), current)[0]  # flags ham
    nan = float("nan")
    assert policy.decide(_metrics(nan, nan, 0.0, 0.0), _metrics(nan, nan, 0.0, 0.0))[0]
    assert PromotionPolicy(force=True).decide(_metrics(0.1, 0.1, 0.0, 0.5), current)[0]
