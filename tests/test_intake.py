"""Comment intake through the public API: validation, statuses and storage."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from commentsvc import privacy
from commentsvc.extensions import db
from commentsvc.models import Article, Comment, CommentStatus, ModerationMode
from tests.helpers import ORIGIN, post_comment, valid_comment

WEB_URL = "Enter a full web address starting with http:// or https://."


def test_pre_moderation_holds_with_202(client, make):
    make.site()
    response = post_comment(client)
    assert response.status_code == 202
    body = response.get_json()
    assert body == {
        "status": "pending",
        "id": body["id"],
        "message": "Thank you! Your comment is awaiting moderation.",
    }
    stored = db.session.get(Comment, body["id"])
    assert stored.status == CommentStatus.PENDING
    assert stored.body_html == "<p>I walked across it this morning. <em>Lovely</em> view.</p>"


def test_post_moderation_publishes_with_201(client, make):
    make.site(mode=ModerationMode.POST)
    response = post_comment(client)
    assert response.status_code == 201
    body = response.get_json()
    comment = body["comment"]
    assert body["status"] == "approved"
    assert comment == {
        "id": comment["id"],
        "parent_id": None,
        "author": {
            "name": "Ann Reader",
            "website": "https://ann.example",
            "avatar": comment["author"]["avatar"],
        },
        "body_html": "<p>I walked across it this morning. <em>Lovely</em> view.</p>",
        "created_at": comment["created_at"],
        "likes": 0,
        "replies": [],
    }
    assert comment["author"]["avatar"].startswith("/api/v1/avatars/")


def test_email_is_stored_encrypted_with_keyed_hash(client, make):
    make.site()
    comment_id = post_comment(client, email="Secret.Person@Example.org").get_json()["id"]
    stored = db.session.get(Comment, comment_id)
    assert "secret.person" not in stored.email_encrypted.lower()
    assert privacy.decrypt_email(stored.email_encrypted) == "secret.person@example.org"
    assert stored.email_hash == privacy.email_hash("secret.person@example.org")
    assert stored.avatar_seed not in stored.email_hash


def test_article_is_created_on_first_comment(client, make):
    site = make.site()
    post_comment(client, article="new-one", article_title="New one")
    article = db.session.scalar(sa.select(Article).where(Article.external_id == "new-one"))
    assert article.site_id == site.id
    assert article.title == "New one"
    assert article.url == "https://news.example/bridge"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("article", "", "Which article is this comment for?"),
        ("article", "x" * 201, "Field cannot be longer than 200 characters."),
        ("name", "", "Please enter your name."),
        ("name", "n" * 81, "Field cannot be longer than 80 characters."),
        ("email", "", "Please enter your email address."),
        ("email", "not-an-email", "Please enter a valid email address."),
        ("email", "a@b", "Please enter a valid email address."),
        ("website", "javascript:alert(1)", WEB_URL),
        ("website", "ftp://files.example", WEB_URL),
        (
            "website",
            "https://" + "w" * 300 + ".example",
            "Field cannot be longer than 300 characters.",
        ),
        ("article_url", "not a url", WEB_URL),
        ("article_title", "t" * 301, "Field cannot be longer than 300 characters."),
        ("body", "", "Please write a comment."),
        ("body", "   \n ", "Please write a comment."),
        ("parent_id", "abc", "Not a valid integer value."),
    ],
)
def test_each_validation_error_names_its_field(client, make, field, value, message):
    make.site()
    response = post_comment(client, **{field: value})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "validation_failed"
    assert body["message"] == "Some fields need attention."
    assert message in body["fields"][field]
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_several_errors_are_reported_together(client, make):
    make.site()
    response = post_comment(client, name="", email="nope", body="")
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {"name", "email", "body"}


def test_non_string_values_are_field_errors(client, make):
    make.site()
    response = post_comment(client, name=["Ann"], email=42)
    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "name": ["Must be a string."],
        "email": ["Must be a string."],
    }


@pytest.mark.parametrize("payload", [[1, 2], "text", 3, None])
def test_json_that_is_not_an_object_is_refused(client, make, payload):
    make.site()
    response = client.post(
        "/api/v1/sites/news/comments",
        data=json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_body"


def test_malformed_json_is_a_clear_400(client, make):
    make.site()
    response = client.post(
        "/api/v1/sites/news/comments", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_body"


def test_other_media_types_answer_415(client, make):
    make.site()
    response = client.post("/api/v1/sites/news/comments", data="hi", content_type="text/plain")
    assert response.status_code == 415
    assert response.get_json()["error"] == "unsupported_media_type"


def test_form_encoded_post_works_for_the_no_js_form(client, make):
    make.site()
    response = client.post(
        "/api/v1/sites/news/comments", data=valid_comment(), headers={"Origin": ORIGIN}
    )
    assert response.status_code == 202


def test_body_over_the_limit_answers_413(client, make, app):
    make.site()
    limit = app.config["MAX_BODY_LENGTH"]
    response = post_comment(client, body="x" * (limit + 1))
    assert response.status_code == 413
    body = response.get_json()
    assert body["error"] == "body_too_long"
    assert body["fields"] == {"body": [f"Comments are limited to {limit} characters."]}
    assert post_comment(client, body="x" * limit).status_code == 202


def test_request_over_max_content_length_is_json_413(client, make, app):
    make.site()
    huge = "y" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = post_comment(client, website=huge)
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"


def test_unknown_site_answers_404(client, make):
    response = post_comment(client, site="nowhere")
    assert response.status_code == 404
    assert response.get_json() == {"error": "site_not_found", "message": "No such site."}


def test_closed_article_answers_403(client, make):
    site = make.site()
    make.article(site, "a1", is_open=False)
    response = post_comment(client)
    assert response.status_code == 403
    assert response.get_json()["error"] == "article_closed"
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_disallowed_origin_answers_403(client, make):
    make.site()
    response = client.post(
        "/api/v1/sites/news/comments",
        json=valid_comment(),
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert response.get_json()["error"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_reply_to_approved_parent_is_threaded(client, make):
    site = make.site()
    parent = make.comment(make.article(site))
    response = post_comment(client, parent_id=parent.id)
    assert response.status_code == 202
    reply = db.session.get(Comment, response.get_json()["id"])
    assert (reply.parent_id, reply.root_id) == (parent.id, parent.id)


def test_reply_to_reply_keeps_the_root(client, make):
    site = make.site()
    article = make.article(site)
    root = make.comment(article)
    child = make.comment(article, parent=root)
    response = post_comment(client, parent_id=str(child.id))
    reply = db.session.get(Comment, response.get_json()["id"])
    assert (reply.parent_id, reply.root_id) == (child.id, root.id)


@pytest.mark.parametrize("case", ["missing", "pending", "other_article"])
def test_bad_parent_is_a_field_error(client, make, case):
    site = make.site()
    article = make.article(site)
    other = make.article(site, "other")
    parent_id = {
        "missing": 999999,
        "pending": make.comment(article, CommentStatus.PENDING).id,
        "other_article": make.comment(other).id,
    }[case]
    response = post_comment(client, parent_id=parent_id)
    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "parent_id": ["You can only reply to a published comment on this article."]
    }


def test_markdown_is_sanitised(client, make):
    make.site()
    body = "<script>alert(1)</script> [site](https://x.example) ![i](https://x.example/i.png)"
    comment_id = post_comment(client, body=body).get_json()["id"]
    html = db.session.get(Comment, comment_id).body_html
    assert "<script" not in html
    assert "<img" not in html
    assert '<a href="https://x.example" rel="nofollow ugc noopener">site</a>' in html


def test_ip_and_user_agent_are_kept_only_as_keyed_hashes(client, make):
    make.site()
    response = client.post(
        "/api/v1/sites/news/comments",
        json=valid_comment(),
        headers={"Origin": ORIGIN, "User-Agent": "TestBrowser/1.0"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    stored = db.session.get(Comment, response.get_json()["id"])
    assert stored.ip_hash == privacy.network_hash("203.0.113.9")
    assert stored.user_agent_hash == privacy.network_hash("TestBrowser/1.0")
    assert "203.0.113.9" not in stored.ip_hash


def test_nul_characters_are_field_errors_not_500s(client, make):
    make.site()
    response = post_comment(client, name="Ann\x00", body="hi\x00there")
    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "name": ["Contains a character that is not allowed."],
        "body": ["Contains a character that is not allowed."],
    }
    query = client.get("/api/v1/sites/news/comments?article=a%00b")
    assert query.status_code == 400
    assert query.get_json()["error"] == "invalid_characters"


def test_validation_errors_are_readable_by_the_allowed_origin(client, make):
    make.site()
    response = post_comment(client, email="")
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_too_many_comments_from_one_address_answer_429(make_app, make):
    app = make_app(POST_RATE_LIMIT=3)
    client = app.test_client()
    make.site()
    statuses = [post_comment(client, body=f"thought {n}").status_code for n in range(4)]
    assert statuses == [202, 202, 202, 429]
    refused = post_comment(client, body="one more")
    assert refused.get_json()["error"] == "rate_limited"
    assert refused.headers["Retry-After"] == str(app.config["BURST_WINDOW"])
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 3
    other = client.post(
        "/api/v1/sites/news/comments",
        json=valid_comment(),
        headers={"Origin": ORIGIN},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert other.status_code == 202


def test_behind_a_trusted_proxy_the_readers_address_is_hashed(make_app, make):
    app = make_app(PROXY_HOPS=1)
    make.site()
    response = app.test_client().post(
        "/api/v1/sites/news/comments",
        json=valid_comment(),
        headers={"Origin": ORIGIN, "X-Forwarded-For": "203.0.113.50"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    stored = db.session.get(Comment, response.get_json()["id"])
    assert stored.ip_hash == privacy.network_hash("203.0.113.50")


def test_unpaired_surrogates_are_field_errors(client, make):
    make.site()
    response = client.post(
        "/api/v1/sites/news/comments",
        data='{"article": "a1", "name": "\\ud800", "email": "a@example.org", "body": "hi"}',
        content_type="application/json",
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"name": ["Contains a character that is not allowed."]}
