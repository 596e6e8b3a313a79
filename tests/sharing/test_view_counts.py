"""View counts: a bare number per public page, shown to its learner only."""

from __future__ import annotations

from django.urls import reverse

from sharing.models import VIEW_BATCH, ShareStats, count_view, views_of
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


def test_the_counter_is_one_row_with_nothing_about_visitors(anon_client, badge, settings):
    settings.PUBLIC_PAGE_CACHE = False  # counted straight in the database
    anon_client.get(reverse("sharing:badge", args=[badge.public_id]), HTTP_USER_AGENT="Spy/1.0")
    row = ShareStats.objects.get(badge=badge)
    fields = {f.name for f in ShareStats._meta.concrete_fields}
    assert fields == {"id", "badge", "collection", "profile", "views"}
    assert row.views == 1


def test_counting_is_an_update_once_the_row_exists(badge, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE = False
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


def test_with_a_shared_cache_views_are_written_in_batches(badge, django_assert_num_queries):
    # The tests' cache stands for the shared one (PUBLIC_PAGE_CACHE is on).
    with django_assert_num_queries(0):
        for _ in range(VIEW_BATCH - 1):
            count_view(badge=badge)
    assert not ShareStats.objects.filter(badge=badge).exists()
    assert views_of(badge=badge) == VIEW_BATCH - 1  # the pending ones are counted too
    count_view(badge=badge)  # the batch's last view writes all of them
    assert ShareStats.objects.get(badge=badge).views == VIEW_BATCH
    count_view(badge=badge)
    assert views_of(badge=badge) == VIEW_BATCH + 1


def test_with_the_cache_away_each_view_is_written(badge, monkeypatch):
    def away(*args, **kwargs):
        raise ValueError("Key not found")  # what SafeRedisCache.incr says with Redis away

    monkeypatch.setattr("sharing.models.cache.incr", away)
    count_view(badge=badge)
    assert ShareStats.objects.get(badge=badge).views == 1
