"""Reading threads: approved only, nested, paginated, cacheable; and batched counts."""

from __future__ import annotations

from commentsvc.models import CommentStatus


def _thread(client, query: str = "article=a1", **headers):
    return client.get(f"/api/v1/sites/news/comments?{query}", headers=headers)


def test_only_approved_comments_are_served(client, make):
    site = make.site()
    article = make.article(site)
    shown = make.comment(article, body="visible")
    for status in (CommentStatus.PENDING, CommentStatus.REJECTED, CommentStatus.SPAM):
        make.comment(article, status, body=f"hidden {status}")
    body = _thread(client).get_json()
    assert body["total"] == 1
    assert [c["id"] for c in body["comments"]] == [shown.id]
    assert body["next_cursor"] is None
    assert body["article"] == "a1"
    assert isinstance(body["form_token"], str)


def test_replies_are_nested_under_their_parents(client, make):
    site = make.site()
    article = make.article(site)
    root = make.comment(article)
    child = make.comment(article, parent=root)
    grandchild = make.comment(article, parent=child)
    make.comment(article, CommentStatus.PENDING, parent=root)
    second = make.comment(article)
    body = _thread(client).get_json()
    assert body["total"] == 4
    first, last = body["comments"]
    assert (first["id"], last["id"]) == (root.id, second.id)
    assert [r["id"] for r in first["replies"]] == [child.id]
    assert first["replies"][0]["parent_id"] == root.id
    assert [r["id"] for r in first["replies"][0]["replies"]] == [grandchild.id]
    assert last["replies"] == []


def test_public_comment_has_exactly_the_public_fields(client, make):
    site = make.site()
    make.comment(make.article(site), name="Bo", website="https://bo.example", body="**hi**")
    comment = _thread(client).get_json()["comments"][0]
    assert set(comment) == {
        "id",
        "parent_id",
        "author",
        "body_html",
        "created_at",
        "likes",
        "replies",
    }
    assert set(comment["author"]) == {"name", "website", "avatar"}
    assert comment["author"]["name"] == "Bo"
    assert comment["body_html"] == "<p><strong>hi</strong></p>"
    assert comment["created_at"].endswith("Z")


def test_cursor_pagination_walks_all_top_level_comments(client, make):
    site = make.site()
    article = make.article(site)
    ids = [make.comment(article).id for _ in range(5)]
    make.comment(article, parent=make.comment(article))  # a reply does not count as a page item
    ids.append(ids[-1] + 1)
    seen, cursor = [], None
    for _ in range(10):
        query = "article=a1&limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = _thread(client, query).get_json()
        seen += [c["id"] for c in body["comments"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    assert body["total"] == 7


def test_newest_first_sort(client, make):
    site = make.site()
    article = make.article(site)
    ids = [make.comment(article).id for _ in range(3)]
    body = _thread(client, "article=a1&sort=newest&limit=2").get_json()
    assert [c["id"] for c in body["comments"]] == ids[::-1][:2]
    rest = _thread(client, f"article=a1&sort=newest&limit=2&cursor={body['next_cursor']}")
    assert [c["id"] for c in rest.get_json()["comments"]] == [ids[0]]


def test_cursor_from_another_sort_is_refused(client, make):
    site = make.site()
    article = make.article(site)
    for _ in range(3):
        make.comment(article)
    cursor = _thread(client, "article=a1&limit=1").get_json()["next_cursor"]
    response = _thread(client, f"article=a1&sort=newest&cursor={cursor}")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_cursor"
    assert _thread(client, "article=a1&cursor=%%%garbage").status_code == 400


def test_bad_query_parameters_are_field_errors(client, make):
    make.site()
    response = _thread(client, "sort=sideways&limit=0")
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {"article", "sort", "limit"}
    assert _thread(client, "article=a1&limit=abc").status_code == 400


def test_unknown_article_is_an_empty_thread(client, make):
    make.site()
    body = _thread(client, "article=never-commented").get_json()
    assert (body["total"], body["comments"], body["next_cursor"]) == (0, [], None)


def test_unknown_site_is_404(client, make):
    response = client.get("/api/v1/sites/nope/comments?article=a1")
    assert response.status_code == 404


def test_etag_answers_304_until_the_thread_changes(client, make):
    site = make.site()
    article = make.article(site)
    make.comment(article)
    first = _thread(client)
    etag = first.headers["ETag"]
    again = _thread(client, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    make.comment(article)
    changed = _thread(client, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_counts_for_several_articles_in_one_request(client, make):
    site = make.site()
    a1, a2 = make.article(site, "a1"), make.article(site, "a2")
    make.comment(a1)
    make.comment(a1, parent=make.comment(a1))
    make.comment(a2, CommentStatus.PENDING)
    response = client.post("/api/v1/sites/news/counts", json={"articles": ["a1", "a2", "a3"]})
    assert response.status_code == 200
    assert response.get_json() == {"counts": {"a1": 3, "a2": 0, "a3": 0}}


def test_counts_validates_its_input(client, make, app):
    make.site()
    for payload in ({}, {"articles": "a1"}, {"articles": [1]}, [], {"articles": ["a\x00"]}):
        response = client.post("/api/v1/sites/news/counts", json=payload)
        assert response.status_code == 400
        assert "articles" in response.get_json()["fields"]
    too_many = [f"a{i}" for i in range(app.config["MAX_COUNT_ARTICLES"] + 1)]
    response = client.post("/api/v1/sites/news/counts", json={"articles": too_many})
    assert response.status_code == 400


def test_avatar_is_an_svg_identicon(client, make):
    site = make.site()
    make.comment(make.article(site))
    avatar = _thread(client).get_json()["comments"][0]["author"]["avatar"]
    response = client.get(avatar)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")
    assert client.get("/api/v1/avatars/not-hex.svg").status_code == 404


def test_cursors_and_limits_that_no_row_can_match_are_400s(client, make):
    import base64
    import json

    make.site()
    huge = base64.urlsafe_b64encode(json.dumps({"s": "oldest", "after": 10**30}).encode())
    response = client.get(f"/api/v1/sites/news/comments?article=a1&cursor={huge.decode()}")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_cursor"
    superscript = client.get("/api/v1/sites/news/comments?article=a1&limit=%C2%B2")
    assert superscript.status_code == 400
    assert "limit" in superscript.get_json()["fields"]


def test_a_huge_or_deeply_nested_cursor_is_a_400(client, make):
    import base64

    make.site()
    nested = base64.urlsafe_b64encode(b"[" * 5000).decode()
    for cursor in (nested, "A" * 10_000):
        response = client.get(f"/api/v1/sites/news/comments?article=a1&cursor={cursor}")
        assert response.status_code == 400
        assert response.get_json()["error"] == "invalid_cursor"
