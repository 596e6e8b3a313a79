"""Two-factor authentication with allauth's MFA: an authenticator app, recovery codes, keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from passport.accounts.models import SecurityEvent
from tests.conftest import PASSWORD

# allauth sends its MFA signals and notifications once a change is committed, as it
# is at once outside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

Kind = SecurityEvent.Kind


def totp(secret: str, at: float | None = None) -> str:
    """The RFC 6238 code an authenticator app shows for ``secret`` (30 s, 6 digits).

    Near the end of a 30-second window it waits for the next one, as a person would,
    so that the code is not stale by the time the server checks it.
    """
    if at is None:
        left = 30 - time.time() % 30
        if left < 3:
            time.sleep(left + 0.05)
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _password_log_in(client: Client, email: str):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD})


def _log_in_for_changes(client: Client, email: str) -> None:
    """Log in, then confirm the password again as allauth asks before any 2FA change."""
    _password_log_in(client, email)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.text


def _logged_in_as(client: Client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def _activate_totp(client: Client) -> str:
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.text)
    secret = secret or re.search(r'value="([A-Z2-7]{32})"', page.text)
    assert secret, page.text
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret.group(1))})
    assert response.status_code == 302, response.text
    return secret.group(1)


@pytest.fixture
def owner_with_totp(owner):
    """The owner, with an authenticator app whose secret the test knows."""
    client = Client()
    _log_in_for_changes(client, owner.email)
    owner.totp_secret = _activate_totp(client)
    return owner


def test_the_two_factor_page_is_in_our_layout_and_offers_all_three(owner):
    client = Client()
    _password_log_in(client, owner.email)
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    page = response.text
    assert 'class="site-header"' in page and 'class="account-menu"' in page
    assert "Authenticator app" in page
    assert "Security keys and passkeys" in page
    assert "Recovery codes" in page
    assert 'href="/accounts/security/"' in page


def test_enabling_the_authenticator_app_needs_a_right_code(owner):
    client = Client()
    _log_in_for_changes(client, owner.email)
    page = client.get("/accounts/2fa/totp/activate/")
    assert 'src="data:image/svg+xml' in page.text  # the QR code, allowed by our CSP
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert not Authenticator.objects.filter(user=owner).exists()


def test_enabling_it_creates_recovery_codes_and_is_recorded(owner_with_totp, mailoutbox):
    types = set(Authenticator.objects.filter(user=owner_with_totp).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}
    kinds = set(SecurityEvent.objects.filter(user=owner_with_totp).values_list("kind", flat=True))
    assert {Kind.TOTP_ACTIVATED, Kind.RECOVERY_CODES_GENERATED} <= kinds
    # allauth's security notification, to the learner's address.
    assert any("Authenticator" in m.subject for m in mailoutbox)


def test_logging_in_then_asks_for_the_code(owner_with_totp):
    client = Client()
    response = _password_log_in(client, owner_with_totp.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not _logged_in_as(client, owner_with_totp)

    page = client.get("/accounts/2fa/authenticate/").text
    assert 'class="site-header"' in page
    assert "Two-factor authentication" in page
    assert "recovery code" in page
    assert 'id="mfa_webauthn_authenticate"' not in page  # no key to offer

    response = client.post(
        "/accounts/2fa/authenticate/", {"code": totp(owner_with_totp.totp_secret)}
    )
    assert response.status_code == 302
    assert _logged_in_as(client, owner_with_totp)


def test_a_wrong_code_is_refused_and_recorded(owner_with_totp):
    client = Client()
    _password_log_in(client, owner_with_totp.email)
    response = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert not _logged_in_as(client, owner_with_totp)
    assert SecurityEvent.objects.filter(user=owner_with_totp, kind=Kind.MFA_FAILED).exists()


def test_a_recovery_code_works_once(owner_with_totp):
    codes = Authenticator.objects.get(user=owner_with_totp, type="recovery_codes").wrap()
    code = codes.get_unused_codes()[0]

    first = Client()
    _password_log_in(first, owner_with_totp.email)
    first.post("/accounts/2fa/authenticate/", {"code": code})
    assert _logged_in_as(first, owner_with_totp)
    assert SecurityEvent.objects.filter(user=owner_with_totp, kind=Kind.RECOVERY_CODE_USED).exists()

    second = Client()
    _password_log_in(second, owner_with_totp.email)
    response = second.post("/accounts/2fa/authenticate/", {"code": code})
    assert "Incorrect code." in response.text
    assert not _logged_in_as(second, owner_with_totp)


def test_turning_the_app_off_is_recorded(owner_with_totp):
    client = Client()
    _password_log_in(client, owner_with_totp.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp(owner_with_totp.totp_secret)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    assert not Authenticator.objects.filter(user=owner_with_totp).exists()
    kinds = set(SecurityEvent.objects.filter(user=owner_with_totp).values_list("kind", flat=True))
    assert {Kind.TOTP_DEACTIVATED, Kind.RECOVERY_CODES_REMOVED} <= kinds


def test_security_keys_can_be_added_from_a_page_in_our_layout(owner):
    client = Client()
    _log_in_for_changes(client, owner.email)
    response = client.get("/accounts/2fa/webauthn/add/")
    assert response.status_code == 200
    page = response.text
    assert 'class="site-header"' in page
    assert 'src="/static/mfa/js/webauthn.js"' in page
    assert "<script>" not in page  # only our own script files: the CSP allows no inline code


def test_the_login_page_offers_a_passkey(anon_client):
    page = anon_client.get("/accounts/login/").text
    assert 'id="passkey_login"' in page
    assert 'action="/accounts/2fa/webauthn/login/"' in page
    assert "Use a passkey" in page


def test_the_two_factor_pages_need_log_in(anon_client):
    response = anon_client.get("/accounts/2fa/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_security_activity_page_links_to_two_factor(owner_client):
    assert 'href="/accounts/2fa/"' in owner_client.get("/accounts/security/").text


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/webauthn/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/reauthenticate/",
    ],
)
def test_every_two_factor_page_is_in_our_layout(owner_with_totp, url):
    client = Client()
    _password_log_in(client, owner_with_totp.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp(owner_with_totp.totp_secret)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get(url)
    assert response.status_code == 200, response
    assert 'class="site-header"' in response.text
    assert "<h1>" in response.text
