"""Word-frequency features: word salad and made-up words stand out from real prose."""

from __future__ import annotations

import pytest

from commentsvc.spam import CommentSample
from commentsvc.spam.features import META_FEATURES, extract_signals
from commentsvc.spam.junk import JUNK_FEATURES
from commentsvc.spam.lexical import LEXICAL_FEATURES, lexical_features, word_ranks
from commentsvc.spam.text import normalize, words


def _features(text: str) -> dict[str, float]:
    """Lexical features of one text, split the way the featurizer splits it."""
    return lexical_features(words(normalize(text, keep_native=True)))


def test_ranks_put_function_words_first_in_each_language() -> None:
    ranks = word_ranks()
    for word in ("the", "und", "que", "не"):
        assert ranks[word] < 50, word
    assert "wefwef" not in ranks


def test_english_prose_is_known_and_held_together_by_function_words() -> None:
    prose = _features("I think the council got this wrong, the budget was never enough.")
    assert prose["unknown_words"] == 0.0
    assert prose["function_words"] > 0.4
    assert prose["rare_words"] < 0.15


def test_word_salad_of_rare_words_has_no_function_words() -> None:
    salad = _features("pewter obligate hassock fennel unwound sapphire lintel quorum bristle")
    assert salad["function_words"] == 0.0
    assert salad["unknown_words"] + salad["rare_words"] > 0.9


def test_made_up_words_are_unknown() -> None:
    assert _features("ajshdkajshd askjdh aksjhd kajshd kajsdh")["unknown_words"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Ich finde den Artikel gut, aber die Zahlen stimmen nicht ganz.",
        "Мы ездили на Байкал в марте, когда лёд ещё крепкий, и было тихо.",
        "No estoy de acuerdo con el autor, pero el dato de la inflación es correcto.",
    ],
)
def test_other_listed_languages_read_as_prose(text: str) -> None:
    features = _features(text)
    assert features["unknown_words"] < 0.25
    assert features["function_words"] > 0.25


def test_short_texts_and_other_scripts_give_no_evidence() -> None:
    assert set(_features("ok thanks!").values()) == {0.0}
    assert set(_features("とても分かりやすい解説でした。ありがとうございます").values()) == {0.0}


def test_features_reach_the_featurizer() -> None:
    assert set(LEXICAL_FEATURES) | set(JUNK_FEATURES) <= set(META_FEATURES)
    meta = extract_signals(CommentSample("wefwef qwdqwd zxczxc asdqwe plmokn")).meta
    assert meta["unknown_words"] == 1.0
