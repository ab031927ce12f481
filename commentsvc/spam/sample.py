"""Input types: one comment as the classifier sees it, and its author's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .text import normalize, words


@dataclass(frozen=True, slots=True)
class AuthorHistory:
    """Counts of the author's earlier comments on this site, by moderation outcome.

    The caller looks these up (e.g. by a keyed hash of the e-mail address); this
    package never sees the identity itself.
    """

    approved: int = 0
    rejected: int = 0
    spam: int = 0

    @property
    def total(self) -> int:
        """Number of earlier comments with a known outcome."""
        return self.approved + self.rejected + self.spam


@dataclass(frozen=True, slots=True)
class CommentSample:
    """One comment plus the context the classifier and the rules use.

    Attributes:
        text: the comment body as submitted (plain text or Markdown source).
        author: display name the commenter typed.
        website: the website field ("" if empty).
        email_domain: ONLY the domain part of the e-mail address. If a full
            address is passed by mistake, everything up to the last "@" is
            dropped so an address can never become a model feature.
        history: the author's earlier outcomes on this site.
        seconds_to_submit: time from form render to submit; None if unknown.
        honeypot: True if the hidden honeypot field was filled in.
        recent_duplicates: how many identical bodies were posted recently.
        ip_burst: how many comments came from the same IP in the burst window.

    Behaviour fields (the last four) feed the rules only, never the model: the
    training corpus has no behaviour data, so a learned weight would be a shortcut.
    """

    text: str
    author: str = ""
    website: str = ""
    email_domain: str = ""
    history: AuthorHistory = field(default_factory=AuthorHistory)
    seconds_to_submit: float | None = None
    honeypot: bool = False
    recent_duplicates: int = 0
    ip_burst: int = 0

    def __post_init__(self) -> None:
        """Reduce an accidental full e-mail address to its domain."""
        domain = self.email_domain.rpartition("@")[2].strip().lower()
        object.__setattr__(self, "email_domain", domain)


def body_groups(samples: Sequence[CommentSample]) -> np.ndarray:
    """One integer per sample, equal for copies of a body (same words, any case or punctuation).

    Cross-validation splits by these groups, so a copy-paste campaign is never both trained
    on and scored as unseen.
    """
    keys: dict[str, int] = {}
    return np.array([keys.setdefault(body_key(s.text), len(keys)) for s in samples])


def body_key(text: str) -> str:
    """What copies of one body share: its words, whatever the case, spacing or punctuation."""
    return " ".join(words(normalize(text)))
