"""The learner's security activity: what happened to their account, in their own words."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from passport.accounts import audit
from passport.accounts.models import SecurityEvent
from tests.accounts.conftest import confirmation_path
from tests.conftest import PASSWORD
from tests.exports import export_and_download

pytestmark = pytest.mark.django_db

NEW = "a different long passphrase"
Kind = SecurityEvent.Kind


def _kinds(user) -> list[str]:
    return list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))


def test_a_log_in_is_recorded_with_a_hash_of_the_address_never_the_address(owner):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    event = SecurityEvent.objects.get(user=owner)
    assert event.kind == Kind.LOGIN
    assert event.address_hash and "203.0.113.7" not in event.address_hash
    assert event.address_hash == audit.address_hash("203.0.113.7")


def test_a_wrong_password_is_recorded_for_that_account_only(client, owner, other):
    client.post("/accounts/login/", {"login": owner.email, "password": "guess"})
    client.post("/accounts/login/", {"login": "nobody@example.org", "password": "guess"})
    assert _kinds(owner) == [Kind.LOGIN_FAILED]
    assert _kinds(other) == []


def test_e_mail_changes_are_recorded(owner_client, owner, mailoutbox):
    SecurityEvent.objects.all().delete()  # force_login's own entry
    owner_client.post("/accounts/email/", {"action_add": "", "email": "work@example.org"})
    owner_client.post(confirmation_path(mailoutbox[-1]))
    owner_client.post("/accounts/email/", {"action_primary": "", "email": "work@example.org"})
    owner_client.post("/accounts/email/", {"action_remove": "", "email": "owner@example.org"})
    events = list(SecurityEvent.objects.filter(user=owner).order_by("pk"))
    assert [(e.kind, e.detail) for e in events] == [
        (Kind.EMAIL_ADDED, "work@example.org"),
        (Kind.EMAIL_CONFIRMED, "work@example.org"),
        (Kind.EMAIL_PRIMARY, "work@example.org"),
        (Kind.EMAIL_REMOVED, "owner@example.org"),
    ]


def test_a_password_change_and_a_reset_are_recorded(owner_client, owner, mailoutbox):
    owner_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert Kind.PASSWORD_CHANGED in _kinds(owner)

    visitor = Client()
    visitor.post("/accounts/password/reset/", {"email": owner.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    form_page = visitor.get(link.group(1), follow=True)
    visitor.post(form_page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})
    assert Kind.PASSWORD_RESET in _kinds(owner)


def test_the_data_export_is_recorded_and_holds_the_activity(owner_client, owner):
    response = export_and_download(owner_client)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("account.json"))
    kinds = [entry["kind"] for entry in data["security_activity"]]
    assert kinds[:2] == [Kind.DATA_EXPORTED, Kind.LOGIN]
    assert data["security_activity"][0]["what"] == "Data downloaded"
    assert data["security_activity"][0]["at"]


def test_a_refused_deletion_is_recorded(owner_client, owner):
    owner_client.post("/accounts/delete/", {"password": "guess"})
    assert _kinds(owner)[0] == Kind.DELETION_REFUSED


def test_connected_accounts_are_recorded(rf, owner):
    from allauth.socialaccount.models import SocialAccount, SocialLogin
    from allauth.socialaccount.signals import social_account_added, social_account_removed

    account = SocialAccount(user=owner, provider="google", uid="1")
    request = rf.get("/")
    social_account_added.send(
        SocialLogin, request=request, sociallogin=SocialLogin(account=account)
    )
    social_account_removed.send(SocialAccount, request=request, socialaccount=account)
    assert _kinds(owner)[:2] == [Kind.SOCIAL_DISCONNECTED, Kind.SOCIAL_CONNECTED]
    # The provider's name where it is configured, its id otherwise.
    assert SecurityEvent.objects.filter(user=owner).first().detail.lower() == "google"


def test_others_can_record_with_a_plain_function(owner):
    audit.record(owner, "visibility_changed", "Welding badge: public")
    event = SecurityEvent.objects.get(user=owner)
    assert (event.kind, event.detail) == (Kind.VISIBILITY_CHANGED, "Welding badge: public")
    audit.record(owner, Kind.VISIBILITY_CHANGED, "x" * 500)
    assert len(SecurityEvent.objects.filter(user=owner).first().detail) == 200


def test_an_unknown_kind_is_a_programming_error(owner):
    with pytest.raises(ValueError, match="not a kind of security event"):
        audit.record(owner, "made_up")


def test_entries_older_than_the_retention_go_at_the_next_log_in(owner):
    old = audit.record(owner, Kind.LOGIN)
    SecurityEvent.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - audit.RETENTION - timedelta(days=1)
    )
    Client().post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert _kinds(owner) == [Kind.LOGIN]


# --- The page ----------------------------------------------------------------------


def test_the_page_lists_the_last_fifty_newest_first(
    owner_client, owner, other, django_assert_max_num_queries
):
    SecurityEvent.objects.all().delete()
    for number in range(55):
        audit.record(owner, Kind.VISIBILITY_CHANGED, f"entry {number:02d}")
    audit.record(other, Kind.VISIBILITY_CHANGED, "someone else's")
    # The session, the learner, the 50 entries.
    with django_assert_max_num_queries(3):
        response = owner_client.get("/accounts/security/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Security activity</h1>" in html
    assert html.count('class="security-event"') == 50
    assert html.index("entry 54") < html.index("entry 05")
    assert "entry 04" not in html
    assert "someone else" not in html


def test_the_page_says_what_happened_in_words(owner_client, owner):
    html = owner_client.get("/accounts/security/").content.decode()
    assert "Logged in" in html  # force_login's entry


def test_the_page_needs_log_in(anon_client):
    response = anon_client.get("/accounts/security/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_privacy_page_links_to_it(owner_client):
    assert 'href="/accounts/security/"' in owner_client.get("/accounts/privacy/").content.decode()


def test_deleted_addresses_keep_their_history_until_the_account_goes(owner_client, owner):
    EmailAddress.objects.create(user=owner, email="old@example.org", verified=True)
    owner_client.post("/accounts/email/", {"action_remove": "", "email": "old@example.org"})
    assert SecurityEvent.objects.filter(user=owner, kind=Kind.EMAIL_REMOVED).exists()
    owner_client.post("/accounts/delete/", {"password": PASSWORD})
    assert not SecurityEvent.objects.filter(user_id=owner.pk).exists()
