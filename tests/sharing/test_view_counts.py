"""View counts: a bare number per public page, shown to its learner only."""

from __future__ import annotations

from django.urls import reverse

from sharing.models import ShareStats, count_view, views_of
from tests.sharing.factories import make_collection


def test_each_visit_by_someone_else_counts_one(anon_client, other_client, badge):
    url = reverse("sharing:badge", args=[badge.public_id])
    anon_client.get(url)
    anon_client.get(url)
    other_client.get(url)
    assert views_of(badge=badge) == 3


def test_the_owners_own_visits_do_not_count(owner_client, badge):
    owner_client.get(reverse("sharing:badge", args=[badge.public_id]))
    assert views_of(badge=badge) == 0


def test_files_and_previews_do_not_count(anon_client, badge):
    for route in ("sharing:badge_image", "sharing:qr_png", "sharing:embed_badge"):
        anon_client.get(reverse(route, args=[badge.public_id]))
    assert views_of(badge=badge) == 0


def test_the_counter_is_one_row_with_nothing_about_visitors(anon_client, badge):
    anon_client.get(reverse("sharing:badge", args=[badge.public_id]), HTTP_USER_AGENT="Spy/1.0")
    row = ShareStats.objects.get(badge=badge)
    fields = {f.name for f in ShareStats._meta.concrete_fields}
    assert fields == {"id", "badge", "collection", "profile", "views"}
    assert row.views == 1


def test_counting_is_an_update_once_the_row_exists(badge, django_assert_num_queries):
    count_view(badge=badge)  # creates the row: update, insert, update
    with django_assert_num_queries(1):  # UPDATE … SET views = views + 1
        count_view(badge=badge)
    assert views_of(badge=badge) == 2


def test_profile_and_collection_visits_count(anon_client, owner, badge):
    owner.profile_is_public = True
    owner.save()
    collection = make_collection(owner, [badge], visibility="public")
    anon_client.get(reverse("sharing:profile", args=[owner.public_slug]))
    anon_client.get(reverse("sharing:collection", args=[collection.public_id]))
    assert views_of(profile=owner) == 1
    assert views_of(collection=collection) == 1


def test_the_owner_sees_the_count_on_the_share_panel(owner_client, anon_client, badge):
    for _ in range(3):
        anon_client.get(reverse("sharing:badge", args=[badge.public_id]))
    content = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert "Opened 3 times by others" in content


def test_the_count_is_never_shown_to_visitors(anon_client, badge):
    ShareStats.objects.create(badge=badge, views=4141)
    content = anon_client.get(reverse("sharing:badge", args=[badge.public_id])).content.decode()
    assert "4142" not in content and "Opened" not in content


def test_a_head_request_does_not_count(anon_client, badge):
    anon_client.head(reverse("sharing:badge", args=[badge.public_id]))
    assert views_of(badge=badge) == 0
