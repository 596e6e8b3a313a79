"""Steps stored as plain English get their ids back, so old logs read in French too."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from badges import step_upgrade
from badges.models import Badge, LearnerRecord
from badges.openbadges import log
from tests.badges.factories import make_badge
from tests.badges.test_step_log import FR, technical_log

MIGRATION = importlib.import_module("badges.migrations.0014_steps_stored_as_english_get_ids")
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def _every_message_written_out():
    for filed in step_upgrade.messages().values():
        for message in filed:
            names = dict(PLACEHOLDER.findall(message.counted))
            params = {
                n: 3 if kind == "d" else f"https://{n}.example/a b" for n, kind in names.items()
            }
            if message.plural:
                count = 3 if message.counted == message.plural else 1
                params["count"] = count
                yield log.Step(message.singular, params, message.plural, count)
            else:
                yield log.Step(message.singular, params)


def test_the_verifiers_messages_are_read_from_the_source():
    found = {m.singular for filed in step_upgrade.messages().values() for m in filed}

    assert "Fetched the assertion from %(url)s." in found
    assert "Read %(count)d endorsement; %(verified)s." in found  # a plural, from its singular
    assert len(found) > 100


def test_every_message_written_out_in_english_is_read_back_as_its_step():
    lines = list(_every_message_written_out())
    assert len(lines) > 100

    wrong = [
        str(line) for line in lines if log.dump(step_upgrade.upgraded(str(line))) != log.dump(line)
    ]

    assert wrong == []


def test_a_step_inside_a_step_is_read_back_too():
    inner = log.step(
        "Signature checked with key %(key)s (%(algorithm)s).", key="k1", algorithm="EdDSA"
    )
    outer = log.step("Status list %(url)s: %(detail)s", url="https://s.example/1", detail=inner)

    back = step_upgrade.upgraded(str(outer))

    assert log.dump(back) == log.dump(outer)


@pytest.mark.parametrize(
    "line",
    [
        "Fetched the assertion at last.",  # a wording no message has
        "Read many endorsements; 1 verified.",  # a count that is no number
        "",
        "   ",
        "Fetched the assertion from " + "x" * 3000 + ".",  # longer than any message
    ],
)
def test_a_line_no_message_matches_stays_as_stored(line):
    assert step_upgrade.upgraded(line) == line
    assert not isinstance(step_upgrade.upgraded(line), log.Step)


def test_stored_steps_and_other_values_are_left_alone():
    stored = [{"m": "Fetched the assertion from %(url)s.", "p": {"url": "u"}}, 7, None]

    assert step_upgrade.upgraded_lines(stored) == (stored, False)
    assert step_upgrade.upgraded_lines("not a list") == ("not a list", False)


@pytest.mark.django_db
def test_the_migration_gives_old_badges_records_and_checks_their_ids(owner):
    old = [
        "Fetched the assertion from https://old.example/a/1.",
        "Read 2 endorsements; 1 verified.",
        "Something said in words no message has.",
    ]
    badge = make_badge(
        owner, verification={"method": "hosted", "steps": old}, visibility=Badge.Visibility.PUBLIC
    )
    check = badge.checks.create(status=badge.status, method="hosted", detail="\n".join(old))
    record = LearnerRecord.objects.create(
        owner=owner,
        identity_key="k",
        credential_id="urn:uuid:1",
        name="Record",
        issuer_identifier="https://old.example/",
        original="{}",
        verification={"method": "signed", "steps": old[:1], "other": "kept"},
    )
    untouched = make_badge(owner, verification={"method": "hosted"})

    MIGRATION.forwards(apps, None)

    badge.refresh_from_db()
    check.refresh_from_db()
    record.refresh_from_db()
    assert badge.verification["steps"][0] == {
        "m": "Fetched the assertion from %(url)s.",
        "p": {"url": "https://old.example/a/1"},
    }
    assert badge.verification["steps"][1]["n"] == 2
    assert badge.verification["steps"][2] == old[2]  # as it was
    assert [log.text(line) for line in badge.verification["steps"]] == old  # same English
    assert [log.text(line) for line in check.steps] == old
    assert record.verification["other"] == "kept"
    assert record.verification["steps"][0]["m"] == "Fetched the assertion from %(url)s."
    untouched.refresh_from_db()
    assert untouched.verification == {"method": "hosted"}

    page = Client().get(reverse("sharing:badge", args=[badge.public_id]), **FR).content.decode()
    lines = technical_log(page)
    assert "Assertion récupérée à l'adresse https://old.example/a/1." in lines
    assert "2 recommandations lues; 1 vérifiée." in lines
    assert old[2] in lines
