"""The spam filter inside intake: rules, scores, reasons, routing and queue priority."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from itsdangerous.timed import TimestampSigner

from commentsvc import formtoken
from commentsvc.extensions import db
from commentsvc.models import Comment, CommentStatus, ModerationMode
from tests.factories import Factory
from tests.helpers import auth, post_comment

HAM = "I walked across it this morning. The new railings look great and the view is lovely."
SPAM = (
    "Best cheap v1agra and c1alis online, no prescription needed!!! "
    "Order now at http://cheap-pills-24.xyz and http://bit.ly/pills4u"
)


@pytest.fixture
def client(filtered_app):
    return filtered_app.test_client()


@pytest.fixture
def make(filtered_app):
    with filtered_app.app_context():
        yield Factory()


def _stored(response) -> Comment:
    return db.session.get(Comment, response.get_json()["id"])


def _rules(comment: Comment) -> list[str]:
    return [r["name"] for r in comment.spam_reasons if r["kind"] == "rule"]


def _site_with(make, mode=ModerationMode.PRE, **spam_settings):
    site = make.site(mode=mode)
    site.settings = {"spam": spam_settings}
    db.session.commit()
    return site


def test_obvious_spam_goes_to_spam_with_its_reasons(client, make):
    make.site()
    response = post_comment(client, body=SPAM, website="http://cheap-pills-24.xyz")
    assert response.status_code == 202  # spammers are not told
    comment = _stored(response)
    assert comment.status == CommentStatus.SPAM
    assert comment.spam_score >= 0.9
    assert comment.model_version
    features = [r for r in comment.spam_reasons if r["kind"] == "feature"]
    assert features and all("weight" in r for r in features)


def test_ordinary_comment_is_held_in_pre_moderation_and_scored_low(client, make):
    make.site()
    comment = _stored(post_comment(client, body=HAM, website=""))
    assert comment.status == CommentStatus.PENDING
    assert comment.spam_score < 0.5
    assert comment.queue_priority is not None


def test_post_moderation_publishes_likely_ham_from_a_known_author(client, make):
    site = make.site(mode=ModerationMode.POST)
    make.comment(make.article(site), email="ann.reader@example.org")
    response = post_comment(client, body=HAM, website="")
    assert response.status_code == 201
    assert response.get_json()["status"] == "approved"


def test_post_moderation_holds_a_first_time_author(client, make):
    make.site(mode=ModerationMode.POST)
    response = post_comment(client, body=HAM, website="")
    assert response.status_code == 202
    assert _stored(response).status == CommentStatus.PENDING


def test_pre_moderation_holds_even_a_known_author(client, make):
    site = make.site()
    make.comment(make.article(site), email="ann.reader@example.org")
    assert post_comment(client, body=HAM, website="").status_code == 202


def test_honeypot_is_spam(client, make):
    make.site()
    comment = _stored(post_comment(client, body=HAM, company="Acme Corp"))
    assert comment.status == CommentStatus.SPAM
    assert "honeypot" in _rules(comment)


def _token_issued_ago(app, seconds: float) -> str:
    """A form token as the thread GET would have handed it out some seconds ago."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - seconds))
        with app.app_context():
            return formtoken.issue("news", "a1")


def test_submitting_faster_than_a_human_is_spam(client, make, filtered_app):
    make.site()
    comment = _stored(post_comment(client, body=HAM, form_token=_token_issued_ago(filtered_app, 0)))
    assert comment.status == CommentStatus.SPAM
    assert "too_fast" in _rules(comment)


def test_a_form_token_from_a_human_pace_passes(client, make, filtered_app):
    make.site()
    token = _token_issued_ago(filtered_app, 40)
    comment = _stored(post_comment(client, body=HAM, website="", form_token=token))
    assert comment.status == CommentStatus.PENDING
    assert "too_fast" not in _rules(comment)


def test_thread_hands_out_a_form_token_the_filter_accepts(client, make, filtered_app):
    make.site()
    token = client.get("/api/v1/sites/news/comments?article=a1").get_json()["form_token"]
    with filtered_app.app_context():
        seconds = formtoken.seconds_since_issue(token, "news", "a1")
        assert seconds is not None and 0 <= seconds < 5
        assert formtoken.seconds_since_issue(token, "news", "other-article") is None
        assert formtoken.seconds_since_issue(token + "x", "news", "a1") is None


