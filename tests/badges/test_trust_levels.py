"""Trust levels, stored links and dates as a learner, a visitor and an operator see them."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from badges.models import Badge
from badges.openbadges.log import text
from badges.services.importing import ImportSource, import_badges
from sharing import share
from tests.badges.test_import_command import _run
from tests.openbadges import ob3_issuer as ob3
from tests.openbadges.fake_issuer import REMOVE

EMAIL = "owner@example.org"
HOSTILE = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox"]


def _subject(email: str = EMAIL, **achievement) -> dict:
    return {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": email,
                "identityType": "emailAddress",
                "hashed": False,
            }
        ],
        "achievement": {
            "id": "https://issuer.example/achievements/teamwork",
            "type": ["Achievement"],
            "name": "Teamwork",
            "description": "Works well in a team.",
            "criteria": {"narrative": "Nominated by peers."},
            **achievement,
        },
    }


def _import_ob3(owner, by, **fields) -> Badge:
    token = ob3.sign_vc_jwt(ob3.credential(by, subject=_subject(), **fields), by)
    (outcome,) = import_badges(owner, [ImportSource.from_text(token)])
    assert outcome.ok, outcome.message
    return outcome.badge


@pytest.fixture
def did_key_badge(owner, issuer) -> Badge:
    return _import_ob3(owner, ob3.did_key_issuer(fetcher=issuer.fetcher))


@pytest.fixture
def hosted_badge(owner, issuer) -> Badge:
    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])
    return outcome.badge


# --- trust levels ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hosted_badge_is_issuer_confirmed_and_says_by_which_site(owner_client, hosted_badge):
    assert (hosted_badge.trust, hosted_badge.trust_source) == ("issuer_confirmed", "issuer.example")

    detail = owner_client.get(reverse("badges:detail", args=[hosted_badge.pk])).content.decode()

    assert "✓</span> Verified" in detail
    assert "issued by issuer.example" in detail


@pytest.mark.django_db
def test_a_did_key_badge_is_never_green(owner_client, anon_client, did_key_badge):
    did_key_badge.visibility = Badge.Visibility.PUBLIC
    did_key_badge.save(update_fields=["visibility"])
    pages = [
        owner_client.get(reverse("badges:gallery")),
        owner_client.get(reverse("badges:detail", args=[did_key_badge.pk])),
        anon_client.get(reverse("sharing:badge", args=[did_key_badge.public_id])),
        anon_client.get(reverse("sharing:embed_badge", args=[did_key_badge.public_id])),
    ]

    for response in pages:
        content = response.content.decode()
        assert "Issuer not confirmed" in content or "issuer not confirmed" in content
        assert "chip-ok" not in content and "trust-verified" not in content


@pytest.mark.django_db
def test_a_did_web_badge_is_issuer_confirmed(owner, issuer):
    badge = _import_ob3(
        owner, ob3.did_web_issuer(host="badges.example.edu", fetcher=issuer.fetcher)
    )

    assert (badge.trust, badge.trust_source) == ("issuer_confirmed", "badges.example.edu")


@pytest.mark.django_db
def test_a_registry_the_operator_trusts_confirms_a_did_key_issuer(
    owner, owner_client, issuer, settings, tmp_path
):
    forger_free = ob3.did_key_issuer(fetcher=issuer.fetcher)
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps({"registry": {forger_free.id: {"name": "Example University"}}}))
    settings.ISSUER_REGISTRIES = [("Canadian Issuers", str(registry))]

    badge = _import_ob3(owner, forger_free)

    assert (badge.trust, badge.trust_source) == ("issuer_confirmed", "Canadian Issuers")
    detail = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert "listed in “Canadian Issuers”" in detail


@pytest.mark.django_db
def test_an_unreadable_registry_leaves_badges_unconfirmed_not_refused(
    owner, issuer, settings, tmp_path
):
    settings.ISSUER_REGISTRIES = [("Broken", str(tmp_path / "missing.json"))]

    badge = _import_ob3(owner, ob3.did_key_issuer(fetcher=issuer.fetcher))

    assert badge.trust == "issuer_not_confirmed"


@pytest.mark.django_db
def test_the_operator_command_reports_the_trust_level(owner, issuer, tmp_path):
    hosted, _text = issuer.hosted_assertion(EMAIL, "2.0")
    by = ob3.did_key_issuer(fetcher=issuer.fetcher)
    token = ob3.sign_vc_jwt(ob3.credential(by, subject=_subject()), by)
    signed = tmp_path / "credential.jws"
    signed.write_text(token)

    code, lines = _run("--user", EMAIL, "--json", hosted)
    (second,) = _run("--user", EMAIL, "--json", str(signed))[1]

    assert code == 0
    assert lines[0]["badge"]["trust"] == "issuer_confirmed"
    assert second["badge"]["trust"] == "issuer_not_confirmed"
    assert second["badge"]["recipient_confirmed"] is True


# --- every stored link is a web address ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("field", ["criteria", "evidence", "alignment", "issuer url"])
def test_a_link_that_is_not_a_web_address_is_dropped(owner, owner_client, issuer, hostile, field):
    by = ob3.did_key_issuer(fetcher=issuer.fetcher)
    achievement: dict = {}
    fields: dict = {}
    if field == "criteria":
        achievement["criteria"] = {"id": hostile, "narrative": "Nominated by peers."}
    elif field == "alignment":
        achievement["alignment"] = [
            {"type": ["Alignment"], "targetName": "Teamwork", "targetUrl": hostile}
        ]
    elif field == "evidence":
        fields["evidence"] = [{"id": hostile, "type": ["Evidence"], "name": "Report"}]
    else:
        fields["issuer"] = {"id": by.id, "type": ["Profile"], "name": "U", "url": hostile}
    token = ob3.sign_vc_jwt(ob3.credential(by, subject=_subject(**achievement), **fields), by)

    (outcome,) = import_badges(owner, [ImportSource.from_text(token)])

    assert outcome.ok, outcome.message
    badge = outcome.badge
    stored = json.dumps(
        [badge.criteria_url, badge.evidence, badge.alignments, badge.issuer_url, badge.image_source]
    )
    assert hostile.split(":")[0] + ":" not in stored
    assert any("not a web address" in text(step) for step in badge.verification["steps"])
    detail = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert f'href="{hostile.split(":")[0]}:' not in detail


# --- no invented dates ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_badge_that_states_no_date_shows_none(owner, owner_client, issuer):
    url, _text = issuer.hosted_assertion(EMAIL, "0.5", issued_on=REMOVE)

    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])

    badge = outcome.badge
    assert outcome.ok and badge.issued_on is None
    detail = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert "date not stated" in detail
    gallery = owner_client.get(reverse("badges:gallery")).content.decode()
    assert "date not stated" in gallery
    prefill = dict(parse_qsl(urlsplit(share.linkedin_add_url(badge, "https://p.example")).query))
    assert "issueYear" not in prefill and "issueMonth" not in prefill
    assert prefill["name"] == "Robotics"


@pytest.mark.django_db
def test_badges_without_a_date_sort_after_dated_ones(owner, owner_client, issuer):
    undated, _text = issuer.hosted_assertion(EMAIL, "0.5", issued_on=REMOVE)
    dated, _text = issuer.hosted_assertion(EMAIL, "2.0")
    import_badges(owner, [ImportSource.from_url(undated), ImportSource.from_url(dated)])

    newest = list(Badge.objects.owned_by(owner).sorted_by("newest"))
    oldest = list(Badge.objects.owned_by(owner).sorted_by("oldest"))

    assert newest[-1].issued_on is None and oldest[-1].issued_on is None


@pytest.mark.django_db
def test_a_registry_at_an_https_address_is_fetched_once_through_the_fetcher(
    owner, issuer, settings
):
    first, second = (
        ob3.did_key_issuer(fetcher=issuer.fetcher),
        ob3.did_jwk_issuer(fetcher=issuer.fetcher),
    )
    url = "https://registry.example/registry.json"
    listed = {first.id: {"name": "One"}, second.id: {"name": "Two"}}
    issuer.fetcher.serve(url, {"meta": {}, "registry": listed})
    settings.ISSUER_REGISTRIES = [("Remote Registry", url)]

    badges = [_import_ob3(owner, first), _import_ob3(owner, second, id="urn:uuid:other")]

    assert [b.trust_source for b in badges] == ["Remote Registry", "Remote Registry"]
    assert issuer.fetcher.fetched(url) == 1


@pytest.mark.django_db
def test_an_issuer_without_a_name_is_shown_by_its_address(owner, owner_client, issuer):
    by = ob3.did_key_issuer(fetcher=issuer.fetcher)

    badge = _import_ob3(owner, by, issuer={"id": by.id, "type": ["Profile"]})

    assert badge.issuer_name == "" and badge.issuer.name == by.id
    detail = owner_client.get(reverse("badges:detail", args=[badge.pk])).content.decode()
    assert by.id in detail and "Example University" not in detail
