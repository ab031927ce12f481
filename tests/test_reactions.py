"""Article reactions and comment likes: one per reader, keyed hashes only, live counts."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc import privacy
from commentsvc.extensions import db
from commentsvc.models import CommentLike, CommentStatus, Reaction
from tests.helpers import ORIGIN

READER = "reader-key-aaaaaaaaaaaa"
OTHER = "reader-key-bbbbbbbbbbbb"
ZERO = {"like": 0, "love": 0, "haha": 0, "wow": 0, "sad": 0, "angry": 0}


def react(client, reaction, reader=READER, article="a1", site="news", origin=ORIGIN):
    """POST a reaction as a browser on an origin."""
    return client.post(
        f"/api/v1/sites/{site}/reactions",
        json={"article": article, "reader": reader, "reaction": reaction},
        headers={"Origin": origin},
    )


def like(client, comment_id, liked=True, reader=READER, site="news"):
    """POST a like as a browser on the allowed origin."""
    return client.post(
        f"/api/v1/sites/{site}/comments/{comment_id}/likes",
        json={"reader": reader, "liked": liked},
        headers={"Origin": ORIGIN},
    )


def test_counts_of_an_unknown_article_are_zero(client, make):
    make.site()

    response = client.get("/api/v1/sites/news/reactions?article=nope")

    assert response.status_code == 200
    assert response.json == {"article": "nope", "counts": ZERO, "total": 0}


def test_one_reaction_per_reader_changeable_and_withdrawable(client, make):
    make.site()

    first = react(client, "love")
    again = react(client, "love")
    other = react(client, "love", reader=OTHER)
    changed = react(client, "wow")
    withdrawn = react(client, None, reader=OTHER)

    assert first.status_code == 200
    assert first.json == {
        "article": "a1",
        "counts": {**ZERO, "love": 1},
        "total": 1,
        "mine": "love",
    }
    assert again.json["counts"] == {**ZERO, "love": 1}
    assert other.json["counts"] == {**ZERO, "love": 2}
    assert changed.json == {
        "article": "a1",
        "counts": {**ZERO, "love": 1, "wow": 1},
        "total": 2,
        "mine": "wow",
    }
    assert withdrawn.json == {
        "article": "a1",
        "counts": {**ZERO, "wow": 1},
        "total": 1,
        "mine": None,
    }
    assert first.headers["Access-Control-Allow-Origin"] == ORIGIN
    listed = client.get("/api/v1/sites/news/reactions?article=a1")
    assert listed.json == {"article": "a1", "counts": {**ZERO, "wow": 1}, "total": 1}


def test_only_a_keyed_hash_of_the_reader_is_stored(app, client, make):
    site = make.site()

    react(client, "haha")

    rows = db.session.scalars(sa.select(Reaction)).all()
    assert [r.reader_hash for r in rows] == [privacy.keyed_hash("reader", f"{site.id}:{READER}")]
    assert READER not in rows[0].reader_hash


def test_first_reaction_creates_the_article(client, make):
    make.site()

    response = client.post(
        "/api/v1/sites/news/reactions",
        json={
            "article": "new-one",
            "reader": READER,
            "reaction": "like",
            "article_title": "A title",
            "article_url": "https://news.example/new-one",
        },
        headers={"Origin": ORIGIN},
    )
    thread = client.get("/api/v1/sites/news/comments?article=new-one")

    assert response.status_code == 200
    assert thread.json["total"] == 0


def test_reaction_errors(client, make):
    site = make.site()
    make.article(site, "closed", is_open=False)

    bad_reader = react(client, "love", reader="short")
    bad_kind = react(client, "meh")
    no_article = react(client, "love", article="")
    closed = react(client, "love", article="closed")
    foreign = react(client, "love", origin="https://evil.example")
    unknown = react(client, "love", site="nope")
    not_json = client.post("/api/v1/sites/news/reactions", data="x", content_type="text/plain")
    no_query = client.get("/api/v1/sites/news/reactions")

    assert (bad_reader.status_code, bad_reader.json["fields"].keys()) == (400, {"reader"})
    assert bad_kind.status_code == 400
    assert bad_kind.json == {
        "error": "validation_failed",
        "message": "Unknown reaction.",
        "fields": {"reaction": ["Choose one of: like, love, haha, wow, sad, angry, or null."]},
    }
    assert (no_article.status_code, no_article.json["fields"].keys()) == (400, {"article"})
    assert (closed.status_code, closed.json["error"]) == (403, "article_closed")
    assert (foreign.status_code, foreign.json["error"]) == (403, "origin_not_allowed")
    assert (unknown.status_code, unknown.json["error"]) == (404, "site_not_found")
    assert (not_json.status_code, not_json.json["error"]) == (400, "invalid_body")
    assert (no_query.status_code, no_query.json["fields"].keys()) == (400, {"article"})


def test_likes_are_idempotent_per_reader_and_show_in_the_thread(client, make):
    site = make.site()
    comment = make.comment(make.article(site))

    first = like(client, comment.id)
    again = like(client, comment.id)
    other = like(client, comment.id, reader=OTHER)
    unliked = like(client, comment.id, liked=False)
    thread = client.get("/api/v1/sites/news/comments?article=a1")

    assert first.status_code == 200
    assert first.json == {"id": comment.id, "likes": 1, "liked": True}
    assert again.json == {"id": comment.id, "likes": 1, "liked": True}
    assert other.json == {"id": comment.id, "likes": 2, "liked": True}
    assert unliked.json == {"id": comment.id, "likes": 1, "liked": False}
    assert thread.json["comments"][0]["likes"] == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommentLike)) == 1


def test_like_errors(client, make):
    site = make.site()
    other_site = make.site("other")
    article = make.article(site)
    held = make.comment(article, status=CommentStatus.PENDING)
    elsewhere = make.comment(make.article(other_site, "b1"))
    published = make.comment(article)

    assert like(client, held.id).json["error"] == "comment_not_found"
    assert like(client, elsewhere.id).status_code == 404
    assert like(client, 2**40).status_code == 404
    assert like(client, published.id, reader="x").status_code == 400
    not_bool = client.post(
        f"/api/v1/sites/news/comments/{published.id}/likes",
        json={"reader": READER, "liked": "yes"},
        headers={"Origin": ORIGIN},
    )
    assert not_bool.json == {
        "error": "validation_failed",
        "message": "Like or not?",
        "fields": {"liked": ["true or false."]},
    }


def test_most_liked_sort_pages_through_every_comment_once(client, make):
    site = make.site()
    article = make.article(site)
    comments = [make.comment(article) for _ in range(5)]
    for count, comment in zip([1, 3, 0, 3, 2], comments, strict=True):
        for n in range(count):
            like(client, comment.id, reader=f"reader-key-{n:014d}")

    first = client.get("/api/v1/sites/news/comments?article=a1&sort=liked&limit=2")
    second = client.get(
        f"/api/v1/sites/news/comments?article=a1&sort=liked&limit=2&cursor={first.json['next_cursor']}"
    )
    third = client.get(
        f"/api/v1/sites/news/comments?article=a1&sort=liked&limit=2&cursor={second.json['next_cursor']}"
    )

    pages = [
        [(c["id"], c["likes"]) for c in page.json["comments"]] for page in (first, second, third)
    ]
    ids = [c.id for c in comments]
    assert pages == [
        [(ids[1], 3), (ids[3], 3)],
        [(ids[4], 2), (ids[0], 1)],
        [(ids[2], 0)],
    ]
    assert third.json["next_cursor"] is None


def test_preflights_allow_the_site_origin(client, make):
    make.site()
    comment_path = "/api/v1/sites/news/comments/1/likes"

    for path in ("/api/v1/sites/news/reactions", comment_path):
        response = client.options(path, headers={"Origin": ORIGIN})
        assert response.status_code == 204
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
