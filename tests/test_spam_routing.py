"""Routing guards: a few words with nothing promotional never go to spam on the model alone."""

from __future__ import annotations

import pytest

from commentsvc.spam import CommentSample, Thresholds, Verdict, route
from commentsvc.spam.rules import Reason
from commentsvc.spam.scoring import is_low_evidence


@pytest.mark.parametrize("text", ["lol", "+1", "Agree 100%", "Thanks!", "Nope.", "merci !"])
def test_short_plain_replies_are_low_evidence(text):
    assert is_low_evidence(CommentSample(text))


@pytest.mark.parametrize(
    "text",
    [
        "asdf",
        "asdkjh asdkjh qweqwe",
        "DM me @growfast",
        "call 0770 090 0123",
        "visit http://x.example",
        "This comment has quite a few words in it.",
    ],
)
def test_mash_links_contacts_and_real_sentences_are_not(text):
    assert not is_low_evidence(CommentSample(text))


def test_a_website_is_evidence():
    assert not is_low_evidence(CommentSample("nice", website="https://shop.example"))


def test_low_evidence_is_held_not_sent_to_spam():
    verdict = Verdict(0.99, [], None, "v1", low_evidence=True)
    assert route(verdict, "pre", Thresholds()) == "pending"
    assert route(verdict, "post", Thresholds(), author_has_approved_history=True) == "pending"


def test_rules_still_send_low_evidence_to_spam():
    honeypot = Reason("rule", "honeypot", "spam")
    verdict = Verdict(0.99, [honeypot], "spam", "v1", low_evidence=True)
    assert route(verdict, "post", Thresholds()) == "spam"


def test_enough_evidence_goes_to_spam():
    assert route(Verdict(0.95, [], None, "v1"), "pre", Thresholds()) == "spam"
