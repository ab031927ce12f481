"""Language-agnostic shape of the text: keyboard mashing, repetition, unpronounceable words.

These catch gibberish in any language without a dictionary: real text, whatever its
language, has vowels, varied words and few runs along a keyboard row.
"""

from __future__ import annotations

import re
from itertools import pairwise

SHAPE_FEATURES = (
    "consonant_run", "repeated_char_run", "keyboard_walk", "word_repetition",
    "char_repetition", "vowel_scarcity",
)  # fmt: skip

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = frozenset(
    pair for row in _KEYBOARD_ROWS for a, b in pairwise(row) for pair in (a + b, b + a)
)
_VOWELS = frozenset("aeiouy")
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{5,}")
_CHAR_RUN = re.compile(r"([^\W\d_])\1{2,}")


def shape_features(raw: str, text_words: list[str]) -> dict[str, float]:
    """Features in [0, 1]; zero (absent) for ordinary text."""
    latin = [w for w in text_words if w.isascii() and w.isalpha()]
    return {
        "consonant_run": _longest(_CONSONANT_RUN, " ".join(latin), 4, 4),
        "repeated_char_run": _longest(_CHAR_RUN, raw.casefold(), 2, 6),
        "keyboard_walk": _keyboard_walk(latin),
        "word_repetition": _repetition(text_words, 3, 0.35),
        "char_repetition": _repetition(_trigrams("".join(raw.casefold().split())), 10, 0.45),
        "vowel_scarcity": _vowel_scarcity(latin),
    }


def _longest(pattern: re.Pattern[str], text: str, free: int, scale: int) -> float:
    """(length of the longest match - free) / scale, clipped to [0, 1]."""
    longest = max((len(m.group(0)) for m in pattern.finditer(text)), default=0)
    return min(max(longest - free, 0) / scale, 1.0)


def _keyboard_walk(latin_words: list[str]) -> float:
    """Share of letter pairs that are neighbouring keys, above the ~10% of real text."""
    pairs = [a + b for word in latin_words for a, b in pairwise(word)]
    if len(pairs) < 3:
        return 0.0
    share = sum(pair in _NEIGHBOURS for pair in pairs) / len(pairs)
    return max(share - 0.2, 0.0) / 0.8


def _repetition(items: list[str], minimum: int, usual: float) -> float:
    """How far 1 - distinct/total exceeds the `usual` level of real text, scaled to [0, 1]."""
    if len(items) < minimum:
        return 0.0
    repeated = 1.0 - len(set(items)) / len(items)
    return max(repeated - usual, 0.0) / (1.0 - usual)


def _trigrams(text: str) -> list[str]:
    """Overlapping character trigrams."""
    return [text[i : i + 3] for i in range(len(text) - 2)]


def _vowel_scarcity(latin_words: list[str]) -> float:
    """How far the vowel share of Latin letters falls below 25% (real text: ~40%)."""
    letters = "".join(latin_words)
    if len(letters) < 5:
        return 0.0
    share = sum(ch in _VOWELS for ch in letters) / len(letters)
    return max(0.25 - share, 0.0) / 0.25
