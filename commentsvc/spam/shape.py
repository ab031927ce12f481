"""Language-agnostic shape of the text: keyboard mashing, repetition, unpronounceable words.

These catch gibberish in any language without a dictionary: real text, whatever its
language, has vowels, varied words and few runs along a keyboard row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from .text import normalize

SHAPE_FEATURES = (
    "consonant_run", "repeated_char_run", "keyboard_walk", "word_repetition",
    "char_repetition", "vowel_scarcity",
)  # fmt: skip

# Letter rows of keyboard layouts, as typed; normalised below like the text they are
# compared with (NFKC turns Korean compatibility jamo into conjoining ones, case folding
# the final sigma into the plain one).  Latin layouts are kept apart: Dvorak's home row
# pairs ("ou", "ht", "ns") are everyday English, so pooling every layout's neighbours
# would make ordinary text look like a walk.
_LATIN_LAYOUTS: dict[str, tuple[str, ...]] = {
    "qwerty": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "qwertz": ("qwertzuiopü", "asdfghjklöä", "yxcvbnm"),
    "azerty": ("azertyuiop", "qsdfghjklm", "wxcvbn"),
    "dvorak": ("pyfgcrl", "aoeuidhtns", "qjkxbmwvz"),
    "turkish_f": ("fgğıodrnhpqw", "uieaütkmlyşx", "jövcçzsb"),  # noqa: RUF001
}  # fmt: skip
_OTHER_LAYOUTS: dict[str, tuple[str, ...]] = {
    "jcuken": ("йцукенгшщзхъ", "йцукенгшщзхї", "фывапролджэ", "фівапролджє", "ячсмитьбю"),
    "greek": ("ςερτυθιοπ", "ασδφγηξκλ", "ζχψωβνμ"),
    "korean": ("ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ"),
    "arabic": ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرلاىةوزظ"),
    "hebrew": ("קראטוןםפ", "שדגכעיחלךף", "זסבהנמצתץ"),
}  # fmt: skip
# Latin layouts share letters, so a text is measured on the best of them; the others'
# letters overlap nothing, so their counts add up ("asdf фыва" is mash typed on two
# keyboards).  Counts are kept per layout in this order: Latin first.
_TYPED_LAYOUTS = {**_LATIN_LAYOUTS, **_OTHER_LAYOUTS}
# Below this many letter pairs a text is too short to call a walk; "asdf" is 3.
MIN_WALK_PAIRS = 3
_VOWELS = frozenset("aeiouy")
_CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{5,}")
_CHAR_RUN = re.compile(r"([^\W\d_])\1{2,}")


class WordShape(NamedTuple):
    """Counts of one word that the text-level features add up (vowels: Latin only)."""

    letters: int
    vowels: int
    pairs: int
    neighbour_pairs: tuple[int, ...]  # per layout, in _TYPED_LAYOUTS order
    consonant_run: int


def shape_features(raw: str, text_words: list[str]) -> dict[str, float]:
    """Features in [0, 1]; zero (absent) for ordinary text."""
    alphabetic = [w for w in text_words if w.isalpha()]
    shapes = [word_shape(w) for w in alphabetic]
    latin = [shape for w, shape in zip(alphabetic, shapes, strict=True) if w.isascii()]
    folded = raw.casefold()
    return {
        "consonant_run": _clip(max((s.consonant_run for s in latin), default=0), 4, 4),
        "repeated_char_run": _clip(_longest(_CHAR_RUN, folded), 2, 6),
        # Any script: "фывапролджэ" is a mash typed on a Russian keyboard.
        "keyboard_walk": _keyboard_walk(shapes),
        "word_repetition": _repetition(len(set(text_words)), len(text_words), 3, 0.35),
        "char_repetition": _char_repetition("".join(folded.split())),
        "vowel_scarcity": _vowel_scarcity(latin),
    }


def word_shape(word: str) -> WordShape:
    """Shape counts of a word; word-sized ones are cached, as words recur."""
    return _cached_word_shape(word) if len(word) <= 32 else _word_shape(word)


@lru_cache(maxsize=65536)
def _cached_word_shape(word: str) -> WordShape:
    """``_word_shape`` behind a cache."""
    return _word_shape(word)


def _word_shape(word: str) -> WordShape:
    """The work of ``word_shape``."""
    return WordShape(
        letters=len(word),
        vowels=sum(ch in _VOWELS for ch in word),
        pairs=len(word) - 1,
        neighbour_pairs=_neighbour_pairs(word),
        consonant_run=_longest(_CONSONANT_RUN, word),
    )


def _pair_layouts() -> dict[str, tuple[int, ...]]:
    """Each neighbouring pair of keys (both orders) -> the layouts it is a neighbour on."""
    layouts: dict[str, tuple[int, ...]] = {}
    for index, rows in enumerate(_TYPED_LAYOUTS.values()):
        pairs = {a + b for row in rows for a, b in pairwise(normalize(row))}
        for pair in pairs | {pair[::-1] for pair in pairs}:
            layouts[pair] = (*layouts.get(pair, ()), index)
    return layouts


_PAIR_LAYOUTS = _pair_layouts()


def _neighbour_pairs(word: str) -> tuple[int, ...]:
    """Letter pairs of the word that are neighbouring keys, counted per layout."""
    counts = [0] * len(_TYPED_LAYOUTS)
    for a, b in pairwise(word):
        for layout in _PAIR_LAYOUTS.get(a + b, ()):
            counts[layout] += 1
    return tuple(counts)


def _longest(pattern: re.Pattern[str], text: str) -> int:
    """Length of the longest match of the pattern (0 if none)."""
    return max((len(m.group(0)) for m in pattern.finditer(text)), default=0)


def _clip(length: int, free: int, scale: int) -> float:
    """(length - free) / scale, clipped to [0, 1]."""
    return min(max(length - free, 0) / scale, 1.0)


def _keyboard_walk(shapes: list[WordShape]) -> float:
    """Share of letter pairs that are neighbouring keys, above the ~9% of long real text.

    Measured on the best Latin layout plus every non-Latin one.
    """
    pairs = sum(s.pairs for s in shapes)
    if pairs < MIN_WALK_PAIRS:
        return 0.0
    per_layout = [sum(counts) for counts in zip(*(s.neighbour_pairs for s in shapes), strict=True)]
    latin = len(_LATIN_LAYOUTS)
    neighbours = max(per_layout[:latin]) + sum(per_layout[latin:])
    return max(neighbours / pairs - 0.2, 0.0) / 0.8


def _repetition(distinct: int, total: int, minimum: int, usual: float) -> float:
    """How far 1 - distinct/total exceeds the `usual` level of real text, scaled to [0, 1]."""
    if total < minimum:
        return 0.0
    repeated = 1.0 - distinct / total
    return max(repeated - usual, 0.0) / (1.0 - usual)


def _char_repetition(text: str) -> float:
    """Repetition of overlapping character trigrams ("%%%%%%", "buybuybuy")."""
    total = max(len(text) - 2, 0)
    distinct = len({text[i : i + 3] for i in range(total)})
    return _repetition(distinct, total, 10, 0.45)


def _vowel_scarcity(latin: list[WordShape]) -> float:
    """How far the vowel share of Latin letters falls below 25% (real text: ~40%)."""
    letters = sum(s.letters for s in latin)
    if letters < 5:
        return 0.0
    share = sum(s.vowels for s in latin) / letters
    return max(0.25 - share, 0.0) / 0.25
