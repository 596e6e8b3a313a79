"""Work done once the response has gone out, or at once outside a request."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.signals import request_finished
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from passport.web.afterwards import AfterResponseMiddleware, after_response


def _served(view):
    """A request through the middleware, as a server runs it; the response not closed."""
    return AfterResponseMiddleware(view)(RequestFactory().get("/"))


def test_outside_a_request_the_work_runs_at_once():
    done = []
    after_response(lambda: done.append("kept"))
    assert done == ["kept"]


def test_within_a_request_the_work_waits_for_the_response_to_be_closed(db):
    done = []

    def view(request):
        after_response(lambda: done.append("kept"))
        done.append("answered")
        return HttpResponse("page")

    response = _served(view)
    assert done == ["answered"]  # the visitor has the page; nothing else ran yet
    response.close()  # what the server does once the last byte is sent
    assert done == ["answered", "kept"]
    after_response(lambda: done.append("later"))  # the request is over: at once again
    assert done == ["answered", "kept", "later"]


def test_a_failing_work_is_logged_and_the_rest_still_runs(db, caplog):
    done = []

    def view(request):
        after_response(lambda: 1 / 0)
        after_response(lambda: done.append("kept"))
        return HttpResponse("page")

    with caplog.at_level(logging.ERROR, logger="passport.web.afterwards"):
        _served(view).close()
    assert done == ["kept"]
    assert "Work after the response failed" in caplog.text


def test_a_page_is_kept_only_once_it_has_been_answered(owner_client, owner, monkeypatch):
    """The gallery's drawn parts go to the cache as its response closes, not before."""
    from passport.web import afterwards, fragmentcache

    keys = []
    original = fragmentcache.parts_key
    monkeypatch.setattr(
        fragmentcache, "parts_key", lambda *a: keys.append(original(*a)) or keys[-1]
    )
    when_closing = []

    def closing(**kwargs):  # runs just before the queued work
        when_closing.append(cache.get(keys[0]))

    request_finished.disconnect(dispatch_uid="passport-after-response")
    request_finished.connect(closing)
    request_finished.connect(afterwards._run_pending, dispatch_uid="passport-after-response")
    try:
        response = owner_client.get(reverse("badges:gallery"))
    finally:
        request_finished.disconnect(closing)
    assert response.status_code == 200
    assert when_closing == [None]  # answered before it was kept
    assert cache.get(keys[0]) is not None  # kept once the response closed


def test_work_queued_after_a_response_no_one_closed_runs_at_once(db):
    done = []
    _served(lambda request: HttpResponse("page"))  # never closed: a stream left unread
    after_response(lambda: done.append("kept"))  # the view is over: nothing to wait for
    assert done == ["kept"]
