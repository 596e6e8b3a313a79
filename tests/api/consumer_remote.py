"""A second Passport on real HTTP (pytest-django's live server) as the remote host.

The remote learner holds badges there; the local learner, signed in to this Passport
through Django's test client, imports them. The learner's browser at the remote is
``requests`` with the remote learner's session cookie: it reads and posts the consent form.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from badges.models import Badge
from tests.badges.factories import make_badge


class _FormReader(HTMLParser):
    """The named inputs of the consent form (``#authorizationForm``)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == "authorizationForm":
            self.inside = True
        elif (
            tag == "input"
            and self.inside
            and attributes.get("name")
            and attributes.get("type") not in ("checkbox", "submit")
        ):
            self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def remote_browser(user) -> requests.Session:
    """A browser signed in to the remote Passport as ``user``."""
    client = Client()
    client.force_login(user)
    browser = requests.Session()
    browser.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return browser


def consent(browser: requests.Session, authorize_url: str, *, allow: bool = True) -> str:
    """Answer the remote consent page; the address the remote sends the learner back to."""
    page = browser.get(authorize_url, timeout=30)
    assert page.status_code == 200, page.text[:2000]
    reader = _FormReader()
    reader.feed(page.text)
    form = dict(reader.fields)
    if allow:
        form["allow"] = "1"
    else:
        form.pop("allow", None)
    answer = browser.post(authorize_url, data=form, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:2000]
    return answer.headers["Location"]


def hold(user, text: str, number: int) -> Badge:
    """A badge the remote learner holds, stored with its signed OB 3.0 credential."""
    return make_badge(
        user,
        spec="3.0",
        original=text,
        name=f"Remote badge {number}",
        imported_at=timezone.now(),
    )
