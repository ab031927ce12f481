"""Per-site rules with named reasons; they run beside the model, with or without one.

Each rule maps to an action: "spam" (drop into the spam folder), "reject"
(refuse outright) or "hold" (send to a human).  Behaviour signals live here
rather than in the model because the training corpus has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .offensive import OffensiveScorer, TermMatcher, default_scorer
from .sample import CommentSample
from .text import extract_urls, normalize

Action = Literal["spam", "reject", "hold"]
ACTION_SEVERITY: dict[str, int] = {"hold": 1, "reject": 2, "spam": 3}


@dataclass(frozen=True)
class RuleConfig:
    """Per-site rule settings; set a threshold to None (or False) to switch a rule off.

    Attributes:
        honeypot: hidden field filled in -> spam ("honeypot").
        min_seconds_to_submit: submitted faster than this -> spam ("too_fast").
        banned_words: any listed word/phrase -> reject ("banned_word").
        suspect_words: any listed word/phrase -> hold ("suspect_word").
        max_links: more links than this in the body -> hold ("too_many_links").
        duplicate_threshold: this many identical recent bodies -> duplicate_action ("duplicate").
        ip_burst_threshold: this many recent comments from the IP -> hold ("ip_burst").
        offensive_threshold: offensive score at or above this -> hold ("offensive").
        spam_history_threshold: author with this many spam and no approved -> hold
            ("author_spam_history").
    """

    honeypot: bool = True
    min_seconds_to_submit: float | None = 3.0
    banned_words: tuple[str, ...] = ()
    suspect_words: tuple[str, ...] = ()
    max_links: int | None = 2
    duplicate_threshold: int | None = 1
    duplicate_action: Literal["hold", "spam"] = "hold"
    ip_burst_threshold: int | None = 5
    offensive_threshold: float | None = 0.5
    spam_history_threshold: int | None = 2


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a verdict came out as it did.

    kind "rule": a rule fired; ``action`` is its action, ``detail`` says what matched.
    kind "feature": a model feature; ``weight`` is its log-odds contribution
    (positive pushes towards spam), ``action`` is None.
    """

    kind: Literal["rule", "feature"]
    name: str
    action: Action | None = None
    weight: float | None = None
    detail: str = ""


RuleCheck = Callable[[CommentSample, RuleConfig], Reason | None]


def _rule(name: str, action: Action, detail: str) -> Reason:
    """A fired rule."""
    return Reason(kind="rule", name=name, action=action, detail=detail)


def check_honeypot(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """Honeypot field filled in."""
    return (
        _rule("honeypot", "spam", "hidden field filled")
        if config.honeypot and sample.honeypot
        else None
    )


def check_too_fast(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """Form submitted faster than a human could type; unknown timing never fires."""
    limit, seconds = config.min_seconds_to_submit, sample.seconds_to_submit
    if limit is None or seconds is None or seconds >= limit:
        return None
    return _rule("too_fast", "spam", f"{seconds:.1f}s < {limit:g}s")


def check_banned_words(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """A banned word or phrase, matched whole-word through obfuscation."""
    hits = word_matcher(config.banned_words).find(sample.text)
    return _rule("banned_word", "reject", hits[0][1]) if hits else None


def check_suspect_words(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """A suspect word or phrase."""
    hits = word_matcher(config.suspect_words).find(sample.text)
    return _rule("suspect_word", "hold", hits[0][1]) if hits else None


def check_too_many_links(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """More links in the body than the site allows."""
    if config.max_links is None:
        return None
    count = len(extract_urls(normalize(sample.text)))
    return _rule("too_many_links", "hold", f"{count} links") if count > config.max_links else None


def check_duplicate(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """Same body posted recently (count supplied by the caller)."""
    threshold = config.duplicate_threshold
    if threshold is None or sample.recent_duplicates < threshold:
        return None
    return _rule("duplicate", config.duplicate_action, f"{sample.recent_duplicates} recent copies")


def check_ip_burst(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """Burst of comments from the same IP (count supplied by the caller)."""
    threshold = config.ip_burst_threshold
    if threshold is None or sample.ip_burst < threshold:
        return None
    return _rule("ip_burst", "hold", f"{sample.ip_burst} recent comments from this IP")


def check_spam_history(sample: CommentSample, config: RuleConfig) -> Reason | None:
    """Author whose earlier comments were spam and never approved."""
    threshold, history = config.spam_history_threshold, sample.history
    if threshold is None or history.approved or history.spam < threshold:
        return None
    return _rule("author_spam_history", "hold", f"{history.spam} earlier spam")


RULES: tuple[RuleCheck, ...] = (
    check_honeypot,
    check_too_fast,
    check_banned_words,
    check_suspect_words,
    check_too_many_links,
    check_duplicate,
    check_ip_burst,
    check_spam_history,
)


def check_offensive(
    sample: CommentSample, config: RuleConfig, scorer: OffensiveScorer | None = None
) -> Reason | None:
    """Offensive-language score at or above the threshold."""
    if config.offensive_threshold is None:
        return None
    result = (scorer or default_scorer()).score(sample.text)
    if result.score < config.offensive_threshold:
        return None
    return Reason("rule", "offensive", "hold", result.score, ", ".join(result.terms))


def evaluate_rules(
    sample: CommentSample, config: RuleConfig, offensive: OffensiveScorer | None = None
) -> list[Reason]:
    """Every rule that fires for this sample, in a stable order."""
    fired = [reason for check in RULES if (reason := check(sample, config))]
    offensive_reason = check_offensive(sample, config, offensive)
    return [*fired, offensive_reason] if offensive_reason else fired


def strongest_action(reasons: list[Reason]) -> Action | None:
    """The most severe rule action: spam > reject > hold; None if no rule fired."""
    actions = [r.action for r in reasons if r.kind == "rule" and r.action]
    return max(actions, key=ACTION_SEVERITY.__getitem__, default=None)


@lru_cache(maxsize=64)
def word_matcher(words: tuple[str, ...]) -> TermMatcher:
    """Matcher for a site's word list, cached because configs are immutable."""
    return TermMatcher(words)