def test_banned_word_rejects(client, make):
    _site_with(make, banned_words=["bridgetroll"])
    comment = _stored(post_comment(client, body="You are a bridgetroll and everyone knows it"))
    assert comment.status == CommentStatus.REJECTED
    assert "banned_word" in _rules(comment)


def test_suspect_word_holds_in_post_moderation(client, make):
    site = _site_with(make, ModerationMode.POST, suspect_words=["referendum"])
    make.comment(make.article(site), email="ann.reader@example.org")
    response = post_comment(client, body="The referendum question was badly worded.", website="")
    assert response.status_code == 202
    assert "suspect_word" in _rules(_stored(response))


def test_too_many_links_holds(client, make):
    _site_with(make, max_links=1)
    body = "Sources: https://stats.example.gov/report and https://council.example.org/minutes"
    comment = _stored(post_comment(client, body=body, website=""))
    assert "too_many_links" in _rules(comment)
    assert comment.status in (CommentStatus.PENDING, CommentStatus.SPAM)


def test_the_same_body_twice_is_a_duplicate(client, make):
    make.site()
    first = _stored(post_comment(client, body=HAM, website=""))
    second = _stored(post_comment(client, body=HAM.upper() + "  ", website=""))
    assert "duplicate" not in _rules(first)
    assert "duplicate" in _rules(second)


def test_a_burst_from_one_address_is_held(client, make):
    _site_with(make, ip_burst_threshold=2)
    bodies = ["First thought on the bridge.", "Second, the tolls.", "Third, the cycle lane."]
    comments = [_stored(post_comment(client, body=b, website="")) for b in bodies]
    assert ["ip_burst" in _rules(c) for c in comments] == [False, False, True]


def test_offensive_language_is_held_with_reason_offensive(client, make):
    make.site()
    comment = _stored(post_comment(client, body="You are a fucking idiot and a moron.", website=""))
    assert comment.status == CommentStatus.PENDING
    assert "offensive" in _rules(comment)


def test_the_queue_serves_uncertain_and_harmful_comments_first(client, make, filtered_app):
    site = make.site()
    _, token = make.moderator(site)
    calm = _stored(post_comment(client, body=HAM, website=""))
    rude = _stored(post_comment(client, body="Shut up, you stupid idiot.", website=""))
    assert rude.queue_priority < calm.queue_priority
    listing = client.get("/api/v1/moderation/queue?site=news", headers=auth(token)).get_json()
    ids = [c["id"] for c in listing["comments"]]
    assert ids.index(rude.id) < ids.index(calm.id)
    entry = listing["comments"][ids.index(rude.id)]
    assert "offensive" in [r["name"] for r in entry["reasons"]]
    assert entry["spam_score"] == pytest.approx(rude.spam_score)


def test_invalid_site_settings_fall_back_to_defaults(client, make):
    _site_with(make, spam_threshold="not a number", max_links=[])
    assert post_comment(client, body=HAM, website="").status_code == 202


def test_a_corrupt_model_never_turns_a_comment_into_a_500(client, make, filtered_app, caplog):
    from commentsvc import classifier

    make.site()
    with filtered_app.app_context():
        current = classifier.registry().current_version()
        path = classifier.registry().path_of(current)
    path.write_bytes(b"definitely not a model")
    response = post_comment(client, body=HAM, website="")
    assert response.status_code == 202
    comment = _stored(response)
    assert comment.spam_score is None  # rules only
    assert comment.model_version is None
    assert "unusable" in caplog.text or "rules only" in caplog.text


def test_stats_are_counted_per_site(client, make):
    make.site()
    post_comment(client, body=HAM, website="")
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1


@pytest.mark.parametrize("body", ["+1", "lol", "Agree 100%"])
def test_short_replies_reach_a_moderator_not_the_spam_folder(client, make, body):
    make.site()
    comment = _stored(post_comment(client, body=body, website=""))
    assert comment.status == CommentStatus.PENDING
    assert "short_text" in _rules(comment)
