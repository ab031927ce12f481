"""Turn a CommentSample into named signals: word tokens, char n-grams and numeric features.

Everything here is a pure function of the sample, so the same code serves
training (batch) and scoring (one comment).  Behaviour fields are deliberately
absent: they are handled by the rules (see ``sample.CommentSample``).
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from itertools import pairwise

from .junk import JUNK_FEATURES, junk_features
from .lexical import LEXICAL_FEATURES, lexical_features
from .pitch import PITCH_FEATURES, pitch_features
from .praise import PRAISE_FEATURES, praise_features, trade_words
from .promo import PROMO_FEATURES, promo_features
from .sample import CommentSample
from .shape import SHAPE_FEATURES, shape_features
from .text import (
    URL_SHORTENERS,
    deleet,
    extract_urls,
    is_obfuscated,
    non_latin_share,
    normalize,
    split_unspaced,
    top_level_domain,
    url_domain,
    words,
)

# Long comments add little signal after the first few thousand characters.
MAX_TEXT_CHARS = 3000
CHAR_NGRAM_SIZES = (3, 4, 5)
HOST_NGRAM_SIZES = (4, 5)
# Letters counted at least this many times in casing and digit ratios.
RATIO_FLOOR = 20

# Words that keyword-stuffed author names ("Best Cheap Loans Online") are made of.
COMMERCIAL_WORDS = frozenset(
    [
        "buy",
        "cheap",
        "best",
        "free",
        "loan",
        "loans",
        "casino",
        "seo",
        "online",
        "pills",
        "viagra",
        "crypto",
        "bitcoin",
        "forex",
        "escort",
        "sale",
        "discount",
        "deal",
        "deals",
        "marketing",
        "agency",
        "services",
        "service",
        "top",
        "review",
        "reviews",
        "download",
        "shop",
        "store",
        "price",
        "bet",
        "betting",
        "payday",
        "insurance",
        "replica",
        "followers",
    ]
)

META_FEATURES: tuple[str, ...] = (
    "links_count", "links_distinct_domains", "link_shortener", "link_in_author",
    "author_domain_like", "author_many_words", "author_commercial_words", "author_has_digits",
    "author_empty", "website_present", "website_linked_in_text", "email_domain_missing",
    "website_personal", "link_after_text", "first_person_story", "non_latin_script",
    "text_length", "uppercase_ratio", "digit_ratio", "exclamations", "money_symbols",
    "phone_number", "email_in_text", "text_obfuscated",
    "history_approved", "history_rejected", "history_spam",
    *SHAPE_FEATURES, *PROMO_FEATURES, *PRAISE_FEATURES, *LEXICAL_FEATURES,
    *JUNK_FEATURES, *PITCH_FEATURES,
)  # fmt: skip

_ASCII_LOWER = string.ascii_lowercase.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()
_ASCII_DIGITS = string.digits.encode()
_MONEY_SYMBOLS = "$€£₹¥"
_MONEY = re.compile(rf"[{_MONEY_SYMBOLS}]|\busd\b|\beur\b")
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")
_HOST_SPLIT = re.compile(r"[^a-z]+")
_HOST_NOISE = frozenset({"www", "com", "org", "net", "co"})
# Someone telling what they did or made themselves ("I wrote", "we did", "I've been teaching").
_FIRST_PERSON = re.compile(
    r"\b(?:i|we)(?:'ve| have| had)?\s+(?:\w+\s+)?(?:did|wrote|write|went|made|grow|paint"
    r"|keep|blog|podcast|surveyed|translated|built|tried|took|teach|teaching|published|ran"
    r"|measured|tested|mapped|put)\b"
)
_PLATFORM_HOSTS = frozenset(
    {"instagram", "tiktok", "youtube", "youtu", "spotify", "t", "me", "facebook", "twitter",
     "x", "linktr", "onlyfans", "patreon", "discord", "telegram", "wa", "twitch"}
)  # fmt: skip
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


# A word to cut into character n-grams, with its marker: "" for the text, "~" for a host
# name piece, "^" for a word of the author name.
GramPiece = tuple[str, str]


@dataclass(frozen=True, slots=True)
class SampleSignals:
    """Named raw signals of one sample, before vocabulary lookup.

    Character n-grams are kept as the distinct words they are cut from: a scorer can
    then look each word up once and cache its columns, as words recur across comments.
    """

    tokens: list[str]
    gram_pieces: list[GramPiece]
    meta: dict[str, float]

    @property
    def char_ngrams(self) -> list[str]:
        """All marked character n-grams of the pieces."""
        return [gram for piece in self.gram_pieces for gram in piece_ngrams(piece)]


def extract_signals(sample: CommentSample) -> SampleSignals:
    """Compute word/prefixed tokens, character n-grams and numeric meta features."""
    raw = sample.text[:MAX_TEXT_CHARS]
    text = normalize(raw, keep_native=True)
    urls = extract_urls(text)
    domains = [d for d in (url_domain(u) for u in urls) if d]
    prose = _strip_urls(text, urls)
    text_words = words(prose)
    # Read by several signals below, so worked out once.
    site = website_host(sample)
    author_words = words(normalize(sample.author))
    context = _context_tokens(sample, domains, site, author_words)
    tokens = _word_tokens(split_unspaced(text_words)) + context
    meta = {
        **_link_features(urls, domains, sample, site, author_words),
        "link_after_text": float(_link_after_text(urls, text)),
        **_author_features(sample.author, author_words),
        **_text_features(raw, text, prose),
        **_history_features(sample),
        **shape_features(raw, text_words),
        **lexical_features(text_words),
        **junk_features(raw, text_words, sample.website, sample.author),
        # Without the URLs: "youtube.com/watch" in a link is no "follow my YouTube".
        **promo_features(raw, prose),
        **pitch_features(prose, text_words),
        **praise_features(prose, _trade_words(site, domains, author_words)),
        "first_person_story": float(bool(_FIRST_PERSON.search(text))),
        # Lets the trees weigh a website or a link differently where few words are known.
        "non_latin_script": non_latin_share(prose),
    }
    pieces = gram_pieces(text_words, domains, site, author_words)
    return SampleSignals(tokens, pieces, {k: v for k, v in meta.items() if v})


def _deleeted(text_words: list[str]) -> list[str]:
    """Leetspeak-decoded copies of words mixing letters and digits ("v1agra" -> "viagra")."""
    return [
        deleet(w)
        for w in text_words
        if not w.isalpha() and not w.isdigit() and any(ch.isalpha() for ch in w)
    ]


def _strip_urls(text: str, urls: list[str]) -> str:
    """Remove URLs so their fragments do not pollute the word tokens."""
    for url in urls:
        text = text.replace(url, " ")
    return text


def _word_tokens(text_words: list[str]) -> list[str]:
    """Word unigrams and bigrams."""
    bigrams = [f"{a} {b}" for a, b in pairwise(text_words)]
    return text_words + bigrams


def char_ngrams(text_words: list[str], sizes: tuple[int, ...] = CHAR_NGRAM_SIZES) -> list[str]:
    """Character n-grams inside space-padded words; they survive "v1agra" and "you[tube]".

    Each distinct word is cut once: the n-gram block only records which n-grams occur.
    """
    grams: list[str] = []
    for word in dict.fromkeys(text_words):
        padded = f" {word} "
        for size in sizes:
            grams += [padded[i : i + size] for i in range(len(padded) - size + 1)]
    return grams


def gram_pieces(
    text_words: list[str], domains: list[str], site: str, author_words: list[str]
) -> list[GramPiece]:
    """Distinct words to cut: the text's (and their de-leeted forms), host and author names.

    Host names and the author name are marked, so "casinobonusguru" gives "~sino".
    """
    plain = dict.fromkeys(text_words + _deleeted(text_words))
    hosts = _domain_words([site, *domains])
    name = dict.fromkeys(author_words)
    return [("", w) for w in plain] + [("~", w) for w in hosts] + [("^", w) for w in name]


def piece_ngrams(piece: GramPiece) -> list[str]:
    """Marked character n-grams of one piece: sizes 3-5 for text, 4-5 for names."""
    marker, word = piece
    sizes = HOST_NGRAM_SIZES if marker else CHAR_NGRAM_SIZES
    return [marker + gram for gram in char_ngrams([word], sizes)]


def _context_tokens(
    sample: CommentSample, domains: list[str], site: str, author_words: list[str]
) -> list[str]:
    """Prefixed tokens for link domains, author words, website and e-mail domain."""
    tokens = [f"domain:{d}" for d in domains] + [f"tld:{top_level_domain(d)}" for d in domains]
    tokens += [f"author:{w}" for w in author_words]
    if site:
        tokens.append(f"website_tld:{top_level_domain(site)}")
    tokens += [f"site:{piece}" for piece in _domain_words([site, *domains])]
    if sample.email_domain:
        tokens.append(f"email_domain:{sample.email_domain}")
    return tokens


def website_host(sample: CommentSample) -> str:
    """Host of the website field ("" when empty), e.g. "keto-gummies.store"."""
    return url_domain(normalize(sample.website)) if sample.website else ""


def _domain_words(hosts: list[str]) -> list[str]:
    """Distinct words of host names without their TLD ("keto-gummies.store" -> keto, gummies)."""
    pieces = {p for host in hosts for p in _HOST_SPLIT.split(host.rpartition(".")[0]) if len(p) > 2}
    return sorted(pieces - _HOST_NOISE)


def _link_features(
    urls: list[str], domains: list[str], sample: CommentSample, site: str, author_words: list[str]
) -> dict[str, float]:
    """Link counts, shorteners, a link in the author name, and self-linking to the website."""
    return {
        "links_count": math.log1p(len(urls)),
        "links_distinct_domains": math.log1p(len(set(domains))),
        "link_shortener": float(any(d in URL_SHORTENERS for d in domains)),
        "link_in_author": float(_has_link(sample.author)),
        "website_present": float(bool(sample.website.strip())),
        "website_linked_in_text": float(bool(site) and site in domains),
        "email_domain_missing": float(not sample.email_domain),
        "website_personal": float(_website_personal(sample, author_words)),
    }


def _website_personal(sample: CommentSample, author_words: list[str]) -> bool:
    """The website carries the author's own name and no commercial words: a personal site."""
    site = normalize(sample.website)
    if not site:
        return False
    host = url_domain(site)
    pieces = set(_HOST_SPLIT.split(host))
    if pieces & _PLATFORM_HOSTS or pieces & COMMERCIAL_WORDS:
        return False
    name = [w for w in author_words if len(w) >= 3 and w.isalpha()]
    if not name or len(name) > 3 or any(w in COMMERCIAL_WORDS for w in name):
        return False
    compact = _HOST_SPLIT.sub("", site.split("://")[-1])
    return any(w in compact for w in name)


