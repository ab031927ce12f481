"""Unicode normalisation, de-obfuscation and URL extraction for comment text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

# Invisible characters spammers insert to split words ("vi\u200bagra").
_ZERO_WIDTH_CHARS = (
    "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)
# Zero-width characters go; typographic apostrophes (U+2019, U+02BC) read as the plain one.
_TO_PLAIN = str.maketrans("\u2019\u02bc", "''", _ZERO_WIDTH_CHARS)

# Cyrillic and Greek letters that render like Latin ones (after casefolding).
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡкмнтвԛԝαονρτικευχβηωϲ",
    "aeopcyxijsdgkmhtbqwaovptikeuxbnwc",
)
_CONFUSABLE_CHARS = frozenset("аеорсухіјѕԁɡкмнтвԛԝαονρτικευχβηωϲ")

# Leetspeak digits and symbols, used only for word-list matching (not for n-grams).
_LEET = str.maketrans("0134578@$!|", "oieastbasii")

# Names, websites and tokens recur across comments; bodies only within one comment.
_CACHED_LENGTH = 120
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f]\w*")
_SPACED_LETTERS = re.compile(r"\b(?:\w[ .\-_*]){3,}\w\b")
_REPEATS = re.compile(r"(.)\1+")
_FULL_WIDTH_LATIN = re.compile(r"[\uff21-\uff3a\uff41-\uff5a]")
# Kana, Han, Hangul: Japanese, Chinese and Korean typing gives full-width Latin ("www").
_CJK = re.compile(r"[\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LATIN_OR_DIGIT = "a-zA-Z0-9\u00c0-\u024f"
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, Kana, Han.
_UNSPACED_CHARS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_UNSPACED = re.compile(f"[{_UNSPACED_CHARS}]")
_SCRIPT_RUNS = re.compile(f"[{_UNSPACED_CHARS}]+|[^{_UNSPACED_CHARS}]+")
_HIDDEN_IN_LATIN = re.compile(f"[{_LATIN_OR_DIGIT}][{_ZERO_WIDTH_CHARS}]+[{_LATIN_OR_DIGIT}]")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")

_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\s+dot\s+)\s*")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|me|ru|cn|xyz|top|online|site|shop"
    r"|club|ly|gl|gd|us|uk|de|in|tk|pw|cc|to|tv|app|link|click|store)\b(?:/[^\s<>\"')\]]*)?"
)
_HOST_CHARS = re.compile(r"[^a-z0-9.-]")

URL_SHORTENERS = frozenset(
    {
        "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
        "cutt.ly", "shorturl.at", "rb.gy", "t.ly", "tiny.cc", "s.id", "v.gd", "lnkd.in",
        "bl.ink", "short.io", "tr.im", "x.co", "shorte.st", "adf.ly", "bit.do", "qr.ae",
    }
)  # fmt: skip


def normalize(text: str, *, keep_native: bool = False) -> str:
    """Return NFKC-normalised, casefolded text without zero-width chars or look-alike letters.

    With ``keep_native``, a text written in Cyrillic or Greek keeps its short words made
    only of look-alike letters (Russian "no", "s"); mixed-script words are folded either way.
    Short strings (names, websites, tokens) are normalised many times per comment: cached.
    """
    if len(text) <= _CACHED_LENGTH:
        return _normalize_short(text, keep_native)
    return _normalize_recent(text, keep_native)


@lru_cache(maxsize=16384)
def _normalize_short(text: str, keep_native: bool) -> str:
    """``_normalize`` behind a cache for names, websites and tokens."""
    return _normalize(text, keep_native)


@lru_cache(maxsize=64)
def _normalize_recent(text: str, keep_native: bool) -> str:
    """``_normalize`` behind a small cache: rules, checks and features read the same body."""
    return _normalize(text, keep_native)


def _normalize(text: str, keep_native: bool) -> str:
    """The work of ``normalize``."""
    folded = unicodedata.normalize("NFKC", text).translate(_TO_PLAIN).casefold()
    if not folded.isascii():
        # Case folding the Turkish capital "İ" leaves "i" plus a combining dot.
        folded = folded.replace("i\u0307", "i")
        fold_pure = not (keep_native and has_native_script(folded))
        folded = _NON_ASCII_WORD.sub(lambda m: _fold_confusable_word(m, fold_pure), folded)
    return collapse_spaced_letters(folded)


def has_native_script(text: str) -> bool:
    """True when the text has Cyrillic or Greek letters that do NOT look like Latin ones."""
    return any("\u0370" <= ch <= "\u052f" and ch not in _CONFUSABLE_CHARS for ch in text)


def _fold_confusable_word(match: re.Match[str], fold_pure: bool = True) -> str:
    """Map look-alikes in mixed-script words, or (if fold_pure) words made only of look-alikes."""
    word = match.group(0)
    has_latin = any("a" <= ch <= "z" for ch in word)
    all_confusable = all(ch in _CONFUSABLE_CHARS or not ch.isalpha() for ch in word)
    return word.translate(_CONFUSABLES) if has_latin or (fold_pure and all_confusable) else word


def is_obfuscated(raw: str) -> bool:
    """True for deliberate disguise: zero-width chars or look-alike letters inside Latin
    words, full-width Latin outside CJK text, or s p a c e d letters.

    Plain non-English text is not obfuscated: Persian writes a zero-width non-joiner inside
    words, emoji sequences use zero-width joiners, Japanese laughs in full-width "w"s.
    """
    if _HIDDEN_IN_LATIN.search(raw) or (_FULL_WIDTH_LATIN.search(raw) and not _CJK.search(raw)):
        return True
    lowered = raw.casefold()
    if _SPACED_LETTERS.search(lowered):
        return True
    if lowered.isascii():
        return False
    native = has_native_script(lowered)
    return any(_disguised(word, native) for word in _NON_ASCII_WORD.findall(lowered))


def _disguised(word: str, native_text: bool) -> bool:
    """A look-alike inside a Latin word, or a look-alike-only word in a non-Cyrillic text."""
    if not any(ch in _CONFUSABLE_CHARS for ch in word):
        return False
    has_latin = any("a" <= ch <= "z" for ch in word)
    return has_latin or not native_text


def collapse_spaced_letters(text: str) -> str:
    """Join runs of four or more single characters ("f r e e", "c.a.s.i.n.o") into a word."""
    if " " not in text and "." not in text:
        return text
    return _SPACED_LETTERS.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), text)


def deleet(word: str) -> str:
    """Undo common leetspeak substitutions ("v1agr@" -> "viagra") for word-list matching."""
    return word.translate(_LEET)


def squeeze_repeats(word: str) -> str:
    """Collapse runs of a repeated character ("fuuuun" -> "fun"); used as a matching key."""
    return _REPEATS.sub(r"\1", word)


def split_unspaced(text_words: list[str]) -> list[str]:
    """Words of scripts written without spaces (Chinese, Japanese, Thai) as character bigrams.

    "请问烤箱怎么设" is one "word" to the word pattern, and never recurs whole; its bigrams
    ("请问", "烤箱") do, as words of those languages.  Other words are kept as they are.
    """
    tokens: list[str] = []
    for word in text_words:
        runs = _SCRIPT_RUNS.findall(word) if _UNSPACED.search(word) else [word]
        for run in runs:  # "pythonで書きました": "python", then pairs of the Japanese
            if len(run) > 2 and _UNSPACED.match(run):
                tokens += [run[i : i + 2] for i in range(len(run) - 1)]
            else:
                tokens.append(run)
    return tokens


def non_latin_share(text: str) -> float:
    """Share of the letters that are not Latin script (0 for English, ~1 for Greek or Thai)."""
    if text.isascii():
        return 0.0
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(_is_non_latin(ch) for ch in letters) / len(letters)


def _is_non_latin(letter: str) -> bool:
    """Beyond Latin Extended-B, except Latin Extended Additional (Vietnamese "ế", "ộ")."""
    return letter > "\u024f" and not "\u1e00" <= letter <= "\u1eff"


def words(normalized_text: str) -> list[str]:
    """Split normalised text into word tokens (letters and digits, inner apostrophes kept).

    Combining marks (Thai and Indic vowel signs) stay inside their word: "नमस्ते" is one word.
    """
    if normalized_text.isascii() or not _MARK.search(normalized_text):
        return _WORD.findall(normalized_text)
    return _WORD_WITH_MARKS.findall(normalized_text)


def _combining_marks() -> str:
    """A regex class body of every combining mark (Mn, Mc, Me) in the Basic Multilingual Plane."""
    marks = [chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c))[0] == "M"]
    return "".join(re.escape(ch) for ch in marks)


def extract_urls(normalized_text: str) -> list[str]:
    """Find URLs and bare domains, including "example[.]com" and "example dot com" forms."""
    candidate = (
        _OBFUSCATED_DOT.sub(".", normalized_text)
        if "dot" in normalized_text or ("[" in normalized_text or "(" in normalized_text)
        else normalized_text
    )
    return _URL.findall(candidate)


def url_domain(url: str) -> str:
    """Return the lower-case host of a URL without "www." (empty string if none)."""
    with_scheme = url if "://" in url else "http://" + url
    try:
        host = urlsplit(with_scheme).hostname or ""
    except ValueError:
        return ""
    host = _HOST_CHARS.sub("", host.strip("."))
    return host[4:] if host.startswith("www.") else host


def top_level_domain(domain: str) -> str:
    """Return the last label of a domain ("example.co.uk" -> "uk")."""
    return domain.rsplit(".", 1)[-1] if "." in domain else ""


def looks_like_domain(value: str) -> bool:
    """True when a short string such as an author name reads like a domain or URL."""
    return bool(extract_urls(normalize(value)))


_MARKS = _combining_marks()
_MARK = re.compile(f"[{_MARKS}]")
_WORD_WITH_MARKS = re.compile(f"(?:[^\\W_]|[{_MARKS}])+(?:['\u2019](?:[^\\W_]|[{_MARKS}])+)?")
