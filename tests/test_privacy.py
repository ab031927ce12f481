"""Email privacy: no public response, page or log line shows an email or its unkeyed hash."""

from __future__ import annotations

import hashlib
import logging

import pytest

from commentsvc import privacy
from commentsvc.models import ModerationMode
from tests.helpers import auth, post_comment

EMAIL = "Private.Person+tag@Example.org"


def _fingerprints(email: str) -> list[str]:
    """The email and the unkeyed hashes someone could match it by (Gravatar and friends)."""
    forms = {email, email.lower(), email.strip().lower()}
    found = set(forms)
    for form in forms:
        for algorithm in ("md5", "sha1", "sha256"):
            found.add(hashlib.new(algorithm, form.encode()).hexdigest())
    return sorted(found)


def _public_routes(client, site_slug: str) -> list[bytes]:
    """Every public GET route's body for the article."""
    bodies = []
    thread = client.get(f"/api/v1/sites/{site_slug}/comments?article=a1")
    bodies.append(thread.data)
    for comment in thread.get_json()["comments"]:
        bodies.append(client.get(comment["author"]["avatar"]).data)
    bodies.append(client.post(f"/api/v1/sites/{site_slug}/counts", json={"articles": ["a1"]}).data)
    bodies.append(client.get("/api/v1/openapi.json").data)
    return bodies


def test_no_public_route_returns_the_email(client, make, caplog):
    caplog.set_level(logging.DEBUG)
    site = make.site(mode=ModerationMode.POST)
    _, token = make.moderator(site)
    created = post_comment(client, email=EMAIL)
    bodies = [created.data, *_public_routes(client, site.slug)]
    bodies.append(post_comment(client, email="bad@", name="").data)  # an error echoes nothing
    bodies.append(client.get("/api/v1/moderation/queue?site=news", headers=auth(token)).data)
    text = b"\n".join(bodies).decode() + caplog.text
    for fingerprint in _fingerprints(EMAIL):
        assert fingerprint.lower() not in text.lower()


def test_moderators_see_only_a_masked_email(client, make):
    site = make.site()
    _, token = make.moderator(site)
    post_comment(client, email="jane@example.org")
    entry = client.get("/api/v1/moderation/queue?site=news", headers=auth(token)).get_json()
    assert entry["comments"][0]["author"]["email"] == "j***@example.org"


@pytest.mark.parametrize(
    ("email", "masked"),
    [("jane@example.org", "j***@example.org"), ("x@y.example", "x***@y.example")],
)
def test_mask_email(email, masked):
    assert privacy.mask_email(email) == masked


def test_keyed_hashes_depend_on_the_secret(make_app):
    first, second = make_app(), make_app(SECRET_KEY="another-secret")
    with first.app_context():
        one = (privacy.email_hash(EMAIL), privacy.avatar_seed(1, EMAIL))
    with second.app_context():
        two = (privacy.email_hash(EMAIL), privacy.avatar_seed(1, EMAIL))
    assert one[0] != two[0] and one[1] != two[1]
    assert one[1] not in one[0]


def test_email_hash_ignores_case_and_spaces(app):
    with app.app_context():
        assert privacy.email_hash(" A@Example.org ") == privacy.email_hash("a@example.org")


def test_encryption_round_trip_and_tamper_detection(app):
    from cryptography.fernet import InvalidToken

    with app.app_context():
        token = privacy.encrypt_email(EMAIL)
        assert privacy.decrypt_email(token) == EMAIL.lower()
        tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        with pytest.raises(InvalidToken):
            privacy.decrypt_email(tampered)


def test_avatars_differ_between_sites(app):
    with app.app_context():
        assert privacy.avatar_seed(1, EMAIL) != privacy.avatar_seed(2, EMAIL)
        assert privacy.avatar_seed(1, EMAIL) == privacy.avatar_seed(1, EMAIL.upper())


def test_an_unreadable_email_is_masked_not_a_500(client, make):
    from commentsvc.extensions import db
    from commentsvc.models import Comment

    site = make.site()
    _, token = make.moderator(site)
    comment_id = post_comment(client).get_json()["id"]
    db.session.get(Comment, comment_id).email_encrypted = "gAAAAA-not-a-token"
    db.session.commit()
    listing = client.get("/api/v1/moderation/queue?site=news", headers=auth(token))
    assert listing.status_code == 200
    assert listing.get_json()["comments"][0]["author"]["email"] == "(unreadable)"