def _trade_words(site: str, domains: list[str], author_words: list[str]) -> int:
    """Trade words ("repair", "cbd", "casino") in the website, link hosts and author name."""
    hosts = [p for host in [site, *domains] for p in _HOST_SPLIT.split(host.rpartition(".")[0])]
    return trade_words([p for p in hosts if p], author_words)


def _link_after_text(urls: list[str], text: str) -> bool:
    """Exactly one link, placed after a real sentence (>= 12 words before it)."""
    if len(urls) != 1:
        return False
    position = text.find(urls[0])
    return position > 0 and len(words(text[:position])) >= 12


def _has_link(author: str) -> bool:
    """True when the author field contains an explicit URL."""
    lowered = author.casefold()
    return "http" in lowered or "www." in lowered or "://" in lowered


def _author_features(author: str, name_words: list[str]) -> dict[str, float]:
    """Shape of the author name: domain-like, keyword-stuffed, digits, length."""
    return {
        "author_domain_like": float(bool(extract_urls(normalize(author)))),
        "author_many_words": float(len(name_words) >= 4),
        "author_commercial_words": float(min(sum(w in COMMERCIAL_WORDS for w in name_words), 3)),
        "author_has_digits": float(any(ch.isdigit() for ch in author)),
        "author_empty": float(not name_words),
    }


