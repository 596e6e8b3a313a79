"""Every screen a learner or a visitor sees, in French: no English left over.

Each page is rendered with the learner's language set to French, and its visible text
(what the issuer wrote and the original data aside; the verifier's technical log
included) is searched for common English words that never occur in French sentences.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from badges import step_log
from badges.models import Badge
from badges.openbadges.log import step, step_plural
from tests.badges.factories import make_badge, make_badge_class, make_collection, make_issuer
from tests.pages.factories import make_page

ENGLISH = re.compile(r"\b(the|and|your|with|this|you|which|badges?\s+are|is|are|of)\b", re.I)
HIDDEN = re.compile(
    r"<(script|style|pre|code|template)\b.*?</\1>"
    r"|<details class=\"original-json\".*?</details>",
    re.S | re.I,
)


def visible_text(html: str) -> str:
    html = HIDDEN.sub(" ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


def english_left(html: str) -> list[str]:
    text = visible_text(html)
    return sorted({m.group(0).lower() for m in ENGLISH.finditer(text)})


@pytest.fixture
def french_learner(owner):
    owner.preferred_language = "fr"
    owner.display_name = "Olive Propriétaire"
    owner.profile_is_public = True
    owner.save()
    return owner


@pytest.fixture
def french_badge(french_learner) -> Badge:
    issuer = make_issuer(name="Université Exemple", description="Une université.")
    badge_class = make_badge_class(
        issuer,
        name="Robotique",
        description="A construit un robot qui fonctionne.",
        criteria_narrative="Construire un robot.",
        alignments=[{"name": "Robotique", "url": "https://competences.example/robotique"}],
        tags=["robotique"],
    )
    badge = make_badge(
        french_learner,
        badge_class,
        visibility=Badge.Visibility.PUBLIC,
        evidence=[
            {"url": "https://portfolio.example/1", "name": "Projet", "narrative": "Projet final."}
        ],
        endorsements=[
            {"issuer_name": "Guilde", "issuer_id": "https://guilde.example/", "comment": "Sérieux."}
        ],
    )
    badge.verification["steps"] = step_log.stored(TECHNICAL_LOG)
    badge.save(update_fields=["verification"])
    badge.checks.create(status=badge.status, **step_log.check_fields(TECHNICAL_LOG))
    return badge


# A few lines of the verifier's log, as a real check stores them.
TECHNICAL_LOG = (
    step("Fetched the assertion from %(url)s.", url="https://universite.example/a/1"),
    step_plural(
        "Read %(count)d endorsement; %(verified)s.",
        "Read %(count)d endorsements; %(verified)s.",
        1,
        verified=step_plural("%(count)d verified", "%(count)d verified", 1),
    ),
    step(
        "Endorsement by %(endorser)s not verified: %(reason)s",
        endorser="Guilde",
        reason=step("its endorser has withdrawn it"),
    ),
    step("The issuer publishes no revocation list."),
)


def _owner_pages(badge, collection, page):
    return [
        reverse("home"),
        reverse("badges:gallery"),
        reverse("badges:add"),
        reverse("badges:detail", args=[badge.pk]),
        reverse("badges:delete", args=[badge.pk]),
        reverse("badges:tags"),
        reverse("badges:skills"),
        reverse("badges:collections"),
        reverse("badges:collection", args=[collection.pk]),
        reverse("pages:list"),
        reverse("pages:edit", args=[page.pk]),
        reverse("sharing:settings"),
        reverse("profile_edit"),
        reverse("privacy_settings"),
        reverse("security_activity"),
        reverse("api:connected_apps"),
        reverse("account_email"),
        reverse("account_change_password"),
    ]


@pytest.mark.django_db
def test_every_screen_of_the_backpack_speaks_french(client, french_learner, french_badge):
    client.force_login(french_learner)
    collection = make_collection(french_learner, "Candidature", badges=[french_badge])
    page = make_page(french_learner, title="Mon portfolio")

    leftovers = {}
    for url in _owner_pages(french_badge, collection, page):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr">' in response.content.decode(), url
        found = english_left(response.content.decode())
        if found:
            leftovers[url] = found
    assert not leftovers, f"English left on: {leftovers}"


@pytest.mark.django_db
def test_every_public_screen_speaks_french(client, french_learner, french_badge):
    public = [
        reverse("sharing:badge", args=[french_badge.public_id]),
        reverse("sharing:profile", args=[french_learner.public_slug]),
        reverse("sharing:embed_badge", args=[french_badge.public_id]),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("privacy_policy"),
        reverse("terms"),
    ]
    leftovers = {}
    for url in public:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        found = english_left(response.content.decode())
        if found:
            leftovers[url] = found
    assert not leftovers, f"English left on: {leftovers}"


def test_the_check_finds_english_when_there_is_some():
    assert english_left("<p>Ajoutez <strong>your</strong> badges</p>") == ["your"]
    assert english_left("<p>Vos badges</p><pre>the log</pre>") == []
