"""The browser's pages: the demo article and the thread without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from commentsvc import articles, demo
from commentsvc.extensions import db
from commentsvc.models import CommentStatus, ModerationMode


def csrf_token(html: str) -> str:
    """The CSRF token of a rendered form."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


def form(token: str, **fields: str) -> dict[str, str]:
    """A valid no-JavaScript comment form with a CSRF token."""
    data = {
        "csrf_token": token,
        "name": "Ann Reader",
        "email": "ann@example.org",
        "website": "",
        "body": "Plain *form* post",
    }
    data.update(fields)
    return data


def test_demo_page_embeds_the_widget(app, client):
    with app.app_context():
        demo.seed_demo()

    html = client.get("/?theme=dark&lang=de").get_data(as_text=True)

    assert "<h1>Harbour bridge reopens after two years of repairs</h1>" in html
    assert 'src="http://127.0.0.1:8000/widget/embed.js" data-site="demo"' in html
    assert 'data-article="harbour-bridge-reopens"' in html
    assert 'data-theme="dark"' in html and 'data-lang="de"' in html
    assert 'data-commentsvc-count="harbour-bridge-reopens"' in html
    assert "<noscript>" in html and "/embed/demo/harbour-bridge-reopens" in html
    assert "not set up yet" not in html


def test_demo_page_explains_how_to_seed_and_ignores_unknown_options(client):
    html = client.get("/?theme=neon&lang=xx").get_data(as_text=True)

    assert "commentsvc demo" in html and "not set up yet" in html
    assert 'data-theme="auto"' in html
    assert "data-lang" not in html


def test_thread_page_shows_published_comments_nested(client, make):
    site = make.site()
    article = make.article(site)
    root = make.comment(article, name="Marta", body="Finally **open**")
    make.comment(article, parent=root, name="Tom")
    make.comment(article, status=CommentStatus.PENDING, body="Not yet published")

    response = client.get("/embed/news/a1?title=Bridge&url=https://news.example/bridge")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "2 comments" in html
    assert "<strong>open</strong>" in html
    assert html.index("Marta") < html.index('class="cs-replies"') < html.index("Tom")
    assert "Not yet published" not in html
    assert 'href="https://news.example/bridge"' in html
    assert 'name="form_token"' in html and 'name="company"' in html
    assert "Your email address will not be published." in html


def test_plain_form_posts_and_redirects_with_a_notice(client, make):
    make.site()
    token = csrf_token(client.get("/embed/news/a1?title=Bridge").get_data(as_text=True))

    response = client.post("/embed/news/a1?title=Bridge", data=form(token))
    page = client.get(response.headers["Location"])

    assert response.status_code == 303
    assert response.headers["Location"] == "/embed/news/a1?posted=pending&title=Bridge#respond"
    assert "Thank you! Your comment is awaiting moderation." in page.get_data(as_text=True)


def test_published_at_once_redirects_to_the_comment(client, make):
    make.site(mode=ModerationMode.POST)
    token = csrf_token(client.get("/embed/news/a1").get_data(as_text=True))

    response = client.post("/embed/news/a1", data=form(token))
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert re.fullmatch(
        r"/embed/news/a1\?posted=approved#comment-\d+", response.headers["Location"]
    )
    assert "Your comment has been published." in page and "<em>form</em>" in page


def test_invalid_form_shows_errors_beside_fields_and_keeps_the_text(client, make):
    make.site()
    token = csrf_token(client.get("/embed/news/a1").get_data(as_text=True))

    response = client.post("/embed/news/a1", data=form(token, email="", body="Keep me"))
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert re.search(r'id="cs-email-error">Please enter your email address\.</div>', html), (
        "the error is not beside the email field"
    )
    assert 'aria-invalid="true"' in html
    assert ">Keep me</textarea>" in html
    assert 'value="Ann Reader"' in html