def _text_features(raw: str, text: str, prose: str) -> dict[str, float]:
    """Length, casing, digits, punctuation, money, phone numbers, obfuscation.

    Phone numbers are looked for in ``prose`` (URLs removed): dates in links are no phones.
    """
    letters, upper, digits = _char_counts(raw)
    # A floor on the denominator: "+1", "10/10" or "OMG" are short, not digit- or caps-heavy.
    letters = max(letters, RATIO_FLOOR)
    return {
        "text_length": math.log1p(len(raw)) / 4,
        "uppercase_ratio": upper / letters,
        "digit_ratio": min(digits / letters, 1.0),
        "exclamations": min(raw.count("!"), 5) / 5,
        "money_symbols": float(_has_money(text)),
        "phone_number": float(_has_phone(prose)),
        "email_in_text": float("@" in text and bool(_EMAIL.search(text))),
        "text_obfuscated": float(is_obfuscated(raw)),
    }


def _char_counts(raw: str) -> tuple[int, int, int]:
    """(letters, upper-case letters, digits); ASCII text is counted by bytes, ~50x faster."""
    if not raw.isascii():
        return sum(map(str.isalpha, raw)), sum(map(str.isupper, raw)), sum(map(str.isdigit, raw))
    data = raw.encode("ascii")
    lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    digits = len(data) - len(data.translate(None, _ASCII_DIGITS))
    return lower + upper, upper, digits


def _has_money(text: str) -> bool:
    """A currency symbol, "usd" or "eur"; the plain ``in`` tests spare most texts a regex scan."""
    if any(symbol in text for symbol in _MONEY_SYMBOLS):
        return True
    return ("usd" in text or "eur" in text) and bool(_MONEY.search(text))


def _has_phone(prose: str) -> bool:
    """A run of 9+ digits with phone separators: dates ("2024-06-28") and scores are shorter."""
    return any(sum(ch.isdigit() for ch in match) >= 9 for match in _PHONE.findall(prose))


def _history_features(sample: CommentSample) -> dict[str, float]:
    """The author's earlier outcomes, log-scaled; all zero for the built-in corpus."""
    history = sample.history
    return {
        "history_approved": math.log1p(history.approved) / 3,
        "history_rejected": math.log1p(history.rejected) / 3,
        "history_spam": math.log1p(history.spam) / 3,
    }
