"""The import's page, the backpack's notices and the address list, in French."""

from __future__ import annotations

import pytest

from badges.import_job_models import ImportItem, ImportJob
from badges.models import Notice
from tests.passport.test_french_everywhere import english_left, french_badge, french_learner

pytestmark = pytest.mark.django_db
__all__ = ["french_badge", "french_learner"]  # fixtures used below
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def test_a_job_page_and_its_json_speak_french(owner_client, french_learner, french_badge):
    job = ImportJob.objects.create(owner=french_learner, state=ImportJob.State.RUNNING)
    ImportItem.objects.create(job=job, label="a.png", status="added", badge=french_badge)
    ImportItem.objects.create(job=job, label="b.png", status="duplicate", existing=french_badge)
    ImportItem.objects.create(job=job, label="c.png")
    html = owner_client.get(f"/badges/imports/{job.pk}/", **FR).content.decode()
    assert "1 ajouté, 1 déjà dans votre sac à badges, 1 en attente" in html
    assert english_left(html) == []
    status = owner_client.get(f"/badges/imports/{job.pk}/status/", **FR).json()
    assert english_left(status["html"]) == [] and "en attente" in status["summary"]


def test_each_notice_speaks_french(owner_client, french_learner, french_badge):
    job = ImportJob.objects.create(owner=french_learner, state=ImportJob.State.DONE)
    for kind in ("revoked", "expired", "delivered"):
        Notice.objects.create(
            owner=french_learner, kind=kind, badge=french_badge, detail="Plateforme"
        )
    Notice.objects.create(owner=french_learner, kind="import", job=job)
    html = owner_client.get("/badges/", **FR).content.decode()
    assert "L'émetteur a révoqué" in html and "Votre importation est terminée" in html
    assert "Plateforme a remis" in html and "a expiré" in html
    assert english_left(html) == []


def test_the_add_page_drop_zone_and_profile_settings_speak_french(owner_client, french_learner):
    html = owner_client.get("/badges/add/", **FR).content.decode()
    assert "Déposez vos fichiers de badges ici" in html
    assert english_left(html) == []
    html = owner_client.get("/accounts/profile/", **FR).content.decode()
    assert "quand une importation est terminée" in html and english_left(html) == []


def test_a_verified_address_agrees_with_the_feminine_adresse(owner_client, french_learner):
    html = owner_client.get("/accounts/email/", **FR).content.decode()
    assert ">Vérifiée<" in html and ">Vérifié<" not in html