def test_missing_csrf_token_keeps_the_text_and_posts_nothing(client, make):
    make.site()

    response = client.post("/embed/news/a1", data=form("", body="Do not lose this"))
    listing = client.get("/api/v1/sites/news/comments?article=a1")

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This form had expired" in html and ">Do not lose this</textarea>" in html
    assert listing.json["total"] == 0


def test_reply_link_sets_the_parent(client, make):
    site = make.site(mode=ModerationMode.POST)
    parent = make.comment(make.article(site), name="Marta")

    html = client.get(f"/embed/news/a1?reply={parent.id}").get_data(as_text=True)
    client.post(
        f"/embed/news/a1?reply={parent.id}", data=form(csrf_token(html), parent_id=str(parent.id))
    )
    thread = client.get("/api/v1/sites/news/comments?article=a1").json

    assert "Reply to Marta" in html and f'name="parent_id" value="{parent.id}"' in html
    assert [r["author"]["name"] for r in thread["comments"][0]["replies"]] == ["Ann Reader"]


@pytest.mark.parametrize("path", ["/embed/nope/a1", "/embed/news/a1?cursor=bogus&sort=weird"])
def test_unknown_site_is_404_and_bad_options_fall_back(client, make, path):
    make.site()

    response = client.get(path)

    assert response.status_code == (404 if "nope" in path else 200)


def test_demo_page_takes_script_addresses_from_public_url_not_the_host_header(make_app):
    app = make_app(PUBLIC_URL="https://comments.example/")
    with app.app_context():
        demo.seed_demo()

    response = app.test_client().get("/", headers={"Host": "evil.example"})
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert 'src="https://comments.example/widget/embed.js"' in html
    assert 'src="https://comments.example/widget/count.js"' in html
    assert "evil.example" not in html


@pytest.mark.parametrize(
    "query",
    [
        "url=javascript:alert(document.domain)",
        "url=JAVASCRIPT:alert(1)",
        "url=/relative/path",
        "url=data:text/html,hi",
        "url=%20javascript:alert(1)",
    ],
)
def test_kept_url_that_is_not_a_web_address_is_dropped(client, make, query):
    make.site()

    response = client.get(f"/embed/news/a1?title=Bridge&{query}")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "javascript" not in html.lower() and "relative/path" not in html
    assert "data:text" not in html and "Back to" not in html
    assert "Comments: Bridge | " in html and "title=Bridge" in html


def test_over_long_title_is_dropped(client, make):
    make.site()
    title = "T" * 301

    response = client.get(f"/embed/news/a1?title={title}&url=https://news.example/a1")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert title not in html and "<title>Comments | " in html
    assert '<a href="https://news.example/a1">← Back to the article</a>' in html
    assert "T" * 300 in client.get(f"/embed/news/a1?title={title[:300]}").get_data(as_text=True)


def test_invalid_kept_title_and_url_are_not_posted(client, make):
    site = make.site()
    query = f"title={'T' * 301}&url=/relative"
    token = csrf_token(client.get(f"/embed/news/a1?{query}").get_data(as_text=True))

    response = client.post(f"/embed/news/a1?{query}", data=form(token))

    assert response.status_code == 303
    assert response.headers["Location"] == "/embed/news/a1?posted=pending#respond"
    article = articles.find(site, "a1")
    assert article is not None and (article.title, article.url) == ("", "")


