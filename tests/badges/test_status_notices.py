"""An e-mail when a badge is revoked or expires; none when it stays as it was, or when off."""

from __future__ import annotations

import pytest

from badges.models import Badge
from badges.reverify import reverify_badge

pytestmark = pytest.mark.django_db


def _imported(owner, issuer):
    from badges.services.importing import ImportSource, import_badges

    url, _text = issuer.hosted_assertion("owner@example.org", "2.0")
    (outcome,) = import_badges(owner, [ImportSource.from_url(url)])
    return outcome.badge, url


def test_a_revoked_badge_is_told_to_its_owner_once(
    owner, issuer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://passport.example"
    badge, url = _imported(owner, issuer)
    issuer.revoke(url, "Issued by mistake")

    with django_capture_on_commit_callbacks(execute=True):
        reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)
    with django_capture_on_commit_callbacks(execute=True):
        reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)

    assert Badge.objects.get(pk=badge.pk).status == "revoked"
    (mail,) = mailoutbox
    assert mail.to == ["owner@example.org"] and "was revoked" in mail.subject
    assert "Issued by mistake" in mail.body
    assert f"https://passport.example/badges/{badge.pk}/" in mail.body


def test_the_mail_speaks_the_learners_language(
    owner, issuer, mailoutbox, django_capture_on_commit_callbacks
):
    owner.preferred_language = "fr"
    owner.save()
    badge, url = _imported(owner, issuer)
    issuer.revoke(url)

    with django_capture_on_commit_callbacks(execute=True):
        reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)

    assert "révoqué" in mailoutbox[0].subject


def test_no_mail_when_turned_off_or_nothing_changed(
    owner, issuer, mailoutbox, django_capture_on_commit_callbacks
):
    badge, url = _imported(owner, issuer)
    with django_capture_on_commit_callbacks(execute=True):
        reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)
    owner.notify_badge_changes = False
    owner.save()
    issuer.revoke(url)
    with django_capture_on_commit_callbacks(execute=True):
        reverify_badge(Badge.objects.get(pk=badge.pk), fetcher=issuer.fetcher)

    assert Badge.objects.get(pk=badge.pk).status == "revoked"
    assert mailoutbox == []
