"""Spam and abuse classifier core: pure Python, no web framework, database or Redis.

Typical use by the app::

    model = ensure_default_model(model_dir)          # or ModelRegistry(dir).load_current()
    verdict = score(model, CommentSample(text, author=..., ...), RuleConfig())
    status = route(verdict, "post", Thresholds(), author_has_approved_history=True)
    queue_score = priority(verdict)                  # lower = served first
"""

from .corpus import Corpus, load_corpus
from .evaluation import cross_validate, evaluate, leave_one_family_out
from .lifecycle import (
    PromotionPolicy,
    PromotionResult,
    ensure_default_model,
    promote_if_not_worse,
    train_and_maybe_promote,
    train_default_model,
)
from .model import FORMAT_VERSION, ModelMetadata, TrainedModel, train
from .offensive import OffensiveScorer, default_scorer
from .persistence import load_model, save_model
from .registry import ModelRegistry
from .report import write_report
from .rules import Reason, RuleConfig, evaluate_rules
from .sample import AuthorHistory, CommentSample
from .scoring import Thresholds, Verdict, priority, route, score

__all__ = [
    "FORMAT_VERSION",
    "AuthorHistory",
    "CommentSample",
    "Corpus",
    "ModelMetadata",
    "ModelRegistry",
    "OffensiveScorer",
    "PromotionPolicy",
    "PromotionResult",
    "Reason",
    "RuleConfig",
    "Thresholds",
    "TrainedModel",
    "Verdict",
    "cross_validate",
    "default_scorer",
    "ensure_default_model",
    "evaluate",
    "evaluate_rules",
    "leave_one_family_out",
    "load_corpus",
    "load_model",
    "priority",
    "promote_if_not_worse",
    "route",
    "save_model",
    "score",
    "train",
    "train_and_maybe_promote",
    "train_default_model",
    "write_report",
]
