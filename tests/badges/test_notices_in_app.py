"""Notices in the backpack: revoked, expired and finished imports, dismissed by the owner."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from badges.models import Badge, Notice
from badges.reverify import reverify_badge
from tests.badges.conftest import png_bytes

pytestmark = pytest.mark.django_db
EMAIL = "owner@example.org"


def _imported(owner, issuer):
    from badges.services.importing import ImportSource, import_badges

    url, _text = issuer.hosted_assertion(EMAIL, "2.0")
    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])
    return outcome.badge, url


def _revoke(badge, url, issuer, capture):
    issuer.revoke(url, "Issued by mistake")
    with capture(execute=True):
        reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)


def test_a_revoked_badge_is_shown_on_the_next_visit_until_dismissed(
    owner, owner_client, issuer, django_capture_on_commit_callbacks
):
    badge, url = _imported(owner, issuer)
    _revoke(badge, url, issuer, django_capture_on_commit_callbacks)
    notice = Notice.objects.get()
    assert (notice.kind, notice.badge, notice.read) == ("revoked", badge, False)
    html = owner_client.get("/badges/").content.decode()
    assert 'data-kind="revoked"' in html and f'href="/badges/{badge.pk}/"' in html
    assert "The issuer revoked" in html
    assert f"{badge.name}</a>" in html

    owner_client.post(f"/badges/notices/{notice.pk}/dismiss/")
    assert Notice.objects.get().read
    assert 'data-kind="revoked"' not in owner_client.get("/badges/").content.decode()


def test_an_expired_badge_gets_a_notice(owner, issuer, django_capture_on_commit_callbacks):
    from badges import notices

    badge, _url = _imported(owner, issuer)
    badge.status = Badge.Status.EXPIRED  # as re-verification finds it past its date
    notices.notify_status_change(badge)
    assert Notice.objects.get().kind == "expired"


def test_no_notice_when_the_learner_turned_badge_changes_off(
    owner, issuer, django_capture_on_commit_callbacks
):
    owner.notify_badge_changes = False
    owner.save()
    badge, url = _imported(owner, issuer)
    _revoke(badge, url, issuer, django_capture_on_commit_callbacks)
    assert not Notice.objects.exists()


def test_only_the_owner_may_dismiss(owner, other_client, anon_client):
    notice = Notice.objects.create(owner=owner, kind="import")
    assert other_client.post(f"/badges/notices/{notice.pk}/dismiss/").status_code == 404
    assert anon_client.post(f"/badges/notices/{notice.pk}/dismiss/").status_code == 302
    assert not Notice.objects.get().read


def test_dismissing_needs_a_post(owner, owner_client):
    notice = Notice.objects.create(owner=owner, kind="import")
    assert owner_client.get(f"/badges/notices/{notice.pk}/dismiss/").status_code == 405


def test_a_finished_import_leaves_a_notice_linking_to_its_page(owner, owner_client, issuer):
    owner_client.post(
        "/badges/add/", {"way": "upload", "files": [SimpleUploadedFile("p.png", png_bytes())]}
    )
    notice = Notice.objects.get()
    assert notice.kind == "import" and notice.job is not None
    html = owner_client.get("/badges/").content.decode()
    assert f'href="/badges/imports/{notice.job_id}/"' in html


def test_imports_notices_can_be_turned_off(owner, owner_client, issuer):
    owner.notify_imports = False
    owner.save()
    owner_client.post(
        "/badges/add/", {"way": "upload", "files": [SimpleUploadedFile("p.png", png_bytes())]}
    )
    assert not Notice.objects.exists()


def test_the_profile_form_offers_each_kind(owner_client):
    html = owner_client.get("/accounts/profile/").content.decode()
    for name in ("notify_badge_changes", "notify_deliveries", "notify_imports"):
        assert f'name="{name}"' in html


def test_the_news_read_the_badges_name_not_its_credential(owner, django_assert_num_queries):
    from tests.badges.factories import make_badge

    badge = make_badge(owner)
    Notice.objects.create(owner=owner, kind=Notice.Kind.EXPIRED, badge=badge)
    with django_assert_num_queries(1) as captured:
        [notice] = Notice.objects.owned_by(owner).unread().for_news()
        shown = (notice.kind, notice.badge.pk, notice.badge.name)
        assert shown == ("expired", badge.pk, badge.name)
    sql = captured.captured_queries[0]["sql"]
    assert '"badges_badge"."name"' in sql and '"badges_badge"."original"' not in sql
