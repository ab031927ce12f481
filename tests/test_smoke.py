"""A first round trip."""

from commentsvc.models import ModerationMode


def test_post_and_list(client, make):
    site = make.site(mode=ModerationMode.POST)
    response = client.post(
        f"/api/v1/sites/{site.slug}/comments",
        json={"article": "a1", "name": "Ann", "email": "ann@example.org", "body": "Hi *there*"},
    )
    assert response.status_code == 201, response.json
    listing = client.get(f"/api/v1/sites/{site.slug}/comments?article=a1")
    assert listing.json["total"] == 1
