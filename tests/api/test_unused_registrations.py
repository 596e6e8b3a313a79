"""Platforms that registered but never connected are forgotten after 30 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from oauth2_provider.models import get_application_model

from passport.api.cleanup import forget_unused_registrations
from passport.api.models import ClientRegistration, Delivery
from tests.api.spec_client import Platform

pytestmark = pytest.mark.django_db
Application = get_application_model()


def _registered(days_ago: int) -> Platform:
    platform = Platform()
    platform.discover()
    assert platform.register().status_code == 201
    ClientRegistration.objects.filter(application__client_id=platform.client_id).update(
        registered_at=timezone.now() - timedelta(days=days_ago)
    )
    return platform


def _exists(platform: Platform) -> bool:
    return Application.objects.filter(client_id=platform.client_id).exists()


def test_only_old_registrations_that_no_learner_let_in_are_deleted(owner_client, other_client):
    stale = _registered(31)
    recent = _registered(5)
    connected = _registered(90)
    connected.connect(owner_client)
    assert forget_unused_registrations() == 1
    assert not _exists(stale)
    assert _exists(recent) and _exists(connected)


def test_a_deleted_platform_leaves_its_deliveries_named(owner, issuer, mint, owner_client):
    from badges.services.importing import ImportSource, import_badges

    platform = _registered(60)
    platform.connect(owner_client)
    application = Application.objects.get(client_id=platform.client_id)
    badge = import_badges(owner, [ImportSource.from_text(mint())])[0].badge
    Delivery.objects.create(
        badge=badge, application=application, platform_name="Old LMS", created=True
    )
    application.connections.all().delete()
    application.accesstoken_set.all().delete()
    application.refreshtoken_set.all().delete()
    application.grant_set.all().delete()
    assert forget_unused_registrations() == 1
    delivery = Delivery.objects.get(badge=badge)
    assert delivery.application is None and delivery.platform_name == "Old LMS"


def test_the_command_reports_and_checks_its_argument(capsys):
    _registered(40)
    call_command("forget_unused_platforms", "--older-than", "30")
    assert "1 unused platform registration(s) deleted." in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("forget_unused_platforms", "--older-than", "0")


def test_the_beat_runs_it_daily(settings):
    from passport.api.tasks import forget_unused_platforms

    entry = settings.CELERY_BEAT_SCHEDULE["forget-unused-platforms"]
    assert entry["task"] == forget_unused_platforms.name
    _registered(45)
    assert forget_unused_platforms.delay().get() == 1
