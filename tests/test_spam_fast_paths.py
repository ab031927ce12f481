"""The scoring shortcuts (word caches, byte counts, literal pre-checks) change no output."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from commentsvc.spam import CommentSample
from commentsvc.spam.features import _char_counts, _has_money, extract_signals
from commentsvc.spam.promo import promo_features
from commentsvc.spam.scoring import clear_word_caches
from commentsvc.spam.shape import _word_shape, shape_features, word_shape
from commentsvc.spam.text import words
from commentsvc.spam.vectorizer import CommentFeaturizer, _known

TRAIN = [
    CommentSample("Cheap pills online, visit my shop", author="Pill Shop", website="pills.ru"),
    CommentSample("I disagree with the council's plan for the bridge"),
    CommentSample("Thanks for the clear explanation of the bridge plan", author="Anna"),
    CommentSample("v1agra ch3ap at www.pills.ru", author="Best Pills"),
]
PROBES = [
    CommentSample("cheap pills at the bridge", author="Anna Pill", website="annapill.net"),
    CommentSample("Привет, хорошая статья про мост"),
    CommentSample("v1agra v1agra v1agra"),
    CommentSample(""),
]


def _rows(featurizer: CommentFeaturizer) -> list[tuple[np.ndarray, np.ndarray]]:
    """The vectorised probes."""
    return [featurizer.vectorize_one(sample) for sample in PROBES]


def test_cached_gram_columns_equal_the_plain_lookup() -> None:
    featurizer = CommentFeaturizer(min_df=1).fit(TRAIN)
    _, char_index = featurizer._lookups()
    for sample in PROBES:
        signals = extract_signals(sample)
        plain = _known(signals.char_ngrams, char_index)  # the path without a cache
        assert featurizer._gram_columns(signals.gram_pieces, char_index) == plain  # fills it
        assert featurizer._gram_columns(signals.gram_pieces, char_index) == plain  # reads it
    assert featurizer.__dict__["_piece_cache"]
    loaded = pickle.loads(pickle.dumps(featurizer))  # a loaded model starts empty
    assert "_piece_cache" not in loaded.__dict__
    for sample in PROBES:
        cold_idx, cold_val = loaded.vectorize_one(sample)
        warm_idx, warm_val = featurizer.vectorize_one(sample)
        assert (cold_idx.tolist(), cold_val.tolist()) == (warm_idx.tolist(), warm_val.tolist())


def test_long_words_are_not_cached() -> None:
    featurizer = CommentFeaturizer(min_df=1).fit(TRAIN)
    featurizer.vectorize_one(CommentSample("pills " + "x" * 40))
    cached_words = {word for _, word in featurizer.__dict__["_piece_cache"]}
    assert "pills" in cached_words and "x" * 40 not in cached_words


def test_refit_drops_the_column_caches() -> None:
    featurizer = CommentFeaturizer(min_df=1).fit(TRAIN)
    _rows(featurizer)
    other = [CommentSample("bridge tolls rise again"), CommentSample("pills pills")]
    refitted = _rows(featurizer.fit(other))
    fresh = _rows(CommentFeaturizer(min_df=1).fit(other))
    assert [c.tolist() for c, _ in refitted] == [c.tolist() for c, _ in fresh]


def test_saved_featurizer_carries_no_cache() -> None:
    featurizer = CommentFeaturizer(min_df=1).fit(TRAIN)
    _rows(featurizer)
    state = featurizer.__getstate__()
    assert "_piece_cache" not in state and "_lookup_cache" not in state


def test_char_ngrams_property_lists_every_marked_gram() -> None:
    signals = extract_signals(CommentSample("v1agra", author="Ann Lee", website="cheapmeds.ru"))
    grams = set(signals.char_ngrams)
    assert {" vi", "agra ", " v1a"} <= grams  # the text and its de-leeted copy
    assert {"~meds", "~chea"} <= grams and {"^ ann", "^lee "} <= grams


@pytest.mark.parametrize(
    "text",
    ["Hello World 2024!", "ÄÖÜ straße 12 ½ ٣", "", "ALL CAPS 123", "ǅemal Ⅻ ①"],
)
def test_char_counts_equal_per_character_counts(text: str) -> None:
    expected = (
        sum(map(str.isalpha, text)),
        sum(map(str.isupper, text)),
        sum(map(str.isdigit, text)),
    )
    assert _char_counts(text) == expected


@pytest.mark.parametrize(
    ("text", "money"),
    [("costs $5", True), ("500 usd a day", True), ("€", True), ("the museum", False),
     ("europe", False), ("pay in eur.", True), ("no symbols", False)],
)  # fmt: skip
def test_money_precheck_agrees_with_the_pattern(text: str, money: bool) -> None:
    assert _has_money(text) is money


def test_promo_prechecks_keep_handles_and_named_experts() -> None:
    found = promo_features("Contact Mr. Richard Boyd or @recovery_pro", "contact @recovery_pro")
    assert found["handle_mention"] == 1.0 and found["named_expert"] == 1.0
    # Texts that pass the literal pre-checks but not the patterns.
    plain = promo_features("Mr. richard Boyd", "write to me @ home, or @x")
    assert plain["handle_mention"] == 0.0 and plain["named_expert"] == 0.0


def test_word_shape_cache_matches_direct_count() -> None:
    clear_word_caches()
    for word in ("qwerty", "strength", "a", "x" * 40):
        assert word_shape(word) == _word_shape(word)
    text = "Qwerty asdf zxcvbnm strengths rhythms " + "y" * 40
    first = shape_features(text, words(text.casefold()))
    assert first == shape_features(text, words(text.casefold()))
    assert first["keyboard_walk"] > 0 and first["consonant_run"] > 0
