"""Nothing another learner imports can change what my badge shows.

Learner A holds a genuine hosted OB 2.0 badge. Learner B signs an OB 3.0 credential of
their own (did:key, or a key in the token header) that names A's badge class, or A's
issuer, by its id, with another name, description, image and criteria, and imports it.
A's gallery, detail page, public page, export and LinkedIn prefill stay byte for byte.
"""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from badges.models import Badge
from badges.reverify import reverify_badge
from badges.services.importing import ImportSource, import_badges
from passport import privacy
from sharing import share
from tests.badges.conftest import png_bytes
from tests.openbadges import ob3_issuer as ob3
from tests.openbadges.fake_issuer import FakeIssuer

RED_PNG = "data:image/png;base64," + base64.b64encode(png_bytes((220, 0, 0))).decode()


def _attacker_credential(by: ob3.TestIssuer, *, badge_class_id: str, issuer_id: str, header):
    document = ob3.credential(
        by,
        name="Forged Robotics",
        issuer={"id": issuer_id, "type": ["Profile"], "name": "Robot Academy (forged)"},
        subject={
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "other@example.org",
                    "identityType": "emailAddress",
                    "hashed": False,
                }
            ],
            "achievement": {
                "id": badge_class_id,
                "type": ["Achievement"],
                "name": "Forged Robotics",
                "description": "Rewritten by someone else.",
                "image": {"id": RED_PNG, "type": "Image"},
                "criteria": {"id": "https://evil.example/criteria", "narrative": "Nothing."},
            },
        },
    )
    if header == "jwk":
        by = ob3.TestIssuer(issuer_id, by.key, by.key_id, by.fetcher)
    return ob3.sign_vc_jwt(document, by, header=header)


def _without_tokens(html: str) -> str:
    # CSRF tokens are new on every render, and the public page's own visit is counted;
    # everything else must be the same bytes.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"Opened \d+ times? by others", "", html)


def _what_a_shows(owner_client, anon_client, badge: Badge) -> dict[str, bytes | str]:
    badge = Badge.objects.get(pk=badge.pk)
    with privacy.build_export(badge.owner) as exported:
        archive = zipfile.ZipFile(io.BytesIO(exported.read()))
    exported_badge = next(n for n in archive.namelist() if n.endswith("badge.json"))
    pages = {
        "gallery": owner_client.get(reverse("badges:gallery")),
        "detail": owner_client.get(reverse("badges:detail", args=[badge.pk])),
        "public": anon_client.get(reverse("sharing:badge", args=[badge.public_id])),
    }
    shown = {name: _without_tokens(r.content.decode()) for name, r in pages.items()}
    shown["image"] = owner_client.get(reverse("badges:image", args=[badge.pk])).getvalue()
    shown["export"] = archive.read(exported_badge)
    shown["linkedin"] = share.linkedin_add_url(badge, "https://passport.example/b/x")
    return shown


@pytest.fixture
def victims_badge(owner, issuer) -> Badge:
    url, _text = issuer.hosted_assertion("owner@example.org", "2.0")
    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])
    assert outcome.ok, outcome.message
    badge = outcome.badge
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save(update_fields=["visibility"])
    return badge


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["kid", "jwk"])
@pytest.mark.parametrize("target", ["badge_class", "issuer"])
def test_another_learners_forgery_changes_nothing_of_mine(
    owner_client, anon_client, other, issuer, victims_badge, header, target
):
    before = _what_a_shows(owner_client, anon_client, victims_badge)
    forger = ob3.did_key_issuer(fetcher=issuer.fetcher)
    issuer_id = forger.id if header == "kid" else "urn:uuid:forged-issuer"
    if target == "issuer":
        issuer_id = issuer.profile_url  # the victim's issuer, by its id
    token = _attacker_credential(
        forger, badge_class_id=issuer.badge_url, issuer_id=issuer_id, header=header
    )

    (outcome,) = import_badges(other, [ImportSource.from_text(token)])

    if outcome.ok:  # accepted, but only ever as the forger's own, unconfirmed badge
        forged = outcome.badge
        assert (forged.owner, forged.name, forged.trust) == (
            other,
            "Forged Robotics",
            "issuer_not_confirmed",
        )
    else:  # a did:key that does not match an https issuer is refused outright
        assert (header, target) == ("kid", "issuer")
        assert outcome.code in ("invalid", "invalid_signature"), outcome.message
    assert _what_a_shows(owner_client, anon_client, victims_badge) == before


@pytest.mark.django_db
def test_verifying_again_keeps_my_badge_as_the_issuer_states_it(
    owner_client, anon_client, other, issuer, victims_badge
):
    forger = ob3.did_key_issuer(fetcher=issuer.fetcher)
    token = _attacker_credential(
        forger, badge_class_id=issuer.badge_url, issuer_id=forger.id, header="kid"
    )
    assert import_badges(other, [ImportSource.from_text(token)])[0].ok

    reverify_badge(Badge.objects.get(pk=victims_badge.pk), fetcher=issuer.fetcher)

    badge = Badge.objects.get(pk=victims_badge.pk)
    assert (badge.name, badge.issuer.name) == ("Robotics", "Robot Academy")
    assert badge.image.read() == png_bytes()
    assert badge.trust == "issuer_confirmed"


@pytest.mark.django_db
def test_a_newer_version_from_the_issuer_replaces_only_that_badge(owner, other, issuer):
    mine_url, _text = issuer.hosted_assertion("owner@example.org", "2.0")
    theirs_url, _text = issuer.hosted_assertion("other@example.org", "2.0")
    (mine,) = import_badges(owner, [ImportSource.from_url(mine_url)])
    (theirs,) = import_badges(other, [ImportSource.from_url(theirs_url)])
    issuer.update_badge_class(name="Robotics, level 2", description="Built two robots.")

    reverify_badge(mine.badge, fetcher=issuer.fetcher)

    mine, theirs = Badge.objects.get(pk=mine.badge.pk), Badge.objects.get(pk=theirs.badge.pk)
    assert (mine.name, mine.description) == ("Robotics, level 2", "Built two robots.")
    assert (theirs.name, theirs.description) == ("Robotics", "Built a robot that works.")


@pytest.mark.django_db
def test_an_address_now_serving_another_issuers_credential_changes_nothing_shown(
    owner, issuer, victims_badge
):
    other = FakeIssuer(
        base="https://issuer.example/other", name="Someone Else", fetcher=issuer.fetcher
    )
    other.fetcher.serve(f"{other.base}/images/robotics.png", png_bytes(), content_type="image/png")
    replacement = other.assertion("owner@example.org", "2.0", id=victims_badge.credential_id)
    issuer.fetcher.serve(victims_badge.credential_id, json.dumps(replacement))

    check = reverify_badge(Badge.objects.get(pk=victims_badge.pk), fetcher=issuer.fetcher)

    badge = Badge.objects.get(pk=victims_badge.pk)
    assert check.status == "unverifiable" and badge.status == "unverifiable"
    assert (badge.name, badge.issuer.name, badge.trust) == (
        victims_badge.name,
        "Robot Academy",
        victims_badge.trust,
    )
