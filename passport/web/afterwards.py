"""Work a request need not wait for, done once its response has gone out.

Keeping what a page drew for the next visit (``cache.set`` of a drawing, tens of
kilobytes at times) is of no use to the visitor who is waiting for it: queued with
``after_response``, it runs when the server closes the response, after the last byte
has been sent. Outside a request (the worker, a command, the shell) it runs at once.

Only for what may be lost: a server that dies before closing the response skips it,
and the next visit draws the page again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
_pending = threading.local()  # one request at a time per thread, as the WSGI servers run


def after_response(work: Callable[[], object]) -> None:
    queue = getattr(_pending, "queue", None)
    if queue is None:
        work()
    else:
        queue.append(work)


def _run_pending(**kwargs) -> None:
    closing, _pending.closing = getattr(_pending, "closing", None), None
    for work in closing or ():
        try:
            work()
        except Exception:  # the response is out: nothing to tell the visitor
            logger.exception("Work after the response failed")


request_finished.connect(_run_pending, dispatch_uid="passport-after-response")


class AfterResponseMiddleware:
    """Opens the queue of each request while its view runs; the server's closing of the
    response (Django's ``request_finished``) runs it. Work queued after the view (while
    a streamed response is read, or after a response no one closed) runs at once; what
    a response no one closed left waiting is dropped by the next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _pending.queue, _pending.closing = [], None
        try:
            return self.get_response(request)
        finally:
            _pending.closing, _pending.queue = _pending.queue, None
