"""Input forms: the reader's comment form, shared by the JSON API and the no-JS page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, Regexp

from .models import MAX_ID

NAME_MAX = 80
EMAIL_MAX = 254
WEBSITE_MAX = 300
ARTICLE_MAX = 200
TITLE_MAX = 300
URL_MAX = 2000

# The fields a client may send; anything else is ignored (an explicit whitelist).
COMMENT_FIELDS = (
    "article",
    "article_title",
    "article_url",
    "parent_id",
    "name",
    "email",
    "website",
    "body",
)
# Fields the widget sends for the spam filter: a hidden honeypot and the signed form token.
SIGNAL_FIELDS = ("company", "form_token")


def _web_url() -> list[Regexp | URL]:
    """Validators for a web address: http(s) only, so no javascript: links reach a page."""
    message = "Enter a full web address starting with http:// or https://."
    return [Regexp(r"^https?://", message=message), URL(message=message)]


class CommentForm(FlaskForm):
    """A reader's comment; the body limit is enforced separately so it can answer 413."""

    article = StringField(
        "Article", [DataRequired("Which article is this comment for?"), Length(max=ARTICLE_MAX)]
    )
    article_title = StringField("Article title", [Optional(), Length(max=TITLE_MAX)])
    article_url = StringField("Article URL", [Optional(), Length(max=URL_MAX), *_web_url()])
    parent_id = IntegerField(
        "Reply to",
        [Optional(), NumberRange(1, MAX_ID, "Not a comment id.")],
        render_kw={"type": "hidden"},
    )
    name = StringField("Name", [DataRequired("Please enter your name."), Length(max=NAME_MAX)])
    email = StringField(
        "Email",
        [
            DataRequired("Please enter your email address."),
            Length(max=EMAIL_MAX),
            Email("Please enter a valid email address."),
        ],
    )
    website = StringField(
        "Website",
        [Optional(), Length(max=WEBSITE_MAX), *_web_url()],
    )
    body = TextAreaField("Comment", [DataRequired("Please write a comment.")])
