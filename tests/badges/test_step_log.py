"""The verifier's technical log is shown in the reader's language, old logs included."""

from __future__ import annotations

import ast
import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.test import Client
from django.urls import reverse
from django.utils import translation

from badges import data_rights, step_log
from badges.models import Badge
from badges.openbadges import log
from badges.services.importing import ImportSource, import_badges
from passport.management.commands.makemessages import Command as MakeMessages
from tests.badges.factories import make_badge
from tests.conftest import make_learner
from tests.openbadges import ob3_issuer as oi
from tests.passport.test_french_everywhere import english_left

ROOT = Path(__file__).resolve().parents[2]
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENDORSER = "https://endorser.example/profile"
pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return make_learner("learner@example.org")


@pytest.fixture
def learner_client(learner) -> Client:
    client = Client()
    client.force_login(learner)
    return client


def technical_log(content: str) -> list[str]:
    """The lines of the "Technical details" list, as a reader sees them."""
    found = re.search(r'<details class="trust-log">.*?<ol class="steps">(.*?)</ol>', content, re.S)
    assert found, "no technical log on the page"
    return [html.unescape(line) for line in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def assert_all_french(lines: list[str], stored: list) -> None:
    english = [log.text(line) for line in stored]
    assert lines and len(lines) == len(english)
    left = [line for line in lines if line in english]
    assert not left, f"English left in the log: {left}"
    assert english_left(" ".join(lines)) == [], lines


def _hosted_badge_with_endorsements(learner, issuer) -> Badge:
    issuer.fetcher.serve(ENDORSER, {"id": ENDORSER, "type": "Profile", "name": "Guilde"})
    published = "https://endorser.example/e/1"
    issuer.fetcher.serve(
        published,
        {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Endorsement",
            "id": published,
            "issuer": ENDORSER,
            "claim": {"id": issuer.badge_url, "endorsementComment": "Sérieux."},
            "issuedOn": "2023-05-01T00:00:00Z",
            "verification": {"type": "HostedBadge"},
        },
    )
    embedded = {"type": "Endorsement", "issuer": ENDORSER, "claim": {"id": issuer.badge_url}}
    issuer.update_badge_class(endorsement=[published, embedded])
    url, _text = issuer.hosted_assertion()
    [outcome] = import_badges(learner, [ImportSource.from_url(url)], fetcher=issuer.fetcher)
    assert outcome.ok, outcome.message
    return outcome.badge


def test_a_hosted_badge_shows_its_technical_log_in_french(learner, learner_client, issuer):
    badge = _hosted_badge_with_endorsements(learner, issuer)
    stored = badge.verification["steps"]
    assert all(isinstance(line, dict) for line in stored)  # each with its id and parameters

    content = learner_client.get(reverse("badges:detail", args=[badge.pk]), **FR).content.decode()

    lines = technical_log(content)
    assert f"Assertion récupérée à l'adresse {badge.source_url}." in lines
    assert "2 recommandations lues; 1 vérifiée." in lines
    assert f"Profil de l'émetteur récupéré à l'adresse {issuer.profile['id']}." in lines
    assert_all_french(lines, stored)
    with translation.override("en"):
        english = step_log.shown(stored)
    assert f"Fetched the assertion from {badge.source_url}." in english
    assert "Read 2 endorsements; 1 verified." in english


def test_an_ob3_badge_shows_its_status_list_steps_in_french(learner):
    issuer = oi.did_web_issuer()
    oi.bitstring_list(issuer, set(), validUntil="2099-01-01T00:00:00Z")
    document = oi.credential(issuer, credentialStatus=oi.bitstring_entry(4))
    signed = json.dumps(oi.sign_data_integrity(document, issuer))
    [outcome] = import_badges(learner, [ImportSource.from_text(signed)], fetcher=issuer.fetcher)
    assert outcome.ok, outcome.message
    badge = outcome.badge
    badge.visibility = Badge.Visibility.PUBLIC
    badge.save()

    public = Client().get(reverse("sharing:badge", args=[badge.public_id]), **FR)

    lines = technical_log(public.content.decode())  # from the check just recorded
    assert "Liste d'état vérifiée\u00a0: attestation non révoquée" in lines
    assert "Liste d'état https://issuer.example/status/1\u00a0: valide jusqu'au 2099-01-01" in lines
    assert "Structure vérifiée\u00a0: OpenBadgeCredential (VCDM 2.0)" in lines
    assert_all_french(lines, badge.checks.get().steps)


def test_a_learner_record_shows_how_it_was_checked_in_french(learner, learner_client):
    issuer = oi.did_web_issuer()
    signed = json.dumps(oi.signed_clr(issuer, tamper_nested=2))
    [outcome] = import_badges(learner, [ImportSource.from_text(signed)], fetcher=issuer.fetcher)
    assert outcome.ok, outcome.message
    record = outcome.record

    url = reverse("badges:record", args=[record.pk])
    content = learner_client.get(url, **FR).content.decode()

    found = re.search(
        r"<summary>Comment ce relevé a été vérifié</summary>\s*<ol>(.*?)</ol>", content, re.S
    )
    lines = [html.unescape(line) for line in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]
    assert any(line.startswith("Attestation 1 (Course 1) vérifiée\u00a0: ") for line in lines)
    assert any(line.startswith("Attestation 2 écartée") for line in lines)
    english = {log.text(line) for line in record.verification["steps"]}
    assert not english & set(lines)


def test_old_plain_lines_still_show_and_those_without_parameters_are_translated(
    owner_client, owner
):
    old = [
        "Fetched the assertion from https://old.example/a/1.",
        "The key is published on the issuer's own site.",
    ]
    verification = {"method": "signed", "steps": old}
    badge = make_badge(owner, verification=verification, visibility=Badge.Visibility.PUBLIC)
    badge.checks.create(status=badge.status, method="signed", detail="\n".join(old))  # no steps
    translated = [old[0], "La clé est publiée sur le site même de l'émetteur."]

    content = owner_client.get(reverse("badges:detail", args=[badge.pk]), **FR).content.decode()
    public = Client().get(reverse("sharing:badge", args=[badge.public_id]), **FR).content.decode()

    assert technical_log(content) == translated
    assert technical_log(public) == translated  # from the check's English detail
    with translation.override("en"):
        assert step_log.shown(old) == old  # as stored


def test_a_step_with_a_broken_parameter_falls_back_to_english(owner_client, owner):
    broken = [
        {"m": "Fetched the assertion from %(url)s."},  # its parameter lost
        {"m": "Signature checked with key %(key)s (%(algorithm)s).", "p": {"key": {"m": 7}}},
        {"m": "%(count)d proof of another type ignored", "pl": "%(count)d proofs", "n": "two"},
        {"m": "Read %(count)d endorsement; %(verified)s.", "p": {"count": "many", "verified": 1}},
        {"m": "Proof %(suite)s checked with %(key)s", "p": {"suite": "x", "key": [1]}},
        {"m": 12},
        None,
        {"m": "Status list %(url)s: %(detail)s", "p": {"url": "u", "detail": {"p": {}}}},
    ]
    badge = make_badge(owner, verification={"method": "hosted", "steps": broken})

    response = owner_client.get(reverse("badges:detail", args=[badge.pk]), **FR)

    assert response.status_code == 200
    assert technical_log(response.content.decode()) == [
        "Fetched the assertion from %(url)s.",
        "Signature checked with key %(key)s (%(algorithm)s).",
        "%(count)d proof of another type ignored",
        "Read %(count)d endorsement; %(verified)s.",
        "Preuve x vérifiée avec [1]",
        "{'m': 12}",
        "Liste d'état u\u00a0: {'p': {}}",
    ]


def test_a_translation_that_does_not_fit_falls_back_to_english():
    line = log.step("Fetched the assertion from %(url)s.", url="https://issuer.example/a")

    assert log.render(line, lambda message: "Récupérée depuis %(adresse)s.") == str(line)
    assert log.render(line, lambda message: 1 / 0) == str(line)
    counted = log.step_plural("%(count)d proof", "%(count)d proofs", 2)
    assert log.render(counted, lambda m: m, lambda s, p, n: "%(count)s %(extra)s") == "2 proofs"


def test_steps_keep_their_ids_through_json():
    inner = log.step("it has no id")
    line = log.step(
        "Endorsement by %(endorser)s not verified: %(reason)s", endorser="G", reason=inner
    )
    counted = log.step_plural("%(count)d verified", "%(count)d verified", 3)

    back = [log.load(json.loads(json.dumps(log.dump(item)))) for item in (line, counted, "plain")]

    assert back == [line, counted, "plain"]
    assert back[0].params["reason"].message == "it has no id"
    assert (back[1].plural, back[1].count) == ("%(count)d verified", 3)
    with translation.override("fr"):
        assert step_log.translated(back[0]) == (
            "Recommandation émise par G non vérifiée\u00a0: elle n'a pas d'identifiant (id)"
        )


def test_the_learners_export_keeps_english_lines(learner, issuer):
    badge = _hosted_badge_with_endorsements(learner, issuer)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        data_rights.export_badges(learner, archive)
    with zipfile.ZipFile(buffer) as archive:
        [name] = [n for n in archive.namelist() if n.endswith("badge.json")]
        exported = json.loads(archive.read(name))["verification"]["steps"]

    assert all(isinstance(line, str) for line in exported)
    assert f"Fetched the assertion from {badge.source_url}." in exported
    assert "Read 2 endorsements; 1 verified." in exported


# --- every message has its French ------------------------------------------------------


def _step_calls():
    """(file, line, the call) for every ``step``/``step_plural`` call in the badges app."""
    for path in sorted((ROOT / "badges").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and ast.unparse(func.value) == "log":
                name = func.attr  # log.step(...)
            else:
                name = func.id if isinstance(func, ast.Name) else ""  # not refusal.step()
            if name in ("step", "step_plural"):
                yield path.relative_to(ROOT), node.lineno, name, node


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def test_every_step_message_is_a_literal_makemessages_can_find():
    not_literal = [
        f"{path}:{line}"
        for path, line, name, call in _step_calls()
        if not call.args
        or _literal(call.args[0]) is None
        or (name == "step_plural" and (len(call.args) < 2 or _literal(call.args[1]) is None))
    ]
    assert not not_literal


def test_every_step_message_has_a_french_translation():
    singular, plural = set(), set()
    for _path, _line, name, call in _step_calls():
        if name == "step":
            singular.add(_literal(call.args[0]))
        else:
            plural.add((_literal(call.args[0]), _literal(call.args[1])))
    assert len(singular) > 100 and len(plural) > 5  # the scan found the log
    with translation.override("fr"):
        untranslated = [m for m in singular if translation.gettext(m) == m]
        untranslated += [
            pair
            for pair in plural
            if translation.ngettext(*pair, 1) == pair[0]
            or translation.ngettext(*pair, 2) == pair[1]
        ]
    assert not untranslated


def test_makemessages_knows_the_step_keywords():
    assert get_commands()["makemessages"] == "passport"
    assert {"--keyword=step", "--keyword=step_plural:1,2"} <= set(MakeMessages.xgettext_options)
