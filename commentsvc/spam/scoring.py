"""The app's entry points: ``score`` a comment, ``route`` the verdict, ``priority`` in the queue."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from . import offensive as offensive_module
from . import shape as shape_module
from . import text as text_module
from .model import Explanation, TrainedModel
from .offensive import OffensiveScorer
from .promo import promo_features
from .rules import Action, Reason, RuleConfig, evaluate_rules, strongest_action
from .sample import CommentSample
from .shape import shape_features
from .text import extract_urls, normalize, words

logger = logging.getLogger(__name__)

Mode = Literal["pre", "post"]
Route = Literal["spam", "pending", "approved", "rejected"]
TOP_FEATURES = 5
FALLBACK_SPAM = 0.9
# Fewer words than this, with nothing promotional, is too little for the model to condemn.
LOW_EVIDENCE_WORDS = 4
# With fewer than a fifth of five or more words known, the model cannot read the text.
UNFAMILIAR_MIN_WORDS = 5
UNFAMILIAR_KNOWN_SHARE = 0.2
_PHONE = re.compile(r"(?:\d[\s().-]*){7,}")


@dataclass(frozen=True)
class Verdict:
    """Result of scoring one comment.

    Attributes:
        probability: the model's spam probability, or None when no model is loaded.
        reasons: fired rules first, then the model's top features by |contribution|.
        rule_action: the most severe rule action (spam > reject > hold) or None.
        model_version: version of the model that scored it, or None.
        low_evidence: too little text (or too few words the model knows) for the model
            alone to send it to spam.
        model_threshold: the scoring model's own spam cut-off, or None.
    """

    probability: float | None
    reasons: list[Reason] = field(default_factory=list)
    rule_action: Action | None = None
    model_version: str | None = None
    low_evidence: bool = False
    model_threshold: float | None = None

    @property
    def rule_names(self) -> list[str]:
        """Names of the rules that fired."""
        return [r.name for r in self.reasons if r.kind == "rule"]


@dataclass(frozen=True)
class Thresholds:
    """Probability cut-offs: p >= spam goes to spam, p <= ham counts as likely ham.

    ``spam`` None means the model's own threshold, learned in training so that at most
    1% of held-out ham reaches it (``FALLBACK_SPAM`` if the model has none).
    """

    spam: float | None = None
    ham: float = 0.2

    def __post_init__(self) -> None:
        """Reject thresholds that overlap or leave [0, 1]."""
        spam = 1.0 if self.spam is None else self.spam
        if not 0.0 <= self.ham < spam <= 1.0:
            raise ValueError(f"need 0 <= ham < spam <= 1, got ham={self.ham} spam={self.spam}")

    def spam_cutoff(self, verdict: Verdict) -> float:
        """The site's spam threshold, else the model's, else ``FALLBACK_SPAM``."""
        if self.spam is not None:
            return self.spam
        return verdict.model_threshold if verdict.model_threshold is not None else FALLBACK_SPAM


def score(
    model: TrainedModel | None,
    sample: CommentSample,
    rules_config: RuleConfig | None = None,
    *,
    offensive: OffensiveScorer | None = None,
    top_features: int = TOP_FEATURES,
) -> Verdict:
    """Score one comment with the rules and, if given, the model. Never raises for a bad model.

    A model that fails at scoring time is logged and ignored (rules-only verdict).
    """
    reasons = evaluate_rules(sample, rules_config or RuleConfig(), offensive)
    action = strongest_action(reasons)
    low = is_low_evidence(sample)
    if low:
        reasons.append(Reason("rule", "short_text", None, None, "too short to judge alone"))
    if model is None:
        return Verdict(None, reasons, action, None)
    try:
        explanation = model.explain(sample, top_features)
        cutoff = model.threshold
    except Exception:  # a broken model must not take comment posting down with it
        logger.warning("model %s failed to score; using rules only", model.version, exc_info=True)
        return Verdict(None, reasons, action, None)
    unfamiliar = not low and is_unfamiliar(sample, explanation)
    if unfamiliar:
        known = f"{explanation.known_words} of {explanation.words} words known"
        reasons.append(Reason("rule", "unfamiliar_language", None, None, known))
    features = [Reason("feature", name, None, w) for name, w in explanation.contributions]
    evidence = low or unfamiliar
    return Verdict(
        explanation.probability, reasons + features, action, model.version, evidence, cutoff
    )


def is_unfamiliar(sample: CommentSample, explanation: Explanation) -> bool:
    """Enough words, but few the model knows, and no link, mash, promotion or phone number.

    In a language the model has barely seen, only the form fields (a website, an email
    domain) are left to it, and those alone must not send a reader's comment to spam.
    """
    if explanation.words < UNFAMILIAR_MIN_WORDS:
        return False
    if explanation.known_words / explanation.words >= UNFAMILIAR_KNOWN_SHARE:
        return False
    text = normalize(sample.text)
    return not has_spam_cues(sample, text, words(text))


def clear_word_caches() -> None:
    """Empty the module-level caches of normalised strings, token keys and word shapes.

    For benchmarks: a freshly started worker scores its first comments with them empty.
    A model's own n-gram cache is not touched: it starts empty when the model is loaded.
    """
    for cached in (text_module._normalize_short, text_module._normalize_recent):
        cached.cache_clear()
    offensive_module._cached_token_keys.cache_clear()
    shape_module._cached_word_shape.cache_clear()


def is_low_evidence(sample: CommentSample) -> bool:
    """A few words with no website, link, contact or promotion: "+1", "lol", "Agree 100%".

    Such replies are common from real readers and the model cannot tell them from a bot's
    test post, so the model alone never sends them to spam; a moderator sees them instead.
    """
    text = normalize(sample.text)
    tokens = words(text)
    if len(tokens) >= LOW_EVIDENCE_WORDS or sample.website:
        return False
    return not has_spam_cues(sample, text, tokens)


def has_spam_cues(sample: CommentSample, text: str, tokens: list[str]) -> bool:
    """A link, keyboard mash, promotion or phone number in the text: evidence enough to act on.

    ``text`` is the normalised body and ``tokens`` its words.
    """
    if extract_urls(text):
        return True
    shape = shape_features(sample.text, tokens)
    if shape["keyboard_walk"] >= 0.5 or shape["consonant_run"] >= 0.2:
        return True  # "asdf", "qwerty", "xjkqzt"
    return any(promo_features(sample.text, text).values()) or bool(_PHONE.search(text))


def route(
    verdict: Verdict,
    mode: Mode,
    thresholds: Thresholds | None = None,
    author_has_approved_history: bool = False,
) -> Route:
    """Where a comment goes.

    spam rule or p >= spam threshold -> "spam"; banned word -> "rejected";
    pre-moderation -> "pending" otherwise; post-moderation -> "approved" only
    when no rule held it, the author has approved history and p <= ham
    threshold (or no model is loaded), else "pending".
    """
    limits = thresholds or Thresholds()
    p = verdict.probability
    cutoff = limits.spam_cutoff(verdict)
    model_says_spam = p is not None and p >= cutoff and not verdict.low_evidence
    if verdict.rule_action == "spam" or model_says_spam:
        return "spam"
    if verdict.rule_action == "reject":
        return "rejected"
    if mode == "pre" or verdict.rule_action == "hold" or not author_has_approved_history:
        return "pending"
    return "approved" if p is None or p <= limits.ham else "pending"


# Urgency added on top of model uncertainty (which is in [0, 1]).
HARM_URGENCY = {"offensive": 1.0, "hold": 0.5}
PRIORITY_CEILING = 3.0


def priority(verdict: Verdict) -> float:
    """Moderation-queue score: LOWER value = served first (Redis ZRANGE ascending).

    urgency = uncertainty + harm, where uncertainty = 1 - 2|p - 0.5| (0.5 when
    there is no model) and harm is +1 for an offensive hit or +0.5 for any
    other hold rule.  Returns PRIORITY_CEILING - urgency, so values lie in
    [0.0, 3.0]: an offensive, uncertain comment comes before a clear one.
    """
    p = verdict.probability
    uncertainty = 0.5 if p is None else 1.0 - 2.0 * abs(p - 0.5)
    names = verdict.rule_names
    if "offensive" in names:
        harm = HARM_URGENCY["offensive"]
    elif verdict.rule_action == "hold":
        harm = HARM_URGENCY["hold"]
    else:
        harm = 0.0
    return PRIORITY_CEILING - (uncertainty + harm)
