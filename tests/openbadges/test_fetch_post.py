"""The safe fetcher's POST and extra headers, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch import SafeFetcher
from tests.openbadges.test_fetch import Served, _Server, loopback_only, redirect, reply  # noqa: F401


class _Handler(BaseHTTPRequestHandler):
    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, self.headers, body))
        self.server.routes.get(self.path, reply(404, b"not here"))(self)

    do_GET = do_POST = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.routes, httpd.seen = {}, []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield Served(httpd)
    httpd.shutdown()
    httpd.server_close()


def test_post_sends_a_json_body_with_extra_headers(server):
    server.routes["/register"] = reply(201, b'{"client_id": "x"}')

    response = SafeFetcher(server.allowed).post(
        server.url("/register"), json_body={"a": 1}, headers={"Authorization": "Bearer t"}
    )

    assert response.status == 201
    assert json.loads(response.content) == {"client_id": "x"}
    method, _path, headers, body = server.seen[0]
    assert method == "POST"
    assert json.loads(body) == {"a": 1}
    assert headers["Content-Type"] == "application/json"
    assert headers["Authorization"] == "Bearer t"
    assert headers["Host"] == f"127.0.0.1:{server.port}"


def test_post_sends_a_form_body(server):
    server.routes["/token"] = reply(200, b"{}")

    SafeFetcher(server.allowed).post(
        server.url("/token"), form={"grant_type": "authorization_code", "code": "a b"}
    )

    _method, _path, headers, body = server.seen[0]
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert body == b"grant_type=authorization_code&code=a+b"


def test_post_does_not_follow_a_redirect(server):
    server.routes["/token"] = redirect(server.url("/elsewhere"), status=307)
    server.routes["/elsewhere"] = reply(200, b"{}")

    response = SafeFetcher(server.allowed).post(server.url("/token"), form={"code": "secret"})

    assert response.status == 307
    assert [path for _m, path, _h, _b in server.seen] == ["/token"]


def test_post_to_a_private_address_is_refused_before_sending(server):
    with pytest.raises(ImportRefused) as caught:
        SafeFetcher().post(server.url("/token"), form={"code": "secret"})

    assert caught.value.code == "blocked_url"
    assert server.seen == []


def test_post_answer_is_capped(server):
    server.routes["/big"] = reply(200, b"x" * 2048)

    with pytest.raises(ImportRefused) as caught:
        SafeFetcher(server.allowed, max_bytes=1024).post(server.url("/big"), json_body={})

    assert caught.value.code == "too_large"


def test_post_is_bounded_by_the_deadline(server):
    def slow(handler):
        time.sleep(0.5)
        reply(200, b"late")(handler)

    server.routes["/slow"] = slow

    with pytest.raises(ImportRefused) as caught:
        SafeFetcher(server.allowed, timeout=(1, 0.1)).post(server.url("/slow"), json_body={})

    assert str(caught.value) == "The server at 127.0.0.1 took too long to answer."


def test_get_sends_extra_headers(server):
    server.routes["/credentials"] = reply(200, b"{}")

    SafeFetcher(server.allowed).get(
        server.url("/credentials"), headers={"Authorization": "Bearer t"}
    )

    assert server.seen[0][2]["Authorization"] == "Bearer t"


def test_extra_headers_are_dropped_when_a_redirect_leaves_the_origin(server):
    server.routes["/a"] = redirect(server.url("/b"))
    server.routes["/b"] = redirect(server.url("/c", host="localhost"))
    server.routes["/c"] = reply(200, b"{}")
    allowed = [*server.allowed, f"localhost:{server.port}"]

    SafeFetcher(allowed).get(server.url("/a"), headers={"Authorization": "Bearer t"})

    sent = [headers.get("Authorization") for _m, _p, headers, _b in server.seen]
    assert sent == ["Bearer t", "Bearer t", None]


@pytest.mark.parametrize(
    "headers",
    [{"Host": "evil.example"}, {"Content-Length": "0"}, {"X-Injected": "a\r\nHost: b"}],
)
def test_the_caller_cannot_set_framing_headers(server, headers):
    with pytest.raises(ValueError):
        SafeFetcher(server.allowed).get(server.url("/a"), headers=headers)
    assert server.seen == []


def test_post_takes_exactly_one_body(server):
    with pytest.raises(ValueError):
        SafeFetcher(server.allowed).post(server.url("/a"))
    with pytest.raises(ValueError):
        SafeFetcher(server.allowed).post(server.url("/a"), json_body={}, form={})
