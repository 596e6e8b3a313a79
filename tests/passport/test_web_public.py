"""The one public render path: count and redact for visitors, never cache, spare the owner."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from passport.web.public import render_public


def _answer(user, owner, counted):
    request = RequestFactory().get("/x/")
    request.user = user
    return render_public(
        request,
        "errors/404.html",
        {},
        owner_id=owner.pk,
        addresses=["owner@example.org", ""],
        count_view=lambda: counted.append(1),
    )


def test_a_visitor_is_counted_redacted_and_never_cached(owner, monkeypatch):
    counted, redacted = [], []
    monkeypatch.setattr(
        "passport.web.public.redact_emails", lambda r, addresses: redacted.append(addresses)
    )

    response = _answer(AnonymousUser(), owner, counted)

    assert counted == [1] and redacted == [["owner@example.org"]]
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_owner_is_neither_counted_nor_redacted(owner, monkeypatch):
    counted, redacted = [], []
    monkeypatch.setattr(
        "passport.web.public.redact_emails", lambda r, addresses: redacted.append(addresses)
    )

    response = _answer(owner, owner, counted)

    assert counted == [] and redacted == []
    assert "no-cache" in response["Cache-Control"]
