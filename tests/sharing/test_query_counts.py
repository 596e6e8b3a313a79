"""Public pages cost the same few queries however many badges a learner shows."""

from __future__ import annotations

from django.urls import reverse

from badges.models import Badge
from pages.models import Page
from sharing.models import ShareStats
from tests.sharing.factories import (
    make_badge,
    make_badge_class,
    make_check,
    make_collection,
    make_evidence,
    make_issuer,
    make_public_badge,
    png_bytes,
)


def _many_badges(owner, count: int = 30):
    issuers = [make_issuer() for _ in range(3)]
    public = [
        make_public_badge(owner, make_badge_class(issuers[i % 3], image=png_bytes()))
        for i in range(count)
    ]
    private = [make_badge(owner) for _ in range(5)]
    return public, private


def test_the_public_badge_page(anon_client, badge, django_assert_max_num_queries):
    make_check(badge)
    make_evidence(badge)
    make_evidence(badge, title="Hidden", hidden=True)
    ShareStats.objects.create(badge=badge)
    # 1 the badge with its class, issuer and owner, 2 the last check, 3 the shown
    # evidence, 4 the view counter's UPDATE.
    with django_assert_max_num_queries(4):
        response = anon_client.get(reverse("sharing:badge", args=[badge.public_id]))
    assert response.status_code == 200


def test_the_first_visit_creates_the_counter(anon_client, badge, django_assert_max_num_queries):
    # The same four, plus the counter row's INSERT and a second UPDATE.
    with django_assert_max_num_queries(6):
        anon_client.get(reverse("sharing:badge", args=[badge.public_id]))


def test_the_public_profile_with_many_badges(anon_client, owner, django_assert_max_num_queries):
    owner.profile_is_public = True
    owner.save()
    public, private = _many_badges(owner)
    make_collection(owner, public[:10] + private, visibility="public")
    make_collection(owner, public[10:20], name="Second", visibility="public")
    ShareStats.objects.create(profile=owner)
    for n in range(5):
        Page.objects.create(owner=owner, title=f"Page {n}", visibility=Page.Visibility.PUBLIC)
    # 1 the view counter's UPDATE, 2 the learner, 3 the count of their public badges,
    # 4 one page of them, 5 their public collections with counts, 6 their public pages,
    # 7 their contact links.
    with django_assert_max_num_queries(7):
        response = anon_client.get(reverse("sharing:profile", args=[owner.public_slug]))
    assert response.content.decode().count('class="badge-card"') == 30


def test_a_public_collection_with_many_badges(anon_client, owner, django_assert_max_num_queries):
    public, private = _many_badges(owner)
    collection = make_collection(owner, public + private, visibility="public")
    ShareStats.objects.create(collection=collection)
    # 1 the collection with its owner, 2 its public badges, 3 the view counter's UPDATE.
    with django_assert_max_num_queries(3):
        response = anon_client.get(reverse("sharing:collection", args=[collection.public_id]))
    assert response.content.decode().count('class="badge-card"') == 30


def test_the_sharing_settings_page(owner_client, owner, django_assert_max_num_queries):
    public, _ = _many_badges(owner)
    for i in range(5):
        make_collection(owner, public[:3], name=f"Shelf {i}", visibility="public")
    # 1 the session, 2 the learner, 3 the public collections, 4 the contact links,
    # 5 their count, 6 the public badges with their counters, 7 the profile's counter.
    with django_assert_max_num_queries(7):
        assert owner_client.get(reverse("sharing:settings")).status_code == 200


def test_cards_leave_the_credential_unread(owner, anon_client):
    # The profile's and collection's cards never show the credential as received.
    make_public_badge(owner)
    card = Badge.objects.for_cards().get()
    assert {"original", "document", "evidence", "endorsements"} <= card.get_deferred_fields()


def test_the_profile_draws_one_page_of_cards(anon_client, owner, django_assert_max_num_queries):
    from sharing.views_profile import BADGES_PER_PAGE

    owner.profile_is_public = True
    owner.save()
    issuer = make_issuer()
    for _ in range(BADGES_PER_PAGE + 3):
        make_public_badge(owner, make_badge_class(issuer))
    ShareStats.objects.create(profile=owner)
    url = reverse("sharing:profile", args=[owner.public_slug])
    with django_assert_max_num_queries(7):  # as above, however many badges
        first = anon_client.get(url).content.decode()
    assert first.count('class="badge-card"') == BADGES_PER_PAGE
    assert '?page=2" rel="next"' in first
    second = anon_client.get(url + "?page=2").content.decode()
    assert second.count('class="badge-card"') == 3
    for bad in ("?page=zero", "?page=999"):  # never a 500: the nearest page instead
        assert anon_client.get(url + bad).status_code == 200
