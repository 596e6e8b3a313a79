"""Making a badge, collection or page public or private is in the learner's security activity."""

from __future__ import annotations

import pytest
from django.urls import reverse

from passport.accounts.models import SecurityEvent
from tests.badges.factories import make_badge, make_collection
from tests.pages.factories import make_page

pytestmark = pytest.mark.django_db


def _details(user) -> list[str]:
    return list(
        SecurityEvent.objects.filter(user=user, kind="visibility_changed")
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def test_each_change_of_visibility_is_recorded(owner_client, owner):
    badge = make_badge(owner)
    second = make_badge(owner)
    collection = make_collection(owner, "Candidature")
    page = make_page(owner, title="Mon portfolio")

    owner_client.post(reverse("badges:visibility", args=[badge.pk]), {"visibility": "public"})
    owner_client.post(reverse("badges:bulk"), {"action": "private", "badge": [badge.pk, second.pk]})
    owner_client.post(
        reverse("badges:collection_visibility", args=[collection.pk]), {"visibility": "public"}
    )
    owner_client.post(reverse("pages:publish", args=[page.pk]), {"visibility": "unlisted"})

    details = _details(owner)
    assert details[0] == f"“{badge.name}”: Public"
    assert details[1] == "“2 badges”: Private"
    assert details[2] == "“Candidature”: Public"
    assert details[3].startswith("“Mon portfolio”: ")


def test_asking_for_what_already_is_records_nothing(owner_client, owner):
    badge = make_badge(owner)  # private already

    owner_client.post(reverse("badges:visibility", args=[badge.pk]), {"visibility": "private"})

    assert _details(owner) == []
