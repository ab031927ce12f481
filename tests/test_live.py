"""Live updates: approvals, reactions and likes go out on Redis and arrive as SSE events."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from commentsvc import live
from commentsvc.models import CommentStatus
from commentsvc.redis_store import get_redis
from tests.helpers import ORIGIN, auth

READER = "reader-key-aaaaaaaaaaaa"


@pytest.fixture
def fast_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """Poll often, so stream tests take milliseconds."""
    monkeypatch.setattr(live, "POLL_SECONDS", 0.05)


def next_event(chunks: Iterator[bytes]) -> dict[str, object]:
    """The next real event of a stream, skipping keep-alives."""
    for chunk in chunks:
        text = chunk.decode()
        if text.startswith("event:"):
            name, data = text.strip().split("\n")
            return {"event": name.removeprefix("event: "), "data": json.loads(data[6:])}
    raise AssertionError("the stream ended without an event")


def open_stream(client, article: str = "a1") -> tuple[object, Iterator[bytes]]:
    """Start reading an article's stream; the subscription exists once the first chunk is read."""
    response = client.get(f"/api/v1/sites/news/stream?article={article}", buffered=False)
    chunks = iter(response.response)
    assert next(chunks).decode() == f"retry: {live.RETRY_MILLISECONDS}\n\n"
    return response, chunks


def test_stream_headers(client, make, fast_stream):
    make.site()

    response, _ = open_stream(client)

    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["X-Accel-Buffering"] == "no"
    response.close()


def test_an_approved_comment_is_streamed_to_readers(client, make, fast_stream):
    site = make.site()
    _, token = make.moderator(site)
    held = make.comment(make.article(site), status=CommentStatus.PENDING, name="Ann")
    response, chunks = open_stream(client)

    client.post(
        f"/api/v1/moderation/comments/{held.id}", json={"action": "approve"}, headers=auth(token)
    )

    event = next_event(chunks)
    assert event["event"] == "comment"
    assert event["data"] == {
        "id": held.id,
        "parent_id": None,
        "author": {
            "name": "Ann",
            "website": None,
            "avatar": f"/api/v1/avatars/{held.avatar_seed}.svg",
        },
        "body_html": held.body_html,
        "created_at": event["data"]["created_at"],
        "likes": 0,
        "replies": [],
    }
    response.close()


def test_rejections_are_not_streamed(app, make):
    site = make.site()
    _, token = make.moderator(site)
    held = make.comment(make.article(site), status=CommentStatus.PENDING)
    pubsub = live.subscribe(site.id, "a1")

    app.test_client().post(
        f"/api/v1/moderation/comments/{held.id}", json={"action": "reject"}, headers=auth(token)
    )

    assert pubsub.get_message(timeout=0.2) is None
    pubsub.close()


def test_reactions_and_likes_are_streamed(client, make, fast_stream):
    site = make.site()
    comment = make.comment(make.article(site))
    response, chunks = open_stream(client)

    client.post(
        "/api/v1/sites/news/reactions",
        json={"article": "a1", "reader": READER, "reaction": "wow"},
        headers={"Origin": ORIGIN},
    )
    reactions = next_event(chunks)
    client.post(
        f"/api/v1/sites/news/comments/{comment.id}/likes",
        json={"reader": READER},
        headers={"Origin": ORIGIN},
    )
    likes = next_event(chunks)

    assert reactions == {
        "event": "reactions",
        "data": {"counts": {"like": 0, "love": 0, "haha": 0, "wow": 1, "sad": 0, "angry": 0}},
    }
    assert likes == {"event": "likes", "data": {"id": comment.id, "likes": 1}}
    response.close()


def test_stream_sends_keep_alives_and_ends(app, make, monkeypatch, fast_stream):
    site = make.site()
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.0)
    pubsub = live.subscribe(site.id, "a1")

    chunks = list(live.stream(pubsub, lifetime=0.2))

    assert chunks[0] == f"retry: {live.RETRY_MILLISECONDS}\n\n"
    assert ": keep-alive\n\n" in chunks
    assert set(chunks[1:]) == {": keep-alive\n\n"}


def test_malformed_messages_are_skipped(app, make, caplog, fast_stream):
    site = make.site()
    pubsub = live.subscribe(site.id, "a1")
    get_redis().publish(live.channel(site.id, "a1"), "not json")
    get_redis().publish(live.channel(site.id, "a1"), json.dumps({"event": "x", "data": {"a": 1}}))

    with caplog.at_level(logging.WARNING, logger="commentsvc.live"):
        chunks = list(live.stream(pubsub, lifetime=0.3))

    assert chunks[1:] == ['event: x\ndata: {"a":1}\n\n']
    assert "ignored a malformed message" in caplog.text


def test_without_redis_approval_still_works_and_the_stream_answers_503(make_app, caplog):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    with app.app_context():
        from tests.factories import Factory

        make = Factory()
        site = make.site()
        _, token = make.moderator(site)
        held = make.comment(make.article(site), status=CommentStatus.PENDING)
        held_id = held.id

    with caplog.at_level(logging.WARNING, logger="commentsvc.live"):
        decided = client.post(
            f"/api/v1/moderation/comments/{held_id}",
            json={"action": "approve"},
            headers=auth(token),
        )
    stream = client.get("/api/v1/sites/news/stream?article=a1")

    assert decided.status_code == 200
    assert decided.json["status"] == "approved"
    assert "comment for article" in caplog.text
    assert stream.status_code == 503
    assert stream.json == {"error": "live_unavailable", "message": "Live updates are unavailable."}
