"""How ordinary a comment's words are, from pyspellchecker's word-frequency lists.

Word salad ("pewter obligate hassock fennel"), test posts ("wefwef", "tst") and made-up
words are real-looking text to the n-grams, but real prose in any of these languages
is mostly common words held together by function words ("the", "und", "que").
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from importlib import resources

LEXICAL_FEATURES = ("unknown_words", "function_words", "rare_words")

# The languages whose lists are big enough to tell rare from unknown; the
# others (Arabic, Persian, Latvian, Basque) read as unknown, like any other language.
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl", "ru")
# Words past this rank in their language are left out: the long tail of a list is names
# and typos.  The ranks kept take ~25 MB per process; reading the full lists peaks near
# 120 MB and takes about 2 s, once per process (at app start, see classifier.py).
TOP_WORDS = 25_000
FUNCTION_RANK = 150
COMMON_RANK = 5_000
# Below this many words the shares say nothing ("k", "ok", "Danke!").
MIN_WORDS = 4
_LOADING = threading.Lock()


def lexical_features(text_words: list[str]) -> dict[str, float]:
    """Shares of unknown, function and rare words among the alphabetic words, or all zero."""
    alphabetic = [w for w in text_words if w.isalpha() and len(w) > 1 and _is_listed_script(w)]
    if len(alphabetic) < MIN_WORDS:
        return dict.fromkeys(LEXICAL_FEATURES, 0.0)
    ranks = word_ranks()
    found = [ranks[w] for w in alphabetic if w in ranks]
    total = len(alphabetic)
    return {
        "unknown_words": 1.0 - len(found) / total,
        "function_words": sum(r < FUNCTION_RANK for r in found) / total,
        "rare_words": sum(r >= COMMON_RANK for r in found) / total,
    }


def _is_listed_script(word: str) -> bool:
    """Latin or Cyrillic letters only: the scripts of the bundled lists."""
    return all(ch < "\u0250" or "\u0400" <= ch < "\u0530" for ch in word)


def word_ranks() -> dict[str, int]:
    """Each listed word's best frequency rank over the languages (0 = most frequent)."""
    # One load per process even when several threads score their first comment at once.
    with _LOADING:
        return _load_ranks()


@lru_cache(maxsize=1)
def _load_ranks() -> dict[str, int]:
    """The work of ``word_ranks``."""
    ranks: dict[str, int] = {}
    for language in LANGUAGES:
        for rank, word in enumerate(_top_words(language)):
            if rank < ranks.get(word, TOP_WORDS):
                ranks[word] = rank
    return ranks


def _top_words(language: str) -> list[str]:
    """The TOP_WORDS most frequent words of one pyspellchecker list, most frequent first."""
    path = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        counts: dict[str, int] = json.load(text)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word.casefold() for word, _ in ranked[:TOP_WORDS]]
