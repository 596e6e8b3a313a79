"""CLR 2.0 learner records through the import service, the gallery and their own page."""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from badges.models import Badge, LearnerRecord
from badges.openbadges.bake import bake_png
from badges.openbadges.log import text
from badges.services.importing import ImportSource, import_badges
from passport import privacy
from tests.badges.conftest import png_bytes
from tests.conftest import make_learner
from tests.openbadges import ob3_issuer as oi

LEARNER = "learner@example.org"
from tests.badges.factories import make_badges  # noqa: E402

GALLERY = reverse("badges:gallery")


@pytest.fixture
def learner(db):
    return make_learner(LEARNER)


@pytest.fixture
def learner_client(learner) -> Client:
    client = Client()
    client.force_login(learner)
    return client


@pytest.fixture
def issuer() -> oi.TestIssuer:
    return oi.did_web_issuer()


def _one(user, source, issuer):
    [outcome] = import_badges(user, [source], fetcher=issuer.fetcher)
    return outcome


def _record_source(issuer, **options) -> ImportSource:
    return ImportSource.from_text(json.dumps(oi.signed_clr(issuer, **options)))


def test_record_is_stored_with_its_badges(learner, issuer):
    outcome = _one(learner, _record_source(issuer), issuer)
    assert outcome.ok, outcome.message
    assert outcome.badge is None
    assert outcome.message == "Learner record with 3 achievements"
    record = outcome.record
    assert record.owner == learner
    assert (record.name, record.issuer_name) == ("Transcript of Ada Learner", "Example University")
    assert (record.status, record.trust) == ("verified", "issuer_confirmed")
    assert record.recipient_email == LEARNER
    assert [a["type"] for a in record.associations] == ["isPartOf", "precedes"]
    badges = Badge.objects.filter(owner=learner).order_by("name")
    assert [b.name for b in badges] == ["Course 1", "Course 2"]
    assert all(b.record == record and b.spec == "3.0" for b in badges)
    assert all(b.recipient_confirmed and b.checks.count() == 1 for b in badges)


def test_one_tampered_nested_credential_is_left_out(learner, issuer):
    outcome = _one(learner, _record_source(issuer, tamper_nested=2), issuer)
    assert outcome.ok, outcome.message
    assert list(Badge.objects.values_list("name", flat=True)) == ["Course 1"]
    assert any("Credential 2 left out" in text(s) for s in outcome.record.verification["steps"])


def test_tampered_record_stores_nothing(learner, issuer):
    document = oi.signed_clr(issuer)
    document["credentialSubject"]["association"] = []
    outcome = _one(learner, ImportSource.from_text(json.dumps(document)), issuer)
    assert outcome.code == "invalid_signature"
    assert not LearnerRecord.objects.exists() and not Badge.objects.exists()


def test_revoked_record_is_refused(learner, issuer):
    clr_id = "urn:uuid:c1a2b3c4-0000-4000-8000-00000000c1e1"
    status = oi.revocation_list(issuer, {clr_id: "Issued in error"})
    outcome = _one(learner, _record_source(issuer, credentialStatus=status), issuer)
    assert outcome.code == "revoked"
    assert not LearnerRecord.objects.exists() and not Badge.objects.exists()


def test_record_for_someone_else_is_refused(db, issuer):
    someone = make_learner("someone@example.org")
    outcome = _one(someone, _record_source(issuer), issuer)
    assert outcome.code == "recipient_mismatch"
    assert not LearnerRecord.objects.exists() and not Badge.objects.exists()


def test_second_copy_is_refused(learner, issuer):
    assert _one(learner, _record_source(issuer), issuer).ok
    again = _one(learner, _record_source(issuer), issuer)
    assert again.code == "duplicate" and "learner record" in again.message
    assert LearnerRecord.objects.count() == 1 and Badge.objects.count() == 2


def test_badge_already_held_is_not_added_twice(learner, issuer):
    course = oi.sign_data_integrity(oi.achievement_credential(issuer, 1), issuer)
    assert _one(learner, ImportSource.from_text(json.dumps(course)), issuer).ok
    outcome = _one(learner, _record_source(issuer), issuer)
    assert outcome.ok, outcome.message
    assert [b.name for b in outcome.record.badges.all()] == ["Course 2"]
    assert any(
        "Badge 1 (Course 1) not added" in text(s) for s in outcome.record.verification["steps"]
    )


def test_failure_while_storing_leaves_nothing(learner, issuer, monkeypatch):
    from badges.services import importing

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "record_check", broken)
    with pytest.raises(RuntimeError):
        _one(learner, _record_source(issuer), issuer)
    assert not LearnerRecord.objects.exists() and not Badge.objects.exists()


def test_vc_jwt_record(learner, issuer):
    nested = [oi.sign_data_integrity(oi.achievement_credential(issuer, 1), issuer)]
    token = oi.sign_vc_jwt(oi.clr_credential(issuer, nested), issuer)
    outcome = _one(learner, ImportSource.from_text(token), issuer)
    assert outcome.ok, outcome.message
    assert outcome.record.verification["method"] == "vc-jwt"
    assert outcome.record.badges.count() == 1


