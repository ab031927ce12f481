"""The widget on the demo page, in a real headless Chromium against a real server."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Browsing, LiveServer, screenshot

DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
HOSTILE_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
  * { font: italic 31px/3 "Comic Sans MS", cursive !important; color: red !important;
      letter-spacing: 4px !important; text-transform: uppercase !important;
      box-sizing: content-box !important; }
  div, section, form, ul, li, p { padding: 40px !important; margin: 0 !important;
      background: yellow !important; border: 5px dashed lime !important; }
  button, input, textarea, select { display: none !important; }
  h2, h3 { display: none !important; } img { width: 400px !important; }
  #comments { width: 720px; margin: 0 auto !important; }
</style></head><body><h1>Hostile host page</h1><div id="comments"></div>
<script src="{url}/widget/embed.js" data-site="demo" data-article="harbour-bridge-reopens" async>
</script></body></html>"""


def open_demo(browsing: Browsing, server: LiveServer, query: str = "", **options: Any) -> Any:
    """The demo article with its widget loaded and its live stream connected."""
    page = browsing.page(**options)
    page.goto(f"{server.url}/{query}")
    expect(page.locator("commentsvc-thread")).to_have_attribute("data-live", "on")
    expect(page.locator("#cs-count")).to_have_text(re.compile(r"\d"))
    return page


def fill_comment(page: Any, body: str, email: str = "ann@example.org") -> None:
    """Type a comment into the widget's form."""
    page.fill("#cs-body", body)
    page.fill("#cs-name", "Ann Reader")
    page.fill("#cs-email", email)


def held_id(page: Any, server: LiveServer) -> int:
    """The id of the one comment held in the demo's moderation queue."""
    queue = page.request.get(
        f"{server.url}/api/v1/moderation/queue?site=demo",
        headers={"Authorization": f"Bearer {server.token}"},
    ).json()
    assert queue["total"] == 1
    return int(queue["comments"][0]["id"])


def test_missing_email_shows_an_inline_error_and_keeps_the_text(browsing, server):
    page = open_demo(browsing, server)
    fill_comment(page, "The detour was *long*.", email="")

    page.click("text=Post Comment")

    expect(page.locator("#cs-email-error")).to_have_text("Please enter your email address.")
    expect(page.locator("#cs-email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#cs-email")).to_be_focused()
    expect(page.locator("#cs-body")).to_have_value("The detour was *long*.")
    page.fill("#cs-email", "ann@example.invalid")  # passes the browser's check, not the server's
    with page.expect_response(re.compile(r"/comments$")) as answer:
        page.click("text=Post Comment")
    assert answer.value.status == 400
    expect(page.locator("#cs-email-error")).to_have_text("Please enter a valid email address.")
    expect(page.locator(".cs-status")).to_have_text("Please check the highlighted fields.")
    expect(page.locator("#cs-name")).to_have_value("Ann Reader")
    screenshot(page, "inline-error", full_page=True)


def test_held_comment_is_shown_to_its_author_then_appears_live_when_approved(browsing, server):
    author = open_demo(browsing, server)
    fill_comment(author, "Walked across at *dawn*. Worth the wait.")
    author.click("text=Post Comment")
    expect(author.locator(".cs-status")).to_have_text("Your comment is awaiting moderation.")
    author.reload()
    expect(author.locator("[data-pending]")).to_contain_text("Your comment is awaiting moderation.")
    expect(author.locator("[data-pending] .cs-body em")).to_have_text("dawn")
    reader = open_demo(browsing, server)
    expect(author.locator("commentsvc-thread")).to_have_attribute("data-live", "on")
    comment_id = held_id(author, server)

    approved = author.request.post(
        f"{server.url}/api/v1/moderation/comments/{comment_id}",
        headers={"Authorization": f"Bearer {server.token}"},
        data={"action": "approve"},
    )

    assert approved.status == 200
    expect(author.locator(f"#comment-{comment_id}")).to_contain_text("Worth the wait.")
    expect(author.locator("[data-pending]")).to_have_count(0)
    expect(author.locator("#cs-count")).to_have_text("4 comments")
    banner = reader.locator(".cs-new")
    expect(banner).to_have_text("1 new comment \u2013 show")
    banner.click()
    expect(reader.locator(f"#comment-{comment_id}")).to_contain_text("Worth the wait.")
    expect(reader.locator("#cs-count")).to_have_text("4 comments")
    screenshot(reader, "live-comment", full_page=True)


def _haha_saved(response: Any) -> bool:
    """The widget's POST that stores the haha reaction (not the earlier love one)."""
    request = response.request
    posted = request.post_data or ""
    return request.method == "POST" and "/reactions" in response.url and '"haha"' in posted


