"""Wrong passwords slow a guesser down without locking the owner out of their account."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from passport.accounts import throttle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
HOME = "198.51.100.4"  # where the owner logged in from before
TOO_MANY = "Too many failed login attempts"


def _log_in(email: str, password: str, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.response = client.post("/accounts/login/", {"login": email, "password": password})
    return client


def _is_logged_in(client: Client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def owner_at_home(owner):
    """The owner has logged in from home before, so home is a network Passport knows."""
    assert _is_logged_in(_log_in(owner.email, PASSWORD, HOME), owner)
    return owner


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return now


def test_an_attackers_wrong_passwords_do_not_lock_the_owner_out(owner):
    for _ in range(8):
        _log_in(owner.email, "guess", ATTACKER)
    assert _is_logged_in(_log_in(owner.email, PASSWORD, HOME), owner)


def test_the_attacker_is_stopped_after_five_even_with_the_right_password(owner):
    for _ in range(5):
        assert "not correct" in _log_in(owner.email, "guess", ATTACKER).response.text
    attacker = _log_in(owner.email, PASSWORD, ATTACKER)
    assert TOO_MANY in attacker.response.text
    assert not _is_logged_in(attacker, owner)


def test_guesses_from_many_networks_are_spaced_out_but_not_at_home(owner_at_home, clock):
    # Two wrong passwords from each of many addresses: under every per-address limit.
    for number in range(throttle.FREE_FAILURES // 2):
        for _ in range(2):
            _log_in(owner_at_home.email, "guess", f"192.0.2.{number + 1}")

    newcomer = _log_in(owner_at_home.email, PASSWORD, "192.0.2.200")
    assert TOO_MANY in newcomer.response.text
    assert not _is_logged_in(newcomer, owner_at_home)
    assert _is_logged_in(_log_in(owner_at_home.email, PASSWORD, HOME), owner_at_home)


def test_an_unknown_address_gets_the_same_answer(owner, clock):
    # Whether an account exists must not show in how its log-in is throttled.
    for number in range(throttle.FREE_FAILURES):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
        _log_in("nobody@example.org", "guess", f"192.0.2.{number + 1}")
    known = _log_in(owner.email, "guess", "192.0.2.200").response.text
    unknown = _log_in("nobody@example.org", "guess", "192.0.2.200").response.text
    assert TOO_MANY in known and TOO_MANY in unknown


def test_the_wait_runs_out_then_grows(owner, clock):
    for number in range(throttle.FREE_FAILURES):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
    first_wait = throttle.delay(throttle.FREE_FAILURES)
    clock[0] += first_wait - 1
    assert TOO_MANY in _log_in(owner.email, PASSWORD, "192.0.2.200").response.text
    clock[0] += 1
    assert "not correct" in _log_in(owner.email, "guess", "192.0.2.201").response.text
    # One more failure: the next wait is twice as long.
    clock[0] += first_wait
    assert TOO_MANY in _log_in(owner.email, PASSWORD, "192.0.2.202").response.text
    clock[0] += first_wait
    assert _is_logged_in(_log_in(owner.email, PASSWORD, "192.0.2.203"), owner)


def test_the_wait_doubles_up_to_a_cap():
    free = throttle.FREE_FAILURES
    assert throttle.delay(free - 1) == 0
    assert throttle.delay(free + 1) == 2 * throttle.delay(free)
    assert throttle.delay(free + 50) == throttle.MAX_DELAY


def test_failures_are_forgotten_after_the_window(owner, clock):
    for number in range(throttle.FREE_FAILURES):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
    assert throttle.failures(owner.email) == throttle.FREE_FAILURES
    clock[0] += throttle.FAILURE_WINDOW + 1
    assert throttle.failures(owner.email) == 0


def test_a_password_reset_ends_the_wait(owner, clock, mailoutbox):
    for number in range(throttle.FREE_FAILURES):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
    visitor = Client(REMOTE_ADDR="192.0.2.200")
    visitor.post("/accounts/password/reset/", {"email": owner.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    form_page = visitor.get(link.group(1), follow=True)
    new = "a brand new passphrase"
    visitor.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert _is_logged_in(_log_in(owner.email, new, "192.0.2.200"), owner)


def test_a_home_network_is_known_only_for_its_own_account(owner_at_home, other, clock):
    for number in range(throttle.FREE_FAILURES):
        _log_in(other.email, "guess", f"192.0.2.{number + 1}")
    # The owner's home, not the other learner's.
    assert TOO_MANY in _log_in(other.email, PASSWORD, HOME).response.text


# --- Telling the owner ---------------------------------------------------------------


def test_the_owner_is_told_once_after_repeated_failures(owner, mailoutbox):
    for number in range(throttle.ALERT_AFTER - 1):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
    assert mailoutbox == []
    _log_in(owner.email, "guess", ATTACKER)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner@example.org"]
    assert message.subject == "[Passport] Wrong passwords were tried on your account"
    assert f"{throttle.ALERT_AFTER} times" in message.body
    assert ATTACKER in message.body
    assert "/accounts/password/reset/" in message.body
    assert "/accounts/security/" in message.body
    assert "guess" not in message.body
    for _ in range(4):
        _log_in(owner.email, "guess", "192.0.2.99")
    assert len(mailoutbox) == 1  # once per window


def test_the_owner_is_told_again_in_a_later_window(owner, mailoutbox, clock):
    for number in range(throttle.ALERT_AFTER):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
    clock[0] += throttle.ALERT_INTERVAL + 1
    for number in range(throttle.ALERT_AFTER):
        _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
    assert len(mailoutbox) == 2


def test_no_one_is_told_about_an_unknown_address(mailoutbox):
    for number in range(throttle.ALERT_AFTER + 2):
        _log_in("nobody@example.org", "guess", f"192.0.2.{number + 1}")
    assert mailoutbox == []


def test_a_mail_server_failure_does_not_break_the_log_in_page(owner, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    for number in range(throttle.ALERT_AFTER):
        client = _log_in(owner.email, "guess", f"192.0.2.{number + 1}")
        assert client.response.status_code == 200
