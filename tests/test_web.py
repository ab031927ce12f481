"""The browser's pages: the demo article and the thread without JavaScript."""

from __future__ import annotations

import re

import pytest

from commentsvc import demo
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
    assert 'src="http://localhost/widget/embed.js" data-site="demo"' in html
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
