"""“Verify now” on the public page: re-runs the check, shows it step by step, and is limited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from badges.models import Badge, VerificationCheck
from sharing import views_badge as views


class FakeReverify:
    """Stands in for badges.reverify.reverify_badge with its documented contract."""

    def __init__(self, status: str = "verified", detail: str = "Fetched the assertion."):
        self.status, self.detail, self.calls = status, detail, []

    def __call__(self, badge: Badge, *, fetcher=None, now=None) -> VerificationCheck:
        self.calls.append(badge.pk)
        now = timezone.now()
        Badge.objects.filter(pk=badge.pk).update(status=self.status, verified_at=now)
        return VerificationCheck.objects.create(
            badge=badge, status=self.status, method="hosted", detail=self.detail, checked_at=now
        )


@pytest.fixture
def fake(monkeypatch) -> FakeReverify:
    fake = FakeReverify()
    monkeypatch.setattr("badges.checking.reverify_badge", fake)
    return fake


def verify_url(badge: Badge) -> str:
    return reverse("sharing:verify", args=[badge.public_id])


def test_the_public_page_offers_verify_now_as_a_post_form(anon_client, badge):
    content = anon_client.get(reverse("sharing:badge", args=[badge.public_id])).content.decode()
    assert f'<form class="trust-verify" method="post" action="{verify_url(badge)}">' in content
    # Asking for a check acts with no one's authority: no per-visitor token on the page.
    assert 'name="csrfmiddlewaretoken"' not in content


def test_verify_now_reruns_the_check_and_shows_the_steps(anon_client, badge, fake):
    fake.status = "revoked"
    fake.detail = "Fetched the assertion.\nThe issuer's revocation list names this badge."
    response = anon_client.post(verify_url(badge), follow=True)
    assert fake.calls == [badge.pk]
    content = response.content.decode()
    assert "Checked just now: the issuer has revoked this badge." in content
    assert "Revoked by the issuer" in content
    assert "<li>The issuer&#x27;s revocation list names this badge.</li>" in content
    assert response.redirect_chain[-1][0].startswith(
        reverse("sharing:badge", args=[badge.public_id])
    )


def test_verify_now_works_for_a_visitor_with_csrf_checks_on(badge, fake):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("sharing:badge", args=[badge.public_id]))
    assert client.post(verify_url(badge)).status_code == 302
    assert fake.calls == [badge.pk]


def test_a_get_does_not_verify(anon_client, badge, fake):
    assert anon_client.get(verify_url(badge)).status_code == 405
    assert fake.calls == []


def test_one_check_per_badge_a_minute_whoever_asks(anon_client, other_client, badge, fake):
    anon_client.post(verify_url(badge))
    response = other_client.post(verify_url(badge), follow=True)
    assert fake.calls == [badge.pk]
    assert "checked less than a minute ago" in response.content.decode()


def test_ten_checks_an_hour_per_address(badge, fake):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(views.VERIFY_LIMIT):
        assert client.post(verify_url(badge)).status_code == 302
    refused = client.post(verify_url(badge))
    assert refused.status_code == 429
    assert "asked for many checks in the last hour" in refused.content.decode()
    assert badge.name.replace('"', "&quot;") in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert elsewhere.post(verify_url(badge)).status_code == 302


def test_the_limit_keeps_no_address(badge, fake, rf):
    from django.core.cache import cache

    from passport.web import ratelimit

    Client(REMOTE_ADDR="203.0.113.9").post(verify_url(badge))
    key = ratelimit.client_key(rf.post("/", REMOTE_ADDR="203.0.113.9"))
    assert "203.0.113.9" not in key and len(key) == 32
    assert cache.get(f"sharing-rl:verify:{key}") == 1
