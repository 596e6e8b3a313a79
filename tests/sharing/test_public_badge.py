"""The public page of a badge: everything an employer needs to trust it, and nothing private."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from badges.models import Badge
from tests.badges.factories import badge_class_of
from tests.sharing.conftest import html
from tests.sharing.factories import make_badge, make_check, make_evidence, make_public_badge


def page_url(badge: Badge) -> str:
    return reverse("sharing:badge", args=[badge.public_id])


def test_the_address_is_the_unguessable_public_id(badge):
    assert page_url(badge) == f"/b/{badge.public_id}/"
    assert len(badge.public_id) >= 20


def test_shows_the_badge_issuer_learner_dates_and_status(anon_client, badge):
    content = html(anon_client.get(page_url(badge)))
    assert "Café &quot;Barista&quot; Level 2" in content
    assert "L&#x27;École &amp; Co" in content
    assert 'href="https://ecole.example.org/" rel="nofollow noopener"' in content
    assert "Olive Owner" in content
    assert f'src="/b/{badge.public_id}/image"' in content
    assert badge.issued_on.strftime("%Y-%m-%d") in content
    assert "Verified" in content
    assert "Last checked" in content
    assert "Never" in content  # the badge does not expire


def test_shows_criteria_evidence_alignments_and_endorsements(anon_client, badge):
    make_evidence(badge, title="My shown report", url="https://work.example.org/report")
    make_evidence(badge, title="My hidden draft", hidden=True)
    content = html(anon_client.get(page_url(badge)))
    assert "<strong>final project</strong>" in content
    assert f'href="{badge.criteria_url}" rel="nofollow noopener"' in content
    assert "https://portfolio.example.org/" in content
    assert "My shown report" in content
    assert "My hidden draft" not in content
    assert "Collaboration" in content and "COL-1" in content
    assert "Example Guild" in content and "A rigorous programme." in content


def test_the_learners_email_never_appears_even_in_issuer_text(anon_client, owner):
    evidence = [{"name": "Upload", "url": "https://lms.example.org/?u=Owner@Example.org"}]
    badge = make_public_badge(owner, recipient_email=owner.email, evidence=evidence)
    make_check(badge, detail=f"Recipient {owner.email} matches.")
    content = html(anon_client.get(page_url(badge)))
    assert "owner@" not in content.lower()
    assert "Recipient [e-mail address hidden] matches." in content


def test_the_email_stays_hidden_when_there_is_no_display_name(anon_client, owner):
    owner.display_name = ""
    owner.save()
    badge = make_public_badge(owner)
    content = html(anon_client.get(page_url(badge)))
    assert owner.email not in content
    assert "A Passport learner" in content


def test_an_expiring_badge_shows_its_expiry(anon_client, owner):
    badge = make_public_badge(owner, expires=timezone.now() + timedelta(days=400))
    content = html(anon_client.get(page_url(badge)))
    assert "Valid until" in content


def test_an_expired_badge_says_so(anon_client, owner):
    badge = make_public_badge(
        owner, expires=timezone.now() - timedelta(days=3), status=Badge.Status.EXPIRED
    )
    content = html(anon_client.get(page_url(badge)))
    assert "Genuine, but expired" in content
    assert "Expired on" in content


def test_a_revoked_badge_says_so_with_the_reason(anon_client, owner):
    badge = make_public_badge(owner, status=Badge.Status.REVOKED, status_reason="Issued in error")
    content = html(anon_client.get(page_url(badge)))
    assert "Revoked by the issuer" in content
    assert "The issuer revoked this badge: Issued in error" in content
    assert "Verified</p>" not in content


def test_an_unconfirmed_recipient_is_said_in_plain_words(anon_client, owner):
    badge = make_public_badge(owner, recipient_confirmed=False)
    content = html(anon_client.get(page_url(badge)))
    assert "Recipient not confirmed." in content
    assert "could not confirm that this badge was issued to the person showing it" in content


def test_a_confirmed_recipient_has_no_warning(anon_client, badge):
    assert "Recipient not confirmed" not in html(anon_client.get(page_url(badge)))


def test_a_self_asserted_key_proves_integrity_not_identity(anon_client, owner):
    verification = {"method": "vc-jwt", "key_id": "did:key:z6Mk", "self_asserted_key": True}
    badge = make_public_badge(
        owner, verification=verification, trust="issuer_not_confirmed", trust_source=""
    )
    content = html(anon_client.get(page_url(badge)))
    assert "Signature valid, issuer not confirmed" in content
    assert "travels with the badge itself" in content
    assert "trust-verified" not in content and "✓ Verified" not in content


def test_the_steps_of_the_last_check_are_shown(anon_client, badge):
    make_check(badge, detail="Fetched https://issuer.example.org/a/1\nThe recipient matches.")
    content = html(anon_client.get(page_url(badge)))
    for title in ("Issuer&#x27;s copy", "Recipient", "Revocation", "Expiry"):
        assert title in content
    assert "<li>The recipient matches.</li>" in content


def test_issuer_and_learner_text_is_escaped(anon_client, owner):
    badge = make_public_badge(
        owner,
        narrative="<script>alert(1)</script> **bold**",
        evidence=[{"name": "<img src=x onerror=alert(2)>", "url": "https://ok.example.org"}],
    )
    badge.description = "<b>not bold</b>"
    badge.save()
    owner.display_name = "<i>Olive</i>"
    owner.save()
    content = html(anon_client.get(page_url(badge)))
    assert "<script>alert(1)" not in content
    assert "<strong>bold</strong>" in content
    assert "<img src=x" not in content
    assert "<b>not bold</b>" not in content
    assert "&lt;i&gt;Olive&lt;/i&gt;" in content


def test_the_page_is_kept_a_minute_by_any_cache(anon_client, badge):
    # Nothing in it is the visitor's own, so a CDN may keep it, but only a minute: a
    # revoked badge is not shown long.
    response = anon_client.get(page_url(badge))
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]
    assert "csrftoken" not in response.cookies


def test_making_the_badge_private_answers_404_at_once(anon_client, owner_client, badge):
    assert anon_client.get(page_url(badge)).status_code == 200
    owner_client.post(reverse("badges:visibility", args=[badge.pk]), {"visibility": "private"})
    assert anon_client.get(page_url(badge)).status_code == 404


def test_a_deleted_badge_answers_404(anon_client, badge):
    url = page_url(badge)
    badge.delete()
    assert anon_client.get(url).status_code == 404


def test_a_deactivated_learners_badge_answers_404(anon_client, owner, badge):
    owner.is_active = False
    owner.save()
    assert anon_client.get(page_url(badge)).status_code == 404


def test_the_owner_sees_a_note_and_a_way_back(owner_client, badge):
    content = html(owner_client.get(page_url(badge)))
    assert "This is your badge as everyone else sees it." in content
    assert reverse("badges:detail", args=[badge.pk]) in content


def test_the_learners_name_links_to_a_public_profile_only(anon_client, owner, badge):
    profile = reverse("sharing:profile", args=[owner.public_slug])
    assert profile not in html(anon_client.get(page_url(badge)))
    owner.profile_is_public = True
    owner.save()
    assert profile in html(anon_client.get(page_url(badge)))


def test_a_private_badge_of_the_same_class_stays_private(anon_client, other, badge):
    hidden = make_badge(other, badge_class_of(badge))
    assert anon_client.get(page_url(hidden)).status_code == 404


def test_an_unverifiable_badge_says_why(anon_client, owner):
    badge = make_public_badge(
        owner, status=Badge.Status.UNVERIFIABLE, status_reason="The issuer's site did not answer."
    )
    content = html(anon_client.get(page_url(badge)))
    assert "Could not be verified" in content
    assert (
        "could not confirm this badge with its issuer: The issuer&#x27;s site did not answer."
        in content
    )


def test_the_time_of_the_check_names_its_time_zone(anon_client, badge):
    # The award date is the issuer's (in UTC); the check time is the server's, so it says
    # which zone, and a badge checked at 22:44 in Toronto is not read as checked the day
    # before it was issued.
    from datetime import UTC, datetime

    Badge.objects.filter(pk=badge.pk).update(verified_at=datetime(2026, 12, 2, 3, 44, tzinfo=UTC))
    html = anon_client.get(page_url(badge)).content.decode()
    assert "Dec. 1, 2026, 10:44 p.m. EST" in html
