"""Each rule fires on a crafted comment and stays quiet on a clean one; offensive scoring."""

from __future__ import annotations

import pytest

from commentsvc.spam import AuthorHistory, CommentSample, RuleConfig, evaluate_rules
from commentsvc.spam.offensive import OffensiveScorer, TermMatcher, default_scorer
from commentsvc.spam.rules import strongest_action

CLEAN = CommentSample("Thanks, the bridge piece was really well researched.", seconds_to_submit=40)
CONFIG = RuleConfig(banned_words=("casino",), suspect_words=("crypto",))


def names(sample: CommentSample, config: RuleConfig = CONFIG) -> list[str]:
    """Names of the rules that fire."""
    return [r.name for r in evaluate_rules(sample, config)]


def test_clean_comment_fires_nothing() -> None:
    assert names(CLEAN) == []


@pytest.mark.parametrize(
    ("sample", "rule", "action"),
    [
        (CommentSample("hi", honeypot=True), "honeypot", "spam"),
        (CommentSample("hi", seconds_to_submit=1.2), "too_fast", "spam"),
        (CommentSample("best c4sino in town"), "banned_word", "reject"),
        (CommentSample("I like crypto"), "suspect_word", "hold"),
        (CommentSample("a.com b.com c.com"), "too_many_links", "hold"),
        (CommentSample("hi", recent_duplicates=1), "duplicate", "hold"),
        (CommentSample("hi", ip_burst=7), "ip_burst", "hold"),
        (CommentSample("hi", history=AuthorHistory(spam=3)), "author_spam_history", "hold"),
        (CommentSample("you are a stupid idiot"), "offensive", "hold"),
    ],
)
def test_each_rule_fires_with_its_action(sample: CommentSample, rule: str, action: str) -> None:
    reasons = {r.name: r for r in evaluate_rules(sample, CONFIG)}
    assert rule in reasons
    assert reasons[rule].action == action


def test_unknown_timing_is_not_too_fast() -> None:
    assert "too_fast" not in names(CommentSample("hi", seconds_to_submit=None))


def test_rules_can_be_switched_off() -> None:
    off = RuleConfig(honeypot=False, min_seconds_to_submit=None, max_links=None)
    sample = CommentSample("a.com b.com c.com", honeypot=True, seconds_to_submit=0.1)
    assert names(sample, off) == []


def test_duplicate_action_is_configurable() -> None:
    config = RuleConfig(duplicate_action="spam")
    assert (
        strongest_action(evaluate_rules(CommentSample("x", recent_duplicates=2), config)) == "spam"
    )


def test_strongest_action_prefers_spam_then_reject() -> None:
    sample = CommentSample("casino casino crypto", honeypot=True)
    assert strongest_action(evaluate_rules(sample, CONFIG)) == "spam"
    assert strongest_action(evaluate_rules(CommentSample("casino crypto"), CONFIG)) == "reject"


def test_word_lists_are_whole_word() -> None:
    assert TermMatcher(["ass"]).find("a classic assessment") == []
    assert TermMatcher(["ass"]).find("what an a$$") == [(2, "ass")]


@pytest.mark.parametrize(
    "text",
    [
        "you are an idiot",
        "f u c k you",
        "what a 1d10t, you m0r0n",
        "YOU \u0406D\u0406\u041e\u0422!!",
    ],
)
def test_offensive_sees_through_obfuscation(text: str) -> None:
    assert default_scorer().score(text).score >= 0.5


@pytest.mark.parametrize("text", ["du bist ein arschloch", "eres un pendejo", "vaffanculo"])
def test_offensive_covers_other_languages(text: str) -> None:
    assert default_scorer().score(text).score >= 0.5


@pytest.mark.parametrize(
    "text", ["The Scunthorpe council met today", "Classic assessment.", "It was a hard match"]
)
def test_offensive_quiet_on_clean_text(text: str) -> None:
    assert default_scorer().score(text).score == 0.0


def test_targeted_insult_scores_higher() -> None:
    scorer = OffensiveScorer({"idiot": 0.35})
    assert scorer.score("you idiot").score > scorer.score("I felt like an idiot").score


def test_phrase_consumes_its_words() -> None:
    result = default_scorer().score("hijo de puta")
    assert result.terms == ("hijo de puta",)
