"""A badge a platform delivers leaves a notice in the backpack, unless turned off."""

from __future__ import annotations

import pytest

from badges.models import Badge, Notice

pytestmark = pytest.mark.django_db


def test_a_delivered_badge_leaves_a_notice_naming_the_platform(
    platform, owner_tokens, mint, owner_client
):
    response = platform.upsert(owner_tokens["access_token"], mint())
    assert response.status_code == 201, response.content
    notice = Notice.objects.get()
    assert notice.kind == "delivered" and notice.badge == Badge.objects.get()
    html = owner_client.get("/badges/").content.decode()
    assert 'data-kind="delivered"' in html and "Example Learning Platform delivered" in html


def test_no_delivery_notice_when_turned_off(platform, owner, owner_tokens, mint):
    owner.notify_deliveries = False
    owner.save()
    assert platform.upsert(owner_tokens["access_token"], mint()).status_code == 201
    assert not Notice.objects.exists()


def test_a_delivered_badge_is_e_mailed_in_the_learners_language(
    platform, owner, owner_tokens, mint, mailoutbox
):
    owner.preferred_language = "fr"
    owner.save()
    mailoutbox.clear()  # the e-mails of connecting
    assert platform.upsert(owner_tokens["access_token"], mint()).status_code == 201
    [mail] = mailoutbox
    assert mail.to == [owner.email]
    assert "Example Learning Platform" in mail.subject and "badge" in mail.subject
    assert "Il est privé" in mail.body
    assert f"/badges/{Badge.objects.get().pk}/" in mail.body


def test_no_delivery_e_mail_when_turned_off(platform, owner, owner_tokens, mint, mailoutbox):
    owner.notify_deliveries = False
    owner.save()
    mailoutbox.clear()
    assert platform.upsert(owner_tokens["access_token"], mint()).status_code == 201
    assert mailoutbox == []


def test_a_mail_server_down_does_not_undo_the_delivery(platform, owner_tokens, mint, monkeypatch):
    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("badges.notices.send_mail", down)
    assert platform.upsert(owner_tokens["access_token"], mint()).status_code == 201
    assert Badge.objects.count() == 1 and Notice.objects.count() == 1