def test_baked_png_record(learner, issuer):
    baked = bake_png(png_bytes(), json.dumps(oi.signed_clr(issuer)), keyword="openbadgecredential")
    outcome = _one(learner, ImportSource.from_file("transcript.png", baked), issuer)
    assert outcome.ok, outcome.message
    assert outcome.record.original_filename == "transcript.png"
    assert outcome.record.badges.count() == 2


def test_record_page_shows_achievements_and_associations(learner, learner_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    course = record.badges.get(name="Course 1")
    response = learner_client.get(reverse("badges:record", args=[record.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Transcript of Ada Learner" in content
    assert "Bachelor of Science" in content
    assert f'href="{reverse("badges:detail", args=[course.pk])}"' in content
    assert "part of: Bachelor of Science" in content
    assert "precedes: Course 2" in content


def test_record_page_is_not_found_for_another_learner(learner, other_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    assert other_client.get(reverse("badges:record", args=[record.pk])).status_code == 404


def test_record_page_in_french(learner, learner_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    url = reverse("badges:record", args=[record.pk])
    content = learner_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "fait partie de" in content


def test_gallery_shows_the_record_as_one_card(learner, learner_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    content = learner_client.get(GALLERY).content.decode()
    assert reverse("badges:record", args=[record.pk]) in content
    assert "3 achievements" in content
    course = record.badges.get(name="Course 1")
    assert reverse("badges:detail", args=[course.pk]) not in content
    # a search still finds the record's badges on their own
    found = learner_client.get(GALLERY, {"q": "Course"}).content.decode()
    assert reverse("badges:detail", args=[course.pk]) in found


def test_the_gallery_draws_a_record_card_without_reading_the_record_as_received(
    learner, learner_client, issuer, django_assert_max_num_queries
):
    _one(learner, _record_source(issuer), issuer)
    with django_assert_max_num_queries(10) as captured:
        content = learner_client.get(GALLERY).content.decode()
    assert "3 achievements" in content
    records = [q["sql"] for q in captured.captured_queries if "badges_learnerrecord" in q["sql"]]
    assert any('"badges_learnerrecord"."name"' in sql for sql in records)  # the cards' rows
    assert not any('"original"' in sql for sql in records)


def test_the_gallery_counts_only_the_badges_outside_records(learner, learner_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    make_badges(learner, 2)
    content = learner_client.get(GALLERY).content.decode()
    assert '<p class="results-count">2 badges</p>' in content  # not the record's three
    found = learner_client.get(GALLERY, {"q": "Course"}).content.decode()
    courses = record.badges.filter(name__contains="Course").count()
    assert f'<p class="results-count">{courses} badges</p>' in found  # searched: counted


def test_nested_badge_has_its_own_page(learner, learner_client, other_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    course = record.badges.get(name="Course 2")
    response = learner_client.get(reverse("badges:detail", args=[course.pk]))
    assert response.status_code == 200
    assert other_client.get(reverse("badges:detail", args=[course.pk])).status_code == 404


def test_add_page_links_to_the_record(learner, learner_client, issuer, monkeypatch):
    from badges import fetching

    monkeypatch.setattr(fetching, "get_fetcher", lambda: issuer.fetcher)
    text = json.dumps(oi.signed_clr(issuer))
    response = learner_client.post(
        reverse("badges:add"), {"way": "paste", "text": text}, follow=True
    )
    record = LearnerRecord.objects.get()
    content = response.content.decode()
    assert reverse("badges:record", args=[record.pk]) in content
    assert "Learner record with 3 achievements" in content


def test_command_prints_the_record(learner, issuer, tmp_path, monkeypatch):
    from badges import fetching

    monkeypatch.setattr(fetching, "get_fetcher", lambda: issuer.fetcher)
    path = tmp_path / "transcript.json"
    path.write_text(json.dumps(oi.signed_clr(issuer)))
    out = StringIO()
    call_command("import_badge", "--user", LEARNER, "--json", str(path), stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["ok"] and printed["record"]["achievements"] == 3
    assert sorted(b["name"] for b in printed["record"]["badges"]) == ["Course 1", "Course 2"]


def test_export_holds_the_record_and_its_badges(learner, issuer):
    text = json.dumps(oi.signed_clr(issuer))
    record = _one(learner, ImportSource.from_text(text), issuer).record
    with privacy.build_export(learner) as exported:
        archive = zipfile.ZipFile(io.BytesIO(exported.read()))
    names = archive.namelist()
    folder = "learner-records/0001-transcript-of-ada-learner"
    assert archive.read(f"{folder}/original.json").decode() == text
    data = json.loads(archive.read(f"{folder}/record.json"))
    assert data["name"] == record.name and len(data["achievements"]) == 3
    assert sorted(data["badges"]) == sorted(b.credential_id for b in record.badges.all())
    assert len([n for n in names if n.startswith("badges/") and n.endswith("badge.json")]) == 2


def test_account_deletion_removes_the_record(learner, issuer):
    _one(learner, _record_source(issuer), issuer)
    learner.delete()
    assert not LearnerRecord.objects.exists() and not Badge.objects.exists()


def test_nested_badge_page_links_to_its_record(learner, learner_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    course = record.badges.get(name="Course 1")
    content = learner_client.get(reverse("badges:detail", args=[course.pk])).content.decode()
    assert f'href="{reverse("badges:record", args=[record.pk])}"' in content


def test_deleting_the_record_keeps_its_badges(learner, learner_client, other_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    url = reverse("badges:record_delete", args=[record.pk])
    assert other_client.post(url).status_code == 404
    assert learner_client.get(url).status_code == 405
    assert learner_client.post(url).status_code == 302
    assert not LearnerRecord.objects.exists()
    assert Badge.objects.filter(owner=learner, record=None).count() == 2


def test_a_nested_badge_is_shared_like_any_badge(learner, learner_client, anon_client, issuer):
    record = _one(learner, _record_source(issuer), issuer).record
    course = record.badges.get(name="Course 1")
    url = reverse("badges:visibility", args=[course.pk])
    learner_client.post(url, {"visibility": "public"})
    page = anon_client.get(reverse("sharing:badge", args=[course.public_id]))
    assert page.status_code == 200 and "Course 1" in page.content.decode()
    served = anon_client.get(reverse("sharing:credential_json", args=[course.public_id]))
    assert json.loads(served.content)["id"] == course.credential_id


def test_a_nested_badge_is_verified_again_like_any_badge(learner, issuer):
    from badges.reverify import reverify_badge

    record = _one(learner, _record_source(issuer), issuer).record
    course = record.badges.get(name="Course 1")
    check = reverify_badge(course, fetcher=issuer.fetcher)
    assert check.status == "verified"
    course.refresh_from_db()
    assert course.record == record and course.status == "verified"


def test_operators_can_find_records_in_the_admin(learner, issuer, admin_client):
    record = _one(learner, _record_source(issuer), issuer).record
    listing = admin_client.get(reverse("admin:badges_learnerrecord_changelist"))
    assert listing.status_code == 200 and record.name in listing.content.decode()


def test_verify_again_finds_the_record_revoked(
    learner, learner_client, other_client, issuer, monkeypatch
):
    from badges import fetching

    clr_id = "urn:uuid:c1a2b3c4-0000-4000-8000-00000000c1e1"
    status = oi.revocation_list(issuer, {})
    record = _one(learner, _record_source(issuer, credentialStatus=status), issuer).record
    oi.revocation_list(issuer, {clr_id: "Issued in error"})  # revoked since
    url = reverse("badges:record_verify", args=[record.pk])
    assert other_client.post(url).status_code == 404
    monkeypatch.setattr(fetching, "get_fetcher", lambda: issuer.fetcher)
    response = learner_client.post(url, follow=True)
    record.refresh_from_db()
    assert (record.status, record.status_reason) == ("revoked", "Issued in error")
    content = response.content.decode()
    assert "Checked again just now: Revoked." in content and "Issued in error" in content
    # once a minute per record
    again = learner_client.post(url, follow=True).content.decode()
    assert "checked less than a minute ago" in again


def test_verify_again_when_the_issuer_cannot_be_reached(learner, issuer):
    from badges.services.records import verify_record_again

    status = oi.revocation_list(issuer, {})
    record = _one(learner, _record_source(issuer, credentialStatus=status), issuer).record
    assert verify_record_again(record, fetcher=oi.FakeFetcher()) == "unverifiable"
    record.refresh_from_db()
    assert record.status == "unverifiable" and record.status_reason
    assert record.badges.count() == 2  # its badges are not touched


def test_record_screens_speak_french(learner, learner_client, issuer):
    from tests.passport.test_french_everywhere import english_left

    learner.preferred_language = "fr"
    learner.save()
    courses = []
    for number in (1, 2):
        course = oi.achievement_credential(issuer, number, name=f"Cours {number}")
        course["credentialSubject"]["achievement"]["description"] = "Réussi."
        courses.append(oi.sign_data_integrity(course, issuer))
    degree = {
        "id": "https://issuer.example/achievements/degree",
        "type": ["Achievement"],
        "achievementType": "Licence",
        "name": "Licence de sciences",
        "description": "Décernée à la fin du programme.",
    }
    document = oi.clr_credential(issuer, courses, name="Relevé de notes", achievements=[degree])
    source = ImportSource.from_text(json.dumps(oi.sign_data_integrity(document, issuer)))
    record = _one(learner, source, issuer).record
    learner_client.cookies.load({"django_language": "fr"})
    urls = [
        GALLERY,
        reverse("badges:record", args=[record.pk]),
        reverse("badges:detail", args=[record.badges.get(name="Cours 1").pk]),
    ]
    leftovers = {}
    for url in urls:
        response = learner_client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr">' in response.content.decode(), url
        found = english_left(response.content.decode())
        if found:
            leftovers[url] = found
    assert not leftovers, f"English left on: {leftovers}"
    assert "fait partie de : Licence de sciences" in learner_client.get(urls[1]).content.decode()
