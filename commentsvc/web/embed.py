"""The thread without JavaScript: a server-rendered page with a plain, CSRF-protected form.

The widget links here from <noscript>; it also works as the target of an iframe on the
service's own origin. Posting goes through the same intake as the API, then redirects back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from .. import formtoken, intake, sites, threads
from ..errors import ApiError, handle_http_error
from ..extensions import db
from ..forms import CommentForm
from ..models import MAX_ID, Comment, CommentStatus, Site

bp = Blueprint("embed", __name__, url_prefix="/embed")

KEPT_ARGS = ("title", "url", "theme", "sort")
THEMES = ("light", "dark", "auto")
PAGE_FIELDS = ("body", "name", "email", "website")  # the fields with a visible input
EXPIRED = "This form had expired, so nothing was posted. Your text is still here: send it again."


@bp.url_value_preprocessor
def refuse_unstorable(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Answer 400 for NUL characters in the path or query, which no database stores.

    URL value preprocessors run before every before_request hook, the app's CSRF check
    included, so not even the expired-form page looks such a value up.
    """
    texts = [*(values or {}).values(), *(v for _, v in request.args.items(multi=True))]
    if not all(intake.storable_text(str(text)) for text in texts):
        abort(400)


def _site(slug: str) -> Site:
    """The site for a URL slug, or a 404 page."""
    site = sites.find(slug)
    if site is None:
        abort(404)
    return site


def _kept() -> dict[str, str]:
    """The page's own options, carried through links, redirects and posts.

    The title and web address are checked as the comment form checks them, and dropped when
    they fail: no javascript: link reaches the page, and no post fails on a value the reader
    can neither see nor fix.
    """
    kept = {name: request.args[name] for name in KEPT_ARGS if request.args.get(name)}
    article = {"article_title": kept.get("title", ""), "article_url": kept.get("url", "")}
    form = CommentForm(formdata=MultiDict(article), meta={"csrf": False})
    for name, field in (("title", form.article_title), ("url", form.article_url)):
        if name in kept and not field.validate(form):
            del kept[name]
    return kept


def _sort() -> threads.Sort:
    """The chosen sort, oldest first unless a valid one is asked for."""
    try:
        return threads.Sort(request.args.get("sort", "oldest"))
    except ValueError:
        return threads.Sort.OLDEST


def _page(site: Site, article_id: str) -> dict[str, Any]:
    """One page of the thread; a stale cursor starts again from the first page."""
    size = current_app.config["PAGE_SIZE"]
    try:
        return threads.thread_page(site, article_id, _sort(), size, request.args.get("cursor"))
    except ApiError:
        return threads.thread_page(site, article_id, _sort(), size, None)


def _reply_to(site: Site, article_id: str) -> Comment | None:
    """The published comment named by ?reply=, if it belongs to this thread."""
    reply = request.args.get("reply", 0, type=int)
    if not 1 <= reply <= MAX_ID:
        return None  # beyond any id column: the database would refuse to look it up
    comment = db.session.get(Comment, reply)
    if comment is None or comment.site_id != site.id or comment.status != CommentStatus.APPROVED:
        return None
    return comment if comment.article.external_id == article_id else None


def _notice(exc: ApiError) -> str:
    """The error's message, with the messages of fields that have no input on this page."""
    fields = exc.fields or {}
    hidden = [text for name in fields if name not in PAGE_FIELDS for text in fields[name]]
    return " ".join([exc.message, *hidden])


def when(iso: str) -> str:
    """A comment's time for people: 27 November 2026, 14:05 UTC."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _render(
    site: Site,
    article_id: str,
    values: MultiDict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    message: str = "",
) -> str:
    """The page: thread, notice and form (with the reader's values and errors, if any)."""
    theme = request.args.get("theme", "light")
    return render_template(
        "embed.html",
        site=site,
        article_id=article_id,
        page=_page(site, article_id),
        sort=_sort().value,
        kept=_kept(),
        theme=theme if theme in THEMES else "light",
        reply_to=_reply_to(site, article_id),
        posted=request.args.get("posted", ""),
        values=values or MultiDict(),
        errors=errors or {},
        message=message,
        form_token=formtoken.issue(site.slug, article_id),
        when=when,
    )


@bp.get("/<site_slug>/<path:article_id>")
def thread(site_slug: str, article_id: str) -> str:
    """Read the thread and the form."""
    return _render(_site(site_slug), article_id)


@bp.post("/<site_slug>/<path:article_id>")
def post(site_slug: str, article_id: str) -> ResponseReturnValue:
    """Post a comment from the plain form, then show the thread again with a notice."""
    site = _site(site_slug)
    kept = _kept()
    data = {**request.form.to_dict(), "article": article_id}
    data.update(article_title=kept.get("title", ""), article_url=kept.get("url", ""))
    submitter = intake.Submitter(ip=request.remote_addr or "", user_agent=request.user_agent.string)
    try:
        comment = intake.submit_comment(site, intake.clean_input(data), submitter)
    except ApiError as exc:
        page = _render(site, article_id, request.form, exc.fields, _notice(exc))
        return page, exc.status, exc.headers
    anchor = f"comment-{comment.id}" if comment.status == CommentStatus.APPROVED else "respond"
    # Spam and rejected comments read as held, exactly like the API's 202: spammers learn nothing.
    posted = "approved" if comment.status == CommentStatus.APPROVED else "pending"
    args: dict[str, Any] = {"posted": posted, **kept}
    target = url_for(".thread", site_slug=site.slug, article_id=article_id, **args)
    return redirect(f"{target}#{anchor}", code=303)


@bp.errorhandler(CSRFError)
def form_expired(exc: CSRFError) -> ResponseReturnValue:
    """A missing or stale CSRF token: keep what the reader typed and ask them to send again."""
    args = request.view_args or {}
    site = sites.find(str(args.get("site_slug", "")))
    if site is None:
        # Not abort(404): an exception raised inside an error handler becomes a 500.
        return handle_http_error(NotFound())
    return _render(site, str(args.get("article_id", "")), request.form, None, EXPIRED), 400
