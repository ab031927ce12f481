"""Routing guards: the model alone never sends a few plain words, or unreadable text, to spam."""

from __future__ import annotations

import pytest

from commentsvc.spam import CommentSample, Thresholds, Verdict, route, score
from commentsvc.spam.rules import Reason
from commentsvc.spam.scoring import is_low_evidence
from tests.spam_fixtures import toy_model


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


THAI = "สงกรานต์ปีนี้กลับบ้านที่ขอนแก่น รถติดบนถนนมิตรภาพตั้งแต่สระบุรี ใช้เวลาไปสิบชั่วโมง"


def test_text_the_model_cannot_read_is_held_not_sent_to_spam():
    sample = CommentSample(THAI, author="Boy", website="https://boynattapong.example")
    verdict = score(toy_model(), sample)
    assert "unfamiliar_language" in verdict.rule_names and verdict.low_evidence
    reason = next(r for r in verdict.reasons if r.name == "unfamiliar_language")
    assert "words known" in reason.detail
    spam_anyway = Verdict(0.99, verdict.reasons, None, "v1", low_evidence=verdict.low_evidence)
    assert route(spam_anyway, "pre", Thresholds()) == "pending"


def test_a_link_or_known_words_are_evidence_enough():
    linked = CommentSample(f"{THAI} https://tt-safe77.example/join")
    english = CommentSample("Cheap pills online now, best prices, visit my pharmacy today")
    for sample in (linked, english):
        verdict = score(toy_model(), sample)
        assert "unfamiliar_language" not in verdict.rule_names
        assert not verdict.low_evidence


def test_explanation_counts_known_words():
    explanation = toy_model().explain(CommentSample("cheap pills zzyzx qwvrt"))
    assert (explanation.words, explanation.known_words) == (4, 2)


@pytest.mark.parametrize(
    "text",
    [
        f"{THAI} โทร 0812 555 0199 ทันที",  # a phone number
        "sdfsdfsdf sdf sdfsd fsdfsdf sdfsdf sdfs",  # keyboard mash
        f"{THAI} follow my channel",  # promotion
    ],
)
def test_unread_text_with_spam_cues_is_left_to_the_model(text):
    verdict = score(toy_model(), CommentSample(text))
    assert "unfamiliar_language" not in verdict.rule_names
