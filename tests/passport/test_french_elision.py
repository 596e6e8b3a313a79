"""« de Alex » is written « d'Alex » in French sentences that take a name."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from badges.models import Badge
from passport.web.french import elide
from tests.badges.factories import make_badge
from tests.conftest import make_learner


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Les Open Badges de Alex", "Les Open Badges d'Alex"),
        ("le portfolio de Émilie Roy", "le portfolio d'Émilie Roy"),
        ("Open Badges de Olive Owner.", "Open Badges d'Olive Owner."),
        ("Open Badges de Noor", "Open Badges de Noor"),  # a consonant: nothing to do
        ("Open Badges de Hugo", "Open Badges de Hugo"),  # a mute h depends on the name
        ("le monde entier de 8 Mo", "le monde entier de 8 Mo"),  # "monde" is not "de"
        ("De Anne", "D'Anne"),
    ],
)
def test_de_is_elided_before_a_vowel_in_french(text, expected):
    with translation.override("fr"):
        assert elide(text) == expected


def test_english_is_left_alone():
    with translation.override("en"):
        assert elide("de Alex") == "de Alex"


@pytest.mark.django_db
def test_a_public_profile_in_french_says_d_before_a_vowel(client):
    learner = make_learner("alex@example.org", display_name="Alex Martin")
    learner.profile_is_public = True
    learner.save()
    make_badge(learner, visibility=Badge.Visibility.PUBLIC)
    url = reverse("sharing:profile", args=[learner.public_slug])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Open Badges d'Alex Martin" in body or "Open Badges d&#x27;Alex Martin" in body
    assert "de Alex" not in body