def _wait_until(page: Any, condition: Callable[[], bool], seconds: float = 10) -> None:
    """Let Playwright dispatch its events (route handlers) until the condition holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting in the browser"
        page.wait_for_timeout(20)


def test_a_reaction_updates_the_counts_here_and_live_elsewhere(browsing, server):
    page = open_demo(browsing, server)
    other = open_demo(browsing, server)
    love = page.locator('.cs-reaction[data-kind="love"]')
    haha = page.locator('.cs-reaction[data-kind="haha"]')
    expect(love.locator(".cs-count")).to_have_text("6")

    love.click()
    expect(love).to_have_attribute("aria-pressed", "true")
    expect(love.locator(".cs-count")).to_have_text("7")
    expect(other.locator('.cs-reaction[data-kind="love"] .cs-count')).to_have_text("7")
    haha.focus()
    with page.expect_response(_haha_saved):  # the reload below must not cut the request off
        page.keyboard.press("Enter")  # reactions work from the keyboard too

    expect(haha).to_have_attribute("aria-pressed", "true")
    expect(haha).to_have_attribute("aria-label", "Haha: 2 reactions")
    expect(love.locator(".cs-count")).to_have_text("6")
    expect(love).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.locator('.cs-reaction[data-kind="haha"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('.cs-reaction[data-kind="haha"] .cs-count')).to_have_text("2")


def test_a_late_answer_to_an_earlier_click_does_not_undo_the_last_one(browsing, server):
    page = open_demo(browsing, server)
    held: list[Any] = []

    def hold_love(route: Any) -> None:
        """Let the server store "love" but keep its answer back until "haha" is answered."""
        if route.request.method == "POST" and '"love"' in (route.request.post_data or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r".*/reactions(\?.*)?$"), hold_love)
    love = page.locator('.cs-reaction[data-kind="love"]')
    haha = page.locator('.cs-reaction[data-kind="haha"]')
    love.click()
    expect(love).to_have_attribute("aria-pressed", "true")
    _wait_until(page, lambda: bool(held))  # "love" is stored before "haha" is clicked
    with page.expect_response(_haha_saved):
        haha.click()
    route, answer = held[0]
    with page.expect_response(lambda response: response.request.method == "POST"):
        route.fulfill(response=answer)

    expect(haha).to_have_attribute("aria-pressed", "true")
    expect(love).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.locator('.cs-reaction[data-kind="haha"]')).to_have_attribute("aria-pressed", "true")


def test_dark_theme_in_german(browsing, server):
    page = open_demo(browsing, server, "?theme=dark&lang=de")

    expect(page.locator("#cs-react-title")).to_have_text("Was meinen Sie?")
    expect(page.locator("#cs-respond-title")).to_have_text("Schreibe einen Kommentar")
    expect(page.locator("#cs-count")).to_have_text("3 Kommentare")
    expect(page.locator(".cs-reaction[data-kind=like]")).to_contain_text("Gefällt mir")
    colours = page.locator(".cs").evaluate(
        "el => [getComputedStyle(el).color,"
        " getComputedStyle(el.querySelector('#cs-body')).backgroundColor]"
    )
    assert colours == ["rgb(233, 231, 227)", "rgb(23, 24, 27)"]
    screenshot(page, "dark-de", full_page=True)


def test_hostile_host_css_cannot_break_the_widget_and_page_lang_is_used(browsing, server):
    page = browsing.page()
    hostile = HOSTILE_PAGE.replace("{url}", server.url)
    page.route(
        f"{server.url}/hostile", lambda route: route.fulfill(body=hostile, content_type="text/html")
    )
    page.goto(f"{server.url}/hostile")
    expect(page.locator("commentsvc-thread")).to_have_attribute("data-live", "on")

    submit = page.locator(".cs-btn[type=submit]")
    expect(page.locator("#cs-react-title")).to_have_text("Qu\u2019en pensez-vous ?")
    expect(submit).to_be_visible()
    expect(page.locator("#cs-body")).to_be_visible()
    style = submit.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.fontSize, s.fontStyle, s.textTransform, s.color, s.letterSpacing]; }"
    )
    assert style == ["15px", "normal", "none", "rgb(255, 255, 255)", "normal"]
    host = page.locator("commentsvc-thread").evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.display, s.paddingTop, s.backgroundColor]; }"
    )
    assert host == ["block", "0px", "rgba(0, 0, 0, 0)"]
    assert page.locator(".cs-avatar").first.bounding_box()["width"] == 44
    screenshot(page, "hostile-css", full_page=True)


def test_readable_on_a_phone(browsing, server):
    page = open_demo(browsing, server, viewport={"width": 390, "height": 844}, is_mobile=True)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    name, email = (page.locator(f"#cs-{f}").bounding_box() for f in ("name", "email"))

    assert overflow <= 0
    assert name["x"] == email["x"] and email["y"] > name["y"], "fields stack on a phone"
    assert page.locator("#cs-body").bounding_box()["width"] > 300
    page.locator("#comments").scroll_into_view_if_needed()
    screenshot(page, "phone", full_page=True)


def test_light_demo_screenshot(browsing, server):
    page = open_demo(browsing, server)
    page.click('.cs-reaction[data-kind="love"]')
    expect(page.locator('.cs-reaction[data-kind="love"]')).to_have_attribute("aria-pressed", "true")
    tom = page.locator("li[data-id]").filter(has_text="whether the cycle lane is open")
    reply = tom.locator(":scope > article > .cs-main .cs-actions .cs-link")
    reply.click()
    expect(page.locator("#cs-respond-title")).to_have_text("Reply to Tom B.")
    page.fill("#cs-body", "Same question here: is the **east** side open for bikes?")
    expect(page.locator("#cs-body")).to_be_focused()

    section = screenshot(page, "demo-light", full_page=True)
    page.locator("section.comments").screenshot(path=str(section.with_name("demo-comments.png")))
    if os.environ.get("COMMENTSVC_UPDATE_SCREENSHOT"):
        shutil.copyfile(section.with_name("demo-comments.png"), DOCS_SCREENSHOT)
    page.click("text=Cancel reply")
    expect(page.locator("#cs-respond-title")).to_have_text("Leave a Reply")
    expect(reply).to_be_focused()
