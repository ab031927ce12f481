"""The OpenAPI document: valid 3.1, in step with the URL map, and true to real responses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

from commentsvc import forms
from commentsvc.config import Config
from commentsvc.models import CommentStatus, ModerationMode, Role
from commentsvc.openapi import document
from tests.helpers import ORIGIN, auth, post_comment, valid_comment

SPEC = document()
SPEC_URI = "urn:commentsvc:openapi"
REGISTRY: Registry[Any] = Registry().with_resource(
    SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012)
)
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
COMMENTS = "/api/v1/sites/{site_slug}/comments"
COUNTS = "/api/v1/sites/{site_slug}/counts"
AVATAR = "/api/v1/avatars/{seed}.svg"
QUEUE = "/api/v1/moderation/queue"
DECIDE = "/api/v1/moderation/comments/{comment_id}"
CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers")


def _pointer(*parts: str) -> str:
    """A JSON pointer from unescaped parts."""
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _response_pointer(path: str, method: str, status: int) -> str:
    """Pointer to a documented response object, following a components $ref."""
    response = SPEC["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        return str(response["$ref"]).removeprefix("#")
    return _pointer("paths", path, method, "responses", str(status))


def _resolve(pointer: str) -> Any:
    """The part of the document at a JSON pointer."""
    node: Any = SPEC
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at a pointer, resolving $refs within the document."""
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _errors(pointer: str, instance: Any) -> list[str]:
    """Readable validation errors of an instance against the schema at a pointer."""
    found = _validator(pointer).iter_errors(instance)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def check(response: TestResponse, path: str, method: str, status: int) -> Any:
    """Assert the status, then that headers and body match the document; return the JSON."""
    assert response.status_code == status, response.get_data(as_text=True)
    pointer = _response_pointer(path, method, status)
    documented = _resolve(pointer)
    for name, header in documented.get("headers", {}).items():
        if "$ref" in header:
            header = _resolve(header["$ref"].removeprefix("#"))
        if header.get("required"):
            assert name in response.headers, name
    content = documented.get("content")
    if content is None:
        assert response.get_data() == b""
        return None
    media_type = response.mimetype
    assert media_type in content, media_type
    if media_type != "application/json":
        return response.get_data(as_text=True)
    body = response.get_json()
    schema = pointer + _pointer("content", media_type, "schema")
    assert _errors(schema, body) == []
    return body


def request_errors(schema: str, instance: Any) -> list[str]:
    """Validation errors of a request body against a named component schema."""
    return _errors(_pointer("components", "schemas", schema), instance)


