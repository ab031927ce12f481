"""The moderation API: queue listing, decisions, the event log and authorisation."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.extensions import db
from commentsvc.models import Comment, CommentStatus, ModerationEvent, Role
from tests.helpers import auth, post_comment


def _queue(client, token, query="site=news"):
    return client.get(f"/api/v1/moderation/queue?{query}", headers=auth(token))


def _decide(client, token, comment_id, action):
    return client.post(
        f"/api/v1/moderation/comments/{comment_id}", json={"action": action}, headers=auth(token)
    )


def test_queue_round_trip_publishes_an_approved_comment(client, make):
    site = make.site()
    user, token = make.moderator(site)
    comment_id = post_comment(client, email="jane.doe@example.org").get_json()["id"]

    listing = _queue(client, token).get_json()
    assert listing["site"] == "news"
    assert listing["total"] == 1
    entry = listing["comments"][0]
    assert entry["id"] == comment_id
    assert entry["author"] == {
        "name": "Ann Reader",
        "website": "https://ann.example",
        "email": "j***@example.org",
    }
    assert entry["article"] == {
        "id": "a1",
        "title": "Bridge reopens",
        "url": "https://news.example/bridge",
    }
    assert entry["body"] == "I walked across it this morning. *Lovely* view."
    assert entry["status"] == "pending"

    decided = _decide(client, token, comment_id, "approve")
    assert decided.status_code == 200
    assert decided.get_json()["status"] == "approved"
    thread = client.get("/api/v1/sites/news/comments?article=a1").get_json()
    assert [c["id"] for c in thread["comments"]] == [comment_id]
    assert _queue(client, token).get_json() == {"site": "news", "total": 0, "comments": []}

    event = db.session.scalar(sa.select(ModerationEvent))
    assert (event.comment_id, event.user_id) == (comment_id, user.id)
    assert (event.from_status, event.to_status) == (CommentStatus.PENDING, CommentStatus.APPROVED)


def test_reject_and_spam_keep_the_comment_hidden_and_stored(client, make):
    site = make.site()
    _, token = make.moderator(site)
    first = post_comment(client, body="one").get_json()["id"]
    second = post_comment(client, body="two").get_json()["id"]
    assert _decide(client, token, first, "reject").get_json()["status"] == "rejected"
    assert _decide(client, token, second, "spam").get_json()["status"] == "spam"
    assert client.get("/api/v1/sites/news/comments?article=a1").get_json()["total"] == 0
    statuses = db.session.scalars(sa.select(Comment.status).order_by(Comment.id)).all()
    assert statuses == [CommentStatus.REJECTED, CommentStatus.SPAM]


def test_a_second_decision_answers_409(client, make):
    site = make.site()
    _, token = make.moderator(site)
    comment_id = post_comment(client).get_json()["id"]
    assert _decide(client, token, comment_id, "spam").status_code == 200
    again = _decide(client, token, comment_id, "approve")
    assert again.status_code == 409
    assert again.get_json()["error"] == "already_decided"
    assert db.session.get(Comment, comment_id).status == CommentStatus.SPAM
    assert db.session.scalar(sa.select(sa.func.count(ModerationEvent.id))) == 1


def test_queue_is_oldest_first_and_limited(client, make):
    site = make.site()
    _, token = make.moderator(site)
    ids = [post_comment(client, body=f"n{i}").get_json()["id"] for i in range(4)]
    listing = _queue(client, token, "site=news&limit=3").get_json()
    assert [c["id"] for c in listing["comments"]] == ids[:3]
    assert listing["total"] == 4


def test_unknown_action_is_a_field_error(client, make):
    site = make.site()
    _, token = make.moderator(site)
    comment_id = post_comment(client).get_json()["id"]
    response = _decide(client, token, comment_id, "delete")
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"action": ["Choose one of: approve, reject, spam."]}
    assert _decide(client, token, 999999, "approve").status_code == 404


def test_token_is_required(client, make):
    make.site()
    assert client.get("/api/v1/moderation/queue?site=news").status_code == 401
    response = _queue(client, "csv_not-a-real-token")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_moderators_of_another_site_are_refused(client, make):
    make.site()
    other = make.site("other")
    _, token = make.moderator(other)
    comment_id = post_comment(client).get_json()["id"]
    assert _queue(client, token).status_code == 403
    assert _decide(client, token, comment_id, "approve").status_code == 403
    assert db.session.get(Comment, comment_id).status == CommentStatus.PENDING


def test_owners_may_moderate(client, make):
    site = make.site()
    _, token = make.moderator(site, name="owner", role=Role.OWNER)
    comment_id = post_comment(client).get_json()["id"]
    assert _decide(client, token, comment_id, "approve").status_code == 200


def test_queue_needs_a_known_site(client, make):
    site = make.site()
    _, token = make.moderator(site)
    assert _queue(client, token, "").get_json()["fields"] == {"site": ["Pass ?site=<slug>."]}
    assert _queue(client, token, "site=nope").status_code == 404
    assert _queue(client, token, "site=news&limit=0").status_code == 400


def test_tokens_are_stored_hashed(client, make):
    from commentsvc.models import ApiToken

    site = make.site()
    _, token = make.moderator(site)
    stored = db.session.scalar(sa.select(ApiToken))
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_missing_token_names_the_bearer_scheme(client, make):
    make.site()
    response = client.get("/api/v1/moderation/queue?site=news")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="commentsvc"'


def test_ids_no_row_can_have_answer_404(client, make):
    site = make.site()
    _, token = make.moderator(site)
    assert _decide(client, token, 2**40, "approve").status_code == 404
