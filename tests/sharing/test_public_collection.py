"""A public collection at /c/<public_id>/: its public badges, in the learner's order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.sharing.conftest import html
from tests.sharing.factories import make_badge, make_badge_class, make_collection, make_public_badge


def url(collection) -> str:
    return reverse("sharing:collection", args=[collection.public_id])


def test_shows_only_public_badges_in_order(anon_client, owner):
    first = make_public_badge(owner, make_badge_class(name="Zebra Badge"))
    hidden = make_badge(owner, make_badge_class(name="Secret Badge"))
    last = make_public_badge(owner, make_badge_class(name="Alpha Badge"))
    collection = make_collection(
        owner, [first, hidden, last], name="For <employers>", visibility="public"
    )
    content = html(anon_client.get(url(collection)))
    assert "For &lt;employers&gt;" in content
    assert content.index("Zebra Badge") < content.index("Alpha Badge")
    assert "Secret Badge" not in content and hidden.public_id not in content
    assert "2 badges" in content
    assert owner.email not in content
    assert "Olive Owner" in content


@pytest.mark.parametrize("client_name", ["anon_client", "other_client", "owner_client"])
def test_a_private_collection_is_404_for_everyone(request, owner, client_name):
    collection = make_collection(owner, [make_public_badge(owner)])
    client = request.getfixturevalue(client_name)
    assert client.get(url(collection)).status_code == 404
    preview = reverse("sharing:collection_preview", args=[collection.public_id])
    assert client.get(preview).status_code == 404


def test_share_links_without_add_to_profile(anon_client, owner):
    collection = make_collection(owner, [], visibility="public")
    content = html(anon_client.get(url(collection)))
    assert "share-link-linkedin-add" not in content
    assert "share-link share-link-linkedin" in content
    assert "No badges are shown in this collection yet." in content
