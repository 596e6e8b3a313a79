"""The learner's sharing page: the profile's links, contact links and view counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sharing.models import MAX_CONTACT_LINKS, ContactLink, ShareStats
from tests.conftest import make_learner
from tests.sharing.conftest import html
from tests.sharing.factories import make_badge, make_collection


def test_needs_a_login(anon_client):
    response = anon_client.get(reverse("sharing:settings"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_private_profile_is_explained(owner_client):
    content = html(owner_client.get(reverse("sharing:settings")))
    assert "Your profile is private" in content
    assert reverse("profile_edit") in content


def test_lists_public_things_with_their_counts(owner_client, owner, badge):
    owner.profile_is_public = True
    owner.save()
    make_badge(owner)  # a private badge: not listed
    collection = make_collection(owner, [badge], name="Shelf", visibility="public")
    ShareStats.objects.create(badge=badge, views=7)
    ShareStats.objects.create(collection=collection, views=3)
    ShareStats.objects.create(profile=owner, views=12)
    content = html(owner_client.get(reverse("sharing:settings")))
    assert '<td class="share-count" data-label="Views by others:">7</td>' in content
    assert "Opened 3 times by others" in content
    assert "Opened 12 times by others" in content
    assert f"http://testserver/u/{owner.public_slug}/" in content
    assert f"http://testserver/c/{collection.public_id}/" in content
    assert content.count('<td class="share-count"') == 1


def test_adding_and_removing_a_contact_link(owner_client, owner):
    url = reverse("sharing:contact_link_add")
    response = owner_client.post(url, {"label": "  My   portfolio ", "url": "olive.example.org"})
    assert response.status_code == 302
    link = ContactLink.objects.get(user=owner)
    assert (link.label, link.url) == ("My portfolio", "https://olive.example.org")
    delete = reverse("sharing:contact_link_delete", args=[link.pk])
    assert owner_client.get(delete).status_code == 405
    owner_client.post(delete)
    assert not ContactLink.objects.filter(user=owner).exists()


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://files.example.org/", ""])
def test_only_web_addresses_are_accepted(owner_client, owner, bad):
    response = owner_client.post(reverse("sharing:contact_link_add"), {"label": "X", "url": bad})
    assert response.status_code == 400
    assert not ContactLink.objects.filter(user=owner).exists()


def test_someone_elses_link_cannot_be_removed(other_client, owner):
    link = ContactLink.objects.create(user=owner, label="Site", url="https://o.example.org/")
    response = other_client.post(reverse("sharing:contact_link_delete", args=[link.pk]))
    assert response.status_code == 404
    assert ContactLink.objects.filter(pk=link.pk).exists()


def test_the_number_of_links_is_limited(owner_client, owner):
    ContactLink.objects.bulk_create(
        ContactLink(user=owner, label=f"L{i}", url=f"https://{i}.example.org/")
        for i in range(MAX_CONTACT_LINKS)
    )
    owner_client.post(
        reverse("sharing:contact_link_add"), {"label": "One more", "url": "https://x.example.org/"}
    )
    assert ContactLink.objects.filter(user=owner).count() == MAX_CONTACT_LINKS


def test_operators_can_find_a_contact_link(client, owner):
    ContactLink.objects.create(user=owner, label="Spam", url="https://spam.example.org/")
    client.force_login(make_learner("staff@example.org", is_staff=True, is_superuser=True))
    found = client.get("/admin/sharing/contactlink/", {"q": "spam.example"})
    assert found.status_code == 200
    assert b"https://spam.example.org/" in found.content