def test_error_on_a_field_without_an_input_is_shown_in_the_notice(client, make):
    site = make.site()
    parent = make.comment(make.article(site), name="Marta")
    html = client.get(f"/embed/news/a1?reply={parent.id}").get_data(as_text=True)
    parent.status = CommentStatus.REJECTED  # moderated after the reader opened the reply form
    db.session.commit()

    response = client.post(
        f"/embed/news/a1?reply={parent.id}", data=form(csrf_token(html), parent_id=str(parent.id))
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert re.search(
        r'role="alert">Some fields need attention\. '
        r"You can only reply to a published comment on this article\.</p>",
        page,
    )
    assert ">Plain *form* post</textarea>" in page


@pytest.mark.parametrize("reply", ["99999999999999999999999", "2147483648", "0", "-1", "x"])
def test_out_of_range_reply_is_no_reply(client, make, reply):
    make.site()

    response = client.get(f"/embed/news/a1?reply={reply}")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Leave a Reply" in html and 'name="parent_id"' not in html


def test_cursor_for_another_sort_starts_again_from_the_first_page(app, client, make):
    site = make.site()
    article = make.article(site)
    for n in range(3):
        make.comment(article, name=f"Reader {n}")
    app.config["PAGE_SIZE"] = 2
    first = client.get("/embed/news/a1").get_data(as_text=True)
    cursor = re.search(r"cursor=([\w-]+)", first)
    assert cursor, "the first page has no link to more comments"

    response = client.get(f"/embed/news/a1?sort=newest&cursor={cursor.group(1)}")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "3 comments" in html and "Reader 2" in html and "Reader 1" in html


@pytest.mark.parametrize("data", [{}, {"body": "Keep me", "csrf_token": "stale"}])
def test_post_to_an_unknown_site_without_a_token_is_404(client, make, data):
    make.site()

    response = client.post("/embed/nope/a1", data=data)

    assert response.status_code == 404
    assert "Not Found" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/embed/news/a%00b",
        "/embed/ne%00ws/a1",
        "/embed/news/a1?title=%00",
        "/embed/news/a1?url=https://news.example/%00",
        "/embed/news/a1?cursor=%00",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_nul_in_path_or_query_is_refused_before_the_database(client, make, path, method):
    make.site()
    token = csrf_token(client.get("/embed/news/a1").get_data(as_text=True))

    response = client.open(path, method=method, data=form(token) if method == "POST" else None)
    listing = client.get("/api/v1/sites/news/comments?article=a1")

    assert response.status_code == 400
    assert "Bad Request" in response.get_data(as_text=True)
    assert listing.json["total"] == 0


def test_nul_in_a_form_field_is_a_field_error(client, make):
    make.site()
    token = csrf_token(client.get("/embed/news/a1").get_data(as_text=True))

    response = client.post("/embed/news/a1", data=form(token, name="Ann\x00"))

    assert response.status_code == 400
    assert 'id="cs-name-error">Contains a character that is not allowed.</div>' in (
        response.get_data(as_text=True)
    )


@pytest.mark.parametrize(
    ("content_type", "stored"),
    [("urlencoded", "Ann%ED%A0%80"), ("multipart", "Ann\ufffd\ufffd\ufffd")],
)
def test_a_lone_surrogate_in_the_form_is_posted_as_text_not_an_error(
    client, make, content_type, stored
):
    # Werkzeug never hands on an unpaired surrogate: it keeps bad escapes as text (urlencoded)
    # or decodes bad bytes to U+FFFD (multipart), so the name stores and the post succeeds.
    make.site(mode=ModerationMode.POST)
    token = csrf_token(client.get("/embed/news/a1?title=%ED%A0%80").get_data(as_text=True))
    if content_type == "urlencoded":
        raw = urlencode(form(token)).replace("Ann+Reader", "Ann%ED%A0%80").encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    else:
        raw, headers = _multipart(form(token), name=b"Ann\xed\xa0\x80")

    response = client.post("/embed/news/a1?title=%ED%A0%80", data=raw, headers=headers)
    thread = client.get("/api/v1/sites/news/comments?article=a1").json

    assert response.status_code == 303
    assert thread["comments"][0]["author"]["name"] == stored


def _multipart(fields: dict[str, str], **raw: bytes) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body whose named parts carry raw (possibly invalid UTF-8) bytes."""
    boundary = "csboundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + raw.get(name, value.encode())
        + b"\r\n"
        for name, value in fields.items()
    ]
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
