"""Connected apps in the learner's settings, deliveries on the backpack's pages."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from oauth2_provider.models import AccessToken, RefreshToken

from badges.models import Badge
from passport import privacy
from passport.api.models import Connection, Delivery, HiddenBadge
from tests.api.spec_client import READ

pytestmark = pytest.mark.django_db
PAGE = "/accounts/connected-apps/"
CREDENTIALS = "/ims/ob/v3p0/credentials"


@pytest.fixture
def delivered(platform, owner_tokens, mint) -> Badge:
    response = platform.upsert(owner_tokens["access_token"], mint())
    assert response.status_code == 201, response.content
    return Badge.objects.get()


def test_the_page_lists_each_platform_with_its_scopes_and_last_use(
    owner_client, owner_tokens, delivered
):
    page = owner_client.get(PAGE).content.decode()

    assert "Example Learning Platform" in page
    assert "https://platform.example/" in page
    assert "Add badges to your backpack." in page
    assert "last used on" in page
    assert "Disconnect Example Learning Platform" in page
    assert (
        f'href="{reverse("badges:detail", args=[delivered.pk])}">Skill 1</a>, delivered by' in page
    )


def test_a_visitor_is_sent_to_sign_in(anon_client):
    response = anon_client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_learner_sees_only_their_own(owner_tokens, other_client, delivered):
    page = other_client.get(PAGE).content.decode()
    assert "Example Learning Platform" not in page
    assert "Skill 1" not in page
    assert "No platform is connected to your backpack." in page


def test_using_the_api_updates_the_last_use(platform, owner_tokens):
    long_ago = timezone.now() - timedelta(days=2)
    Connection.objects.update(last_used_at=long_ago)
    platform.get(CREDENTIALS, owner_tokens["access_token"])
    assert Connection.objects.get().last_used_at > long_ago


def test_disconnecting_revokes_every_token_of_that_platform_only(
    platform, owner_client, owner_tokens, other_tokens, delivered
):
    connection = Connection.objects.get(user__email="owner@example.org")

    response = owner_client.post(reverse("api:disconnect", args=[connection.pk]))

    assert response.status_code == 302
    assert platform.get(CREDENTIALS, owner_tokens["access_token"]).status_code == 401
    assert platform.refresh(owner_tokens["refresh_token"]).status_code == 400
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert not AccessToken.objects.filter(user__email="owner@example.org").exists()
    assert not RefreshToken.objects.filter(
        user__email="owner@example.org", revoked__isnull=True
    ).exists()
    # The other learner's connection to the same platform, and the deliveries, stay.
    assert platform.get(CREDENTIALS, other_tokens["access_token"]).status_code == 200
    assert Delivery.objects.filter(badge=delivered).exists()
    page = owner_client.get(PAGE).content.decode()
    assert "is disconnected" in page
    assert "delivered by Example Learning Platform" in page


def test_nobody_else_can_disconnect_my_platform(owner_tokens, other_client, anon_client):
    connection = Connection.objects.get()
    url = reverse("api:disconnect", args=[connection.pk])

    assert other_client.post(url).status_code == 404
    assert anon_client.post(url).status_code == 302
    assert Connection.objects.filter(pk=connection.pk).exists()


def test_disconnecting_is_a_post(owner_client, owner_tokens):
    connection = Connection.objects.get()
    assert owner_client.get(reverse("api:disconnect", args=[connection.pk])).status_code == 405


def test_connecting_again_after_disconnecting_asks_again(platform, owner_client, owner_tokens):
    owner_client.post(reverse("api:disconnect", args=[Connection.objects.get().pk]))
    tokens = platform.connect(owner_client, scope=READ)
    assert Connection.objects.get().scope == READ
    assert platform.get(CREDENTIALS, tokens["access_token"]).status_code == 200


def test_the_page_costs_the_same_queries_however_many_deliveries(
    platform, owner_client, owner_tokens, mint, django_assert_max_num_queries
):
    for number in range(1, 6):
        platform.upsert(owner_tokens["access_token"], mint(number=number))
    # session, user, the connections with their platforms, the deliveries with badges,
    # the remote hosts imported from (with their hosts).
    with django_assert_max_num_queries(5):
        page = owner_client.get(PAGE)
    assert page.content.decode().count("delivered by Example Learning Platform") == 5


# --- on the backpack's pages ----------------------------------------------------------------


def test_the_gallery_tells_the_learner_once_about_new_deliveries(owner_client, delivered):
    first = owner_client.get(reverse("badges:gallery")).content.decode()
    second = owner_client.get(reverse("badges:gallery")).content.decode()

    assert "A badge was delivered to your backpack" in first
    assert "delivered by Example Learning Platform" in first
    assert "It is private until you make it public." in first
    assert "delivered to your backpack" not in second
    assert Delivery.objects.get().seen


def test_several_deliveries_are_announced_together(platform, owner_client, owner_tokens, mint):
    for number in (1, 2):
        platform.upsert(owner_tokens["access_token"], mint(number=number))
    page = owner_client.get(reverse("badges:gallery")).content.decode()
    assert "2 badges were delivered to your backpack" in page
    assert "They are private until you make them public." in page


def test_another_learners_gallery_says_nothing(owner_tokens, delivered, other_client):
    assert "delivered" not in other_client.get(reverse("badges:gallery")).content.decode()


def test_the_badge_page_says_who_delivered_it(owner_client, delivered):
    page = owner_client.get(reverse("badges:detail", args=[delivered.pk])).content.decode()
    assert "Delivered by Example Learning Platform on" in page
    assert "Hide from connected apps" in page


def test_a_badge_the_learner_added_says_nothing_of_platforms(owner, owner_client, mint):
    from badges.services import ImportSource, import_badges

    (outcome,) = import_badges(owner, [ImportSource.from_text(mint())])
    page = owner_client.get(reverse("badges:detail", args=[outcome.badge.pk])).content.decode()
    assert "Delivered by" not in page


def test_the_learner_hides_a_badge_from_connected_apps_and_shows_it_again(
    platform, owner_client, owner_tokens, delivered
):
    url = reverse("api:badge_hidden", args=[delivered.pk])

    response = owner_client.post(url, {"hidden": "1"})
    assert response.status_code == 302
    assert HiddenBadge.objects.filter(badge=delivered).exists()
    assert platform.get(CREDENTIALS, owner_tokens["access_token"])["X-Total-Count"] == "0"
    page = owner_client.get(reverse("badges:detail", args=[delivered.pk])).content.decode()
    assert "Let connected apps see it" in page

    owner_client.post(url, {"hidden": "0"})
    assert platform.get(CREDENTIALS, owner_tokens["access_token"])["X-Total-Count"] == "1"


def test_nobody_else_can_hide_my_badge(delivered, other_client, anon_client, owner_client):
    url = reverse("api:badge_hidden", args=[delivered.pk])
    assert other_client.post(url, {"hidden": "1"}).status_code == 404
    assert anon_client.post(url, {"hidden": "1"}).status_code == 302
    assert owner_client.get(url).status_code == 405
    assert not HiddenBadge.objects.exists()


def test_the_data_download_holds_connections_and_deliveries(owner, delivered):
    with privacy.build_export(owner) as archive_file, zipfile.ZipFile(archive_file) as archive:
        data = archive.read("connected-apps/connected-apps.json").decode()
    assert "Example Learning Platform" in data
    assert delivered.credential_id in data


def test_deleting_the_account_removes_connections_and_tokens(owner, owner_tokens, delivered):
    owner.delete()
    assert not Connection.objects.exists()
    assert not AccessToken.objects.exists()
    assert not Delivery.objects.exists()


def test_connecting_and_disconnecting_are_in_the_security_activity(
    platform, owner, owner_client, owner_tokens
):
    from passport.accounts.models import SecurityEvent

    connection = Connection.objects.get(user=owner)
    owner_client.post(reverse("api:disconnect", args=[connection.pk]))

    kinds = list(
        SecurityEvent.objects.filter(user=owner).order_by("pk").values_list("kind", "detail")
    )
    assert ("app_connected", connection.application.name) in kinds
    assert ("app_disconnected", connection.application.name) in kinds
    page = owner_client.get(reverse("security_activity")).content.decode()
    assert "Platform connected" in page and "Platform disconnected" in page
