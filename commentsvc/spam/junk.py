"""Test posts, unfilled templates and injection probes: marks of a bot or of a probe of the form.

All are junk to a reader in any language, and none looks like spam to word n-grams:
"test 123" is short and clean, "{Great|Nice} post" is polite, "1' OR '1'='1" is a few symbols,
"Name *" could be anyone.
"""

from __future__ import annotations

import re

JUNK_FEATURES = ("test_post", "template_leftover", "form_probe")
# Spam whatever the models say (StackedSpamClassifier.certain_spam): too rare to learn.
CERTAIN_SPAM_FEATURES = ("test_post", "template_leftover", "form_probe")

# "tect" is how normalize() folds a lone Cyrillic "тест": every letter looks Latin.
_TEST_WORDS = frozenset(
    {"test", "testing", "tst", "tset", "teste", "testando", "prueba", "probando", "essai",
     "тест", "tect", "тестирую", "проверка", "asdf", "qwerty", "lorem", "ipsum"}
)  # fmt: skip
# A test post is short; "Did you test this on Windows?" is a question, not a probe, and
# "Testing in production is a bad idea" a sentence that opens with the word.
MAX_TEST_WORDS = 8
MAX_OPENING_TEST_WORDS = 4
# What a broken form or script posts in place of a comment, at least twice over.
_PLACEHOLDER_WORDS = frozenset({"undefined", "null", "nil"})
_TEMPLATE = re.compile(
    r"\{\{\s*\w+\s*\}\}"  # {{comment_body}}
    r"|%%?[A-Z_]{3,}%%?(?![\\/])"  # %KEYWORD%, but not a path such as %APPDATA%\Code
    r"|\{[\w' ]{1,40}(?:\|[\w' ]{1,40})+\}"  # {Great|Nice} spintax, not {x | x > 0}
    r"|\[object Object\]|\[no text\]"
)


# A bot that fills each field with the form's own label: "Name *" as the author, "Website"
# as the website, "Leave a Reply" as the whole comment.  An author label needs the asterisk
# or a "your", and counts only beside a short text or a second label: a privacy-minded
# reader may sign a real comment "Your Name".  Texts are whole placeholders of a few words
# ("Comment !" is French for "What!", so the bare word is not one).  The form refuses a
# website that is not an http(s) URL, so a website label only comes in imported data.
_FIELD_LABEL = re.compile(
    r"(?:(?:your|ihr|dein|votre|seu|il tuo|uw|ваше?)\s+)?"
    r"(?:name|nom|nombre|nome|naam|имя|imię|isim|nama|e-?mail|website|url)\s*\*"
    r"|(?:your|ihr|dein|votre|seu|uw)\s+(?:name|nom|nombre|nome|naam|e-?mail|website)"
)
_PLACEHOLDER_FIELDS = frozenset({"website", "url", "your website"})
_PLACEHOLDER_TEXTS = frozenset(
    {"join the discussion", "leave a reply", "leave a comment", "write a comment",
     "add a comment", "your comment", "enter your comment here",
     "schreibe einen kommentar", "kommentar schreiben", "laisser un commentaire",
     "écrire un commentaire", "deja un comentario", "escribe un comentario",
     "deixe um comentário", "escreva um comentário", "lascia un commento",
     "scrivi un commento", "plaats een reactie", "оставить комментарий",
     "оставьте комментарий", "напишите комментарий", "yorum yaz", "napisz komentarz",
     "tulis komentar"}
)  # fmt: skip
_SHORT_TEXT = 40
_TRAILING_MARKS = ".…:* "

# Injection payloads as scanners post them, not mentions of them ("the <iframe> fix worked",
# "JavaScript: The Good Parts"): a whole script element, an event handler in a tag, a
# javascript: call, a SQL tautology or time delay, template and lookup evaluation, traversal
# to a system folder.  Bounded repeats keep the search linear on crafted input.
_PROBE = re.compile(
    r"<script\b[^<>]{0,200}>[^<]{0,200}</script"
    r"|<(?:img|svg|body|iframe)\b[^<>]{0,200}\bon[a-z]{2,20}\s{0,5}=[^<>]{0,200}"
    r"|javascript:\s{0,5}\w{1,40}\s{0,5}\("
    r"|'\s{0,5}or\s{1,5}'?(\d{1,5})'?\s{0,5}=\s{0,5}'?\1\b"
    r"|\bunion\s{1,5}(?:all\s{1,5})?select\s{1,5}(?:null\b|\d)"
    r"|\bpg_sleep\s{0,5}\(\s{0,5}\d|\bwaitfor\s{1,5}delay\s{0,5}'"
    r"|\{\{\s{0,5}\d{1,5}\s{0,5}\*\s{0,5}\d{1,5}\s{0,5}\}\}"
    r"|\$\{\s{0,5}(?:jndi:[^{}]{0,200}|\d{1,5}\s{0,5}\*)"
    r"|(?:\.\./){2,}(?:etc|windows|proc|boot)\b",
    re.IGNORECASE,
)
# A probe is the whole comment: at most this many letters outside the payloads ("test",
# "admin"), counted as letters so that unspaced Chinese or Thai text is not one short word.
MAX_PROBE_LETTERS = 12
# Comment forms refuse these (forms.py); labelled CSVs and other callers of the model need not.
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def junk_features(raw: str, text_words: list[str], website: str, author: str) -> dict[str, float]:
    """1.0 flags for a test post, template or placeholder leftovers, and an injection probe."""
    site = website.strip().casefold()
    leftover = _has_template(raw, text_words) or _echoes_form_labels(raw, author, site)
    return {
        "test_post": float(_is_test_post(text_words)),
        "template_leftover": float(leftover),
        "form_probe": float(_is_probe(raw, site)),
    }


def _is_probe(raw: str, site: str) -> bool:
    """A script URL as the (stripped, casefolded) website, or a text of payloads and little else."""
    if site.startswith(_SCRIPT_SCHEMES):
        return True
    rest, payloads = _PROBE.subn(" ", raw)
    return payloads > 0 and sum(ch.isalpha() for ch in rest) <= MAX_PROBE_LETTERS


def _echoes_form_labels(raw: str, author: str, site: str) -> bool:
    """The whole comment is a placeholder, or two fields (or a label and a short text) are.

    ``site`` is the website, stripped and casefolded.
    """
    short = len(raw) < _SHORT_TEXT
    if short and raw.strip().casefold().rstrip(_TRAILING_MARKS) in _PLACEHOLDER_TEXTS:
        return True
    labels = int(site in _PLACEHOLDER_FIELDS) + int(
        bool(_FIELD_LABEL.fullmatch(author.strip().casefold()))
    )
    return labels == 2 or (labels == 1 and short)


def _is_test_post(text_words: list[str]) -> bool:
    """A third or more test words, or a very short text opening with one."""
    if not text_words or len(text_words) > MAX_TEST_WORDS:
        return False
    tests = sum(w in _TEST_WORDS for w in text_words)
    opens = text_words[0] in _TEST_WORDS and len(text_words) <= MAX_OPENING_TEST_WORDS
    return tests > 0 and (opens or 3 * tests >= len(text_words))


def _has_template(raw: str, text_words: list[str]) -> bool:
    """Spintax, {{variables}}, %MACROS% or a text made only of placeholders ("undefined")."""
    if len(text_words) >= 2 and all(w in _PLACEHOLDER_WORDS for w in text_words):
        return True
    return ("{" in raw or "%" in raw or "[" in raw) and bool(_TEMPLATE.search(raw))
