"""Whole-word term matching that sees through obfuscation, and a lexicon-based offensive score.

Honest scope: this is a word list with severities, not a model of meaning.  It
catches "f u c k", "1d1ot", "shit" with a Cyrillic "s", "fuuuck" and "sh*t", but not sarcasm or
insults without listed words, and quoting a slur scores like using it.  That
is why its verdict is "hold for a human", never "reject".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .text import deleet, normalize, squeeze_repeats

LEXICON_RESOURCE = ("commentsvc.spam", "corpus/lexicon/offensive_terms.txt")
MAX_PHRASE_WORDS = 3
TARGETED_BOOST = 0.3  # "you idiot" is worse than "that was idiotic of me"
_TOKEN = re.compile(r"[\w@$!|*]+")
_SECOND_PERSON = frozenset({"you", "your", "you're", "youre", "ur", "u", "ye", "du", "tu"})
_MASK_STRIP = "!@$|*."


def match_key(term: str) -> str:
    """Canonical key of a term or token: normalised, de-leeted, repeats squeezed."""
    return squeeze_repeats(deleet(normalize(term)))


def _token_keys(token: str) -> frozenset[str]:
    """Keys a text token may match: as written, and with edge symbols stripped.

    Word-sized tokens are cached: most ("the", "and") recur in nearly every comment.
    """
    return _cached_token_keys(token) if len(token) <= 32 else _compute_token_keys(token)


@lru_cache(maxsize=65536)
def _cached_token_keys(token: str) -> frozenset[str]:
    """``_compute_token_keys`` behind a cache."""
    return _compute_token_keys(token)


def _compute_token_keys(token: str) -> frozenset[str]:
    """The work of ``_token_keys``."""
    key = squeeze_repeats(deleet(token))
    stripped = token.strip(_MASK_STRIP)
    return frozenset({key} if stripped == token else {key, squeeze_repeats(deleet(stripped))})


def tokenize(text: str) -> list[str]:
    """Normalised tokens, keeping leetspeak symbols and * masks inside words."""
    return _TOKEN.findall(normalize(text))


class TermMatcher:
    """Find listed words or short phrases in text, whole-word and obfuscation-aware."""

    def __init__(self, terms: Iterable[str]):
        self._by_key: dict[str, str] = {}
        self._first_keys: set[str] = set()
        self._masked_candidates: dict[int, list[str]] = {}
        for term in terms:
            if term.strip():
                self._add(term.strip())

    def _add(self, term: str) -> None:
        """Index one term by its key, and single words by length for masked matching."""
        keys = [match_key(w) for w in term.split()]
        self._by_key[" ".join(keys)] = term
        self._first_keys.add(keys[0])
        if " " not in term:
            self._masked_candidates.setdefault(len(term), []).append(term)

    def __bool__(self) -> bool:
        """True when the matcher has any term."""
        return bool(self._by_key)

    def find(self, text: str) -> list[tuple[int, str]]:
        """(token position, listed term) for every match, in text order."""
        return self.find_in_tokens(tokenize(text)) if self._by_key else []

    def find_in_tokens(self, tokens: list[str]) -> list[tuple[int, str]]:
        """Like ``find`` for already tokenised text; a phrase hit consumes its words."""
        keys = [_token_keys(t) for t in tokens]
        hits = []
        position = 0
        while position < len(tokens):
            length, term = 1, None
            if not keys[position].isdisjoint(self._first_keys):
                length, term = self._match_at(keys, position)
            elif "*" in tokens[position]:
                term = self._match_masked(tokens[position])
            if term:
                hits.append((position, term))
            position += length if term else 1
        return hits

    def _match_at(self, keys: list[frozenset[str]], start: int) -> tuple[int, str | None]:
        """(length, term) of the longest listed phrase starting at this position."""
        for length in range(min(MAX_PHRASE_WORDS, len(keys) - start), 0, -1):
            for phrase in _phrases(keys[start : start + length]):
                if phrase in self._by_key:
                    return length, self._by_key[phrase]
        return 1, None

    def _match_masked(self, token: str) -> str | None:
        """Match "sh*t"-style tokens where * stands for one letter."""
        core = token.strip("!.")
        if "*" not in core.strip("*"):
            return None
        pattern = re.compile("".join("." if ch == "*" else re.escape(ch) for ch in deleet(core)))
        candidates = self._masked_candidates.get(len(core), [])
        return next((term for term in candidates if pattern.fullmatch(term)), None)


def _phrases(key_sets: list[frozenset[str]]) -> list[str]:
    """All space-joined combinations of the token key variants (usually one or two)."""
    phrases = [""]
    for options in key_sets:
        phrases = [f"{p} {o}".strip() for p in phrases for o in options]
    return phrases


@dataclass(frozen=True, slots=True)
class OffensiveResult:
    """Score in [0, 1] and the listed terms found."""

    score: float
    terms: tuple[str, ...]


class OffensiveScorer:
    """Sum of severities of distinct listed terms, boosted when aimed at the reader."""

    def __init__(self, severities: dict[str, float]):
        self.severities = severities
        self.matcher = TermMatcher(severities)

    def score(self, text: str) -> OffensiveResult:
        """Offensive-language score of one text."""
        tokens = tokenize(text)
        hits = self.matcher.find_in_tokens(tokens)
        if not hits:
            return OffensiveResult(0.0, ())
        terms = tuple(dict.fromkeys(term for _, term in hits))
        total = sum(self.severities[t] for t in terms)
        if _is_targeted(tokens, [position for position, _ in hits]):
            total += TARGETED_BOOST
        return OffensiveResult(min(total, 1.0), terms)


def _is_targeted(tokens: list[str], positions: list[int]) -> bool:
    """True if a second-person word comes up to three tokens before a hit."""
    return any(t in _SECOND_PERSON for p in positions for t in tokens[max(0, p - 3) : p])


def parse_lexicon(lines: Iterable[str]) -> dict[str, float]:
    """Parse "term<TAB>severity" lines; '#' starts a comment line."""
    severities = {}
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            term, _, severity = line.rstrip("\n").partition("\t")
            severities[term.strip()] = float(severity or 1.0)
    return severities


@lru_cache(maxsize=1)
def default_scorer() -> OffensiveScorer:
    """The scorer for the shipped lexicon (loaded once per process)."""
    package, path = LEXICON_RESOURCE
    text = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    return OffensiveScorer(parse_lexicon(text.splitlines()))