def _flask_path(rule: str) -> str:
    """Flask's /x/<int:comment_id> as OpenAPI's /x/{comment_id}."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _documented(methods: set[str]) -> set[tuple[str, str]]:
    """(METHOD, path) pairs in the document for some methods."""
    return {
        (method.upper(), path)
        for path, item in SPEC["paths"].items()
        for method in item
        if method in methods
    }


def test_document_is_valid_openapi_3_1():
    assert SPEC["openapi"].startswith("3.1.")
    validate_spec(SPEC)


def test_document_endpoint_serves_the_document(client):
    response = client.get("/api/v1/openapi.json")

    assert check(response, "/api/v1/openapi.json", "get", 200) == SPEC


def test_every_api_route_is_documented_and_nothing_else(app: Flask):
    routes = {
        (method, _flask_path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }

    assert routes == _documented(HTTP_METHODS - {"head", "options"})


def test_documented_preflights_are_the_explicit_options_routes(app: Flask):
    # Flask answers OPTIONS on every route; only the explicit preflight routes add CORS headers.
    preflights = {
        ("OPTIONS", _flask_path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.methods == {"OPTIONS"}
    }

    assert preflights == _documented({"options"})


def test_documented_limits_match_the_code():
    schemas = SPEC["components"]["schemas"]
    comment = schemas["CommentInput"]["properties"]
    limit = SPEC["components"]["parameters"]["Limit"]["schema"]

    assert set(comment) == set(forms.COMMENT_FIELDS)
    assert {name: comment[name].get("maxLength") for name in comment} == {
        "article": forms.ARTICLE_MAX,
        "article_title": forms.TITLE_MAX,
        "article_url": forms.URL_MAX,
        "parent_id": None,
        "name": forms.NAME_MAX,
        "email": forms.EMAIL_MAX,
        "website": forms.WEBSITE_MAX,
        "body": Config.MAX_BODY_LENGTH,
    }
    assert (limit["default"], limit["maximum"]) == (Config.PAGE_SIZE, Config.MAX_PAGE_SIZE)
    assert schemas["CountsRequest"]["properties"]["articles"]["maxItems"] == (
        Config.MAX_COUNT_ARTICLES
    )


def test_post_comment_published_and_held(client, make):
    make.site("post", mode=ModerationMode.POST)
    make.site("pre", mode=ModerationMode.PRE)
    assert request_errors("CommentInput", valid_comment()) == []

    created = check(post_comment(client, "post"), COMMENTS, "post", 201)
    held = check(post_comment(client, "pre"), COMMENTS, "post", 202)

    assert created["comment"]["author"]["name"] == "Ann Reader"
    assert held["status"] == "pending"


def test_post_comment_as_form_and_reply(client, make):
    site = make.site(mode=ModerationMode.POST)
    parent = make.comment(make.article(site))
    form = valid_comment(parent_id=str(parent.id))
    assert request_errors("CommentInput", form) == []

    response = client.post("/api/v1/sites/news/comments", data=form)

    assert check(response, COMMENTS, "post", 201)["comment"]["parent_id"] == parent.id


def test_post_comment_errors(client, make):
    site = make.site()
    make.article(site, "closed", is_open=False)
    url = "/api/v1/sites/news/comments"

    invalid = check(post_comment(client, name="", email="nope"), COMMENTS, "post", 400)
    not_object = check(client.post(url, json=["a"]), COMMENTS, "post", 400)
    origin = check(
        client.post(url, json=valid_comment(), headers={"Origin": "https://evil.example"}),
        COMMENTS,
        "post",
        403,
    )
    closed = check(post_comment(client, article="closed"), COMMENTS, "post", 403)
    missing = check(post_comment(client, "nosuch"), COMMENTS, "post", 404)
    too_long = check(post_comment(client, body="x" * 5001), COMMENTS, "post", 413)
    too_big = check(client.post(url, json=valid_comment(body="x" * 70_000)), COMMENTS, "post", 413)
    media = check(client.post(url, data="hi", content_type="text/plain"), COMMENTS, "post", 415)

    assert set(invalid["fields"]) == {"name", "email"}
    assert [not_object["error"], origin["error"], closed["error"]] == [
        "invalid_body",
        "origin_not_allowed",
        "article_closed",
    ]
    assert [missing["error"], too_long["error"], too_big["error"], media["error"]] == [
        "site_not_found",
        "body_too_long",
        "request_entity_too_large",
        "unsupported_media_type",
    ]


def test_thread_page_and_revalidation(client, make):
    site = make.site()
    article = make.article(site)
    first = make.comment(article)
    make.comment(article, parent=make.comment(article, parent=first), website="https://b.example")
    make.comment(article)
    url = "/api/v1/sites/news/comments?article=a1&limit=1"

    page = check(client.get(url, headers={"Origin": ORIGIN}), COMMENTS, "get", 200)
    etag = client.get(url).headers["ETag"]
    unchanged = client.get(url, headers={"If-None-Match": etag, "Origin": ORIGIN})

    check(unchanged, COMMENTS, "get", 304)
    assert page["comments"][0]["replies"][0]["replies"][0]["author"]["website"] == (
        "https://b.example"
    )
    assert page["next_cursor"] is not None
    assert all(unchanged.headers.get(name) for name in CORS_HEADERS)


def test_thread_page_errors(client, make):
    make.site()
    base = "/api/v1/sites/news/comments"

    invalid = check(client.get(f"{base}?sort=sideways&limit=0"), COMMENTS, "get", 400)
    cursor = check(client.get(f"{base}?article=a1&cursor=nonsense"), COMMENTS, "get", 400)
    missing = check(client.get("/api/v1/sites/nosuch/comments?article=a1"), COMMENTS, "get", 404)

    assert set(invalid["fields"]) == {"article", "sort", "limit"}
    assert (cursor["error"], missing["error"]) == ("invalid_cursor", "site_not_found")


@pytest.mark.parametrize("path", [COMMENTS, COUNTS])
def test_preflight(client, make, path):
    make.site()
    url = path.replace("{site_slug}", "news")

    allowed = client.options(url, headers={"Origin": ORIGIN})
    missing = client.options(path.replace("{site_slug}", "nosuch"), headers={"Origin": ORIGIN})

    check(allowed, path, "options", 204)
    check(missing, path, "options", 404)
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_counts(client, make):
    site = make.site()
    make.comment(make.article(site))
    url = "/api/v1/sites/news/counts"
    assert request_errors("CountsRequest", {"articles": ["a1", "a2"]}) == []

    counts = check(client.post(url, json={"articles": ["a1", "a2"]}), COUNTS, "post", 200)
    invalid = check(client.post(url, json={"articles": [1]}), COUNTS, "post", 400)
    too_many = check(client.post(url, json={"articles": ["a"] * 101}), COUNTS, "post", 400)
    missing = check(client.post("/api/v1/sites/no/counts", json={}), COUNTS, "post", 404)
    too_big = check(client.post(url, json={"articles": ["a" * 70_000]}), COUNTS, "post", 413)

    assert counts == {"counts": {"a1": 1, "a2": 0}}
    assert invalid["fields"] == {"articles": ["A list of strings."]}
    assert too_many["fields"] == {"articles": ["At most 100."]}
    assert (missing["error"], too_big["error"]) == ("site_not_found", "request_entity_too_large")


def test_avatar(client, make):
    site = make.site()
    comment = make.comment(make.article(site))

    svg = check(client.get(f"/api/v1/avatars/{comment.avatar_seed}.svg"), AVATAR, "get", 200)
    missing = check(client.get("/api/v1/avatars/NOT-A-SEED.svg"), AVATAR, "get", 404)

    assert svg.startswith("<svg")
    assert missing["error"] == "not_found"


def test_queue(client, make):
    site = make.site()
    article = make.article(site)
    reasons = [
        {"kind": "rule", "name": "too_many_links", "action": "hold", "weight": None, "detail": "3"},
        {"kind": "feature", "name": "url_count", "action": None, "weight": 1.5, "detail": ""},
    ]
    make.comment(article, CommentStatus.PENDING, spam_score=0.4, spam_reasons=reasons)
    make.comment(article, CommentStatus.PENDING, parent=make.comment(article))
    _, token = make.moderator(site)

    page = check(client.get(f"{QUEUE}?site=news", headers=auth(token)), QUEUE, "get", 200)

    assert page["total"] == 2
    assert [entry["reasons"] for entry in page["comments"]] == [reasons, []]


def test_queue_errors(client, make):
    site = make.site()
    make.site("other")
    _, token = make.moderator(site)
    headers = auth(token)

    no_site = check(client.get(QUEUE, headers=headers), QUEUE, "get", 400)
    bad_limit = check(client.get(f"{QUEUE}?site=news&limit=x", headers=headers), QUEUE, "get", 400)
    anonymous = check(client.get(f"{QUEUE}?site=news"), QUEUE, "get", 401)
    forbidden = check(client.get(f"{QUEUE}?site=other", headers=headers), QUEUE, "get", 403)
    missing = check(client.get(f"{QUEUE}?site=nosuch", headers=headers), QUEUE, "get", 404)

    assert (set(no_site["fields"]), set(bad_limit["fields"])) == ({"site"}, {"limit"})
    assert [anonymous["error"], forbidden["error"], missing["error"]] == [
        "unauthorized",
        "forbidden",
        "site_not_found",
    ]


def test_decide(client, make):
    site = make.site()
    held = make.comment(make.article(site), CommentStatus.PENDING)
    _, token = make.moderator(site, role=Role.OWNER)
    url = f"/api/v1/moderation/comments/{held.id}"
    assert request_errors("Decision", {"action": "approve"}) == []

    decided = check(
        client.post(url, json={"action": "approve"}, headers=auth(token)), DECIDE, "post", 200
    )
    again = check(
        client.post(url, json={"action": "spam"}, headers=auth(token)), DECIDE, "post", 409
    )

    assert (decided["status"], again["error"]) == ("approved", "already_decided")


def test_decide_errors(client, make):
    site = make.site()
    other = make.site("other")
    held = make.comment(make.article(site), CommentStatus.PENDING)
    elsewhere = make.comment(make.article(other), CommentStatus.PENDING)
    _, token = make.moderator(site)
    headers = auth(token)

    def decide(comment_id: int, body: Any, **kwargs: Any) -> TestResponse:
        return client.post(f"/api/v1/moderation/comments/{comment_id}", json=body, **kwargs)

    unknown = check(decide(held.id, {"action": "maybe"}, headers=headers), DECIDE, "post", 400)
    anonymous = check(decide(held.id, {"action": "approve"}), DECIDE, "post", 401)
    forbidden = check(
        decide(elsewhere.id, {"action": "approve"}, headers=headers), DECIDE, "post", 403
    )
    missing = check(decide(999_999, {"action": "approve"}, headers=headers), DECIDE, "post", 404)
    too_big = check(decide(held.id, {"action": "x" * 70_000}, headers=headers), DECIDE, "post", 413)

    assert unknown["fields"] == {"action": ["Choose one of: approve, reject, spam."]}
    assert [anonymous["error"], forbidden["error"], missing["error"], too_big["error"]] == [
        "unauthorized",
        "forbidden",
        "comment_not_found",
        "request_entity_too_large",
    ]


def test_out_of_range_ids_answer_documented_statuses(client, make):
    site = make.site()
    _, token = make.moderator(site)
    too_big = 2**63

    reply = client.post("/api/v1/sites/news/comments", json=valid_comment(parent_id=too_big))
    decision = client.post(
        f"/api/v1/moderation/comments/{too_big}", json={"action": "spam"}, headers=auth(token)
    )

    check(reply, COMMENTS, "post", 400)
    check(decision, DECIDE, "post", 404)


def test_errors_to_an_allowed_origin_are_readable_by_the_widget(client, make):
    make.site()

    invalid = post_comment(client, name="")

    assert invalid.status_code == 400
    assert invalid.headers.get("Access-Control-Allow-Origin") == ORIGIN
