"""Test posts and unfilled templates: the marks of a bot or of someone probing the form.

Both are junk to a reader in any language, and neither looks like spam to word
n-grams: "test 123" is short and clean, "{Great|Nice} post" is polite.
"""

from __future__ import annotations

import re

JUNK_FEATURES = ("test_post", "template_leftover")
# Spam whatever the models say (StackedSpamClassifier.certain_spam): too rare to learn.
CERTAIN_SPAM_FEATURES = ("test_post", "template_leftover")

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


def junk_features(raw: str, text_words: list[str]) -> dict[str, float]:
    """1.0 flags for a test post and for template or placeholder leftovers."""
    return {
        "test_post": float(_is_test_post(text_words)),
        "template_leftover": float(_has_template(raw, text_words)),
    }


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
