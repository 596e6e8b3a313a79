"""The safe fetcher against a real HTTP server on 127.0.0.1; nothing leaves the machine."""

from __future__ import annotations

import datetime
import gzip
import ipaddress
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import given
from hypothesis import strategies as st
from urllib3.connectionpool import HTTPSConnectionPool

from badges.openbadges.errors import ImportRefused
from badges.openbadges.fetch import (
    PinnedAdapter,
    SafeFetcher,
    is_public_address,
    parse_allowed_hosts,
)

REAL_GETADDRINFO = socket.getaddrinfo
REAL_CONNECT = socket.socket.connect


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail the test if anything tries to connect beyond 127.0.0.0/8."""

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            assert ipaddress.ip_address(address[0]).is_loopback, f"connect to {address}"
            assert sock.family == socket.AF_INET, f"connect to {address}"
        return REAL_CONNECT(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients hanging up on purpose (size cap, timeouts) are expected here


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append((self.path, self.headers))
        route = self.server.routes.get(self.path, reply(404, b"not here"))
        route(self)

    def log_message(self, *args):
        pass


def reply(status, body=b"", headers=()):
    def respond(handler):
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def redirect(location, status=302):
    return reply(status, headers=[("Location", location)])


class Served:
    def __init__(self, httpd):
        self.httpd = httpd
        self.port = httpd.server_address[1]
        self.routes = httpd.routes
        self.seen = httpd.seen

    def url(self, path, host="127.0.0.1", scheme="http"):
        return f"{scheme}://{host}:{self.port}{path}"

    @property
    def allowed(self):
        return [f"127.0.0.1:{self.port}"]


def _serve(tls_context=None):
    httpd = _Server(("127.0.0.1", 0), _Handler)
    if tls_context is not None:
        httpd.socket = tls_context.wrap_socket(httpd.socket, server_side=True)
    httpd.routes, httpd.seen = {}, []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return httpd


@pytest.fixture
def server():
    httpd = _serve()
    yield Served(httpd)
    httpd.shutdown()
    httpd.server_close()


def refusal(fetcher, url, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        fetcher.get(url, **kwargs)
    return caught.value


def fake_dns(monkeypatch, answers):
    """Resolve the names in ``answers`` (name → list of addresses, one list per lookup)."""
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        lookups.append(host)
        addresses = answers[host][min(lookups.count(host), len(answers[host])) - 1]
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


# --- Reaching a server -------------------------------------------------------------------


def test_allowed_loopback_server_is_fetched_with_our_headers(server):
    server.routes["/issuer"] = reply(200, b'{"id": 1}', [("Content-Type", "application/ld+json")])

    response = SafeFetcher(server.allowed).get(server.url("/issuer"), accept="application/ld+json")

    assert response.status == 200
    assert response.content == b'{"id": 1}'
    assert response.url == server.url("/issuer")
    assert response.headers["content-type"] == "application/ld+json"
    assert all(name == name.lower() for name in response.headers)
    _path, headers = server.seen[0]
    assert headers["Accept"] == "application/ld+json"
    assert headers["User-Agent"].startswith("Passport-Backpack/1.0")
    assert headers["Host"] == f"127.0.0.1:{server.port}"


def test_loopback_server_is_refused_without_allow_list(server):
    server.routes["/issuer"] = reply(200, b"{}")

    refused = refusal(SafeFetcher(), server.url("/issuer"))

    assert refused.code == "blocked_url"
    assert refused.params == {"host": "127.0.0.1"}
    assert "private or local network" in str(refused)
    assert server.seen == []


@pytest.mark.parametrize("entry", ["127.0.0.1", "127.0.0.1:{port}", " 127.0.0.1:{port} "])
def test_allow_list_entries_with_and_without_port(server, entry):
    server.routes["/doc"] = reply(200, b"ok")
    fetcher = SafeFetcher([entry.format(port=server.port)])

    assert fetcher.get(server.url("/doc")).content == b"ok"


def test_allow_list_entry_for_another_port_does_not_apply(server):
    refused = refusal(SafeFetcher(["127.0.0.1:1"]), server.url("/doc"))

    assert refused.code == "blocked_url"
    assert server.seen == []


def test_allowed_hosts_are_parsed_case_insensitively():
    assert parse_allowed_hosts([" Issuer.Test:8443", "[::1]:8000", "::1", "example.org.", ""]) == {
        ("issuer.test", 8443),
        ("::1", 8000),
        ("::1", None),
        ("example.org", None),
    }
    with pytest.raises(ValueError, match="invalid port"):
        parse_allowed_hosts(["issuer.test:http"])


@pytest.mark.parametrize("status", [404, 410, 500])
def test_any_http_status_is_returned(server, status):
    server.routes["/assertion"] = reply(status, b"gone")

    response = SafeFetcher(server.allowed).get(server.url("/assertion"))

    assert (response.status, response.content) == (status, b"gone")


def test_unreachable_server_fails_naming_the_host():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the fetch

    refused = refusal(SafeFetcher([f"127.0.0.1:{port}"]), f"http://127.0.0.1:{port}/")

    assert refused.code == "fetch_failed"
    assert str(refused).startswith("The server at 127.0.0.1 could not be reached.")


def test_unknown_host_name_fails(monkeypatch):
    fake_dns(monkeypatch, {"nowhere.test": [[]]})

    refused = refusal(SafeFetcher(), "https://nowhere.test/")

    assert (refused.code, refused.params) == ("fetch_failed", {"host": "nowhere.test"})


# --- Refused before any connection -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/badge.json",
        "file:///etc/passwd",
        "gopher://example.org/",
        "javascript:alert(1)",
        "data:application/json,{}",
        "example.org/badge.json",
        "",
    ],
)
def test_only_http_and_https_are_fetched(url):
    refused = refusal(SafeFetcher(), url)

    assert refused.code == "blocked_url"
    assert "Only http and https" in str(refused)


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@example.org/",
        "https://user@example.org/",
        "http://@example.org/",
        "http://127.0.0.1\\@example.org/",
    ],
)
def test_credentials_in_the_url_are_refused(url):
    refused = refusal(SafeFetcher(), url)

    assert refused.code == "blocked_url"
    assert "user name or password" in str(refused)


@pytest.mark.parametrize("url", ["http:///path", "https://:443/", "http://example.org:99999/"])
def test_malformed_addresses_are_refused(url):
    assert refusal(SafeFetcher(), url).code == "blocked_url"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",  # 127.0.0.1 in decimal
        "http://0x7f.1/",  # …in hex
        "http://017700000001/",  # …in octal
        "http://0.0.0.0/",
        "http://0/",
        "http://[::1]/",
        "http://[::]/",
        "http://[::ffff:127.0.0.1]/",
        "https://[::ffff:a9fe:a9fe]/",  # mapped 169.254.169.254, hex form
        "http://[::127.0.0.1]/",  # deprecated IPv4-compatible
        "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
        "http://[64:ff9b::a00:1]/",  # NAT64 around 10.0.0.1
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1:8080/",
        "http://100.64.0.1/",
        "http://198.18.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
    ],
)
def test_private_and_local_addresses_are_refused(url):
    refused = refusal(SafeFetcher(), url)

    assert refused.code == "blocked_url"
    assert "private or local network" in str(refused)


def test_host_name_is_refused_when_any_address_is_private(monkeypatch):
    fake_dns(monkeypatch, {"mixed.test": [["93.184.215.14", "10.1.2.3"]]})

    refused = refusal(SafeFetcher(), "https://mixed.test/issuer")

    assert (refused.code, refused.params) == ("blocked_url", {"host": "mixed.test"})


def test_host_names_are_compared_case_insensitively(monkeypatch, server):
    fake_dns(monkeypatch, {"issuer.test": [["127.0.0.1"]]})
    server.routes["/doc"] = reply(200, b"ok")

    fetcher = SafeFetcher([f"ISSUER.test:{server.port}"])

    assert fetcher.get(server.url("/doc", host="Issuer.TEST")).content == b"ok"


@given(st.ip_addresses(network="10.0.0.0/8") | st.ip_addresses(network="127.0.0.0/8"))
def test_private_ipv4_is_never_public_in_any_ipv6_disguise(ip):
    v4 = int(ip)
    disguises = [
        ip,
        ipaddress.IPv6Address(0xFFFF << 32 | v4),  # ::ffff:a.b.c.d
        ipaddress.IPv6Address(0x2002 << 112 | v4 << 80),  # 6to4
        ipaddress.IPv6Address(0x64FF9B << 96 | v4),  # NAT64
        ipaddress.IPv6Address(v4),  # ::a.b.c.d
    ]
    assert not any(is_public_address(address) for address in disguises)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address):
    assert is_public_address(ipaddress.ip_address(address))


# --- Pinning: the checked address is the one connected to ---------------------------------


def test_connection_goes_to_the_checked_address_despite_dns_rebinding(monkeypatch, server):
    # The first answer is checked; any later lookup would point at a different address.
    lookups = fake_dns(monkeypatch, {"issuer.test": [["127.0.0.1"], ["127.0.0.2"]]})
    server.routes["/issuer"] = reply(200, b"issuer")
    fetcher = SafeFetcher([f"issuer.test:{server.port}"])

    response = fetcher.get(server.url("/issuer", host="issuer.test"))

    assert response.content == b"issuer"
    assert lookups == ["issuer.test"]
    _path, headers = server.seen[0]
    assert headers["Host"] == f"issuer.test:{server.port}"


def test_https_adapter_connects_to_the_address_but_verifies_the_host_name():
    adapter = PinnedAdapter("127.0.0.1", "issuer.test")
    request = requests.Request("GET", "https://issuer.test/badge").prepare()

    pool = adapter.get_connection_with_tls_context(request, verify=True)
    connection = pool._new_conn()

    assert isinstance(pool, HTTPSConnectionPool)
    assert (pool.host, pool.port) == ("127.0.0.1", 443)
    assert pool.assert_hostname == "issuer.test"
    assert connection.host == "127.0.0.1"
    assert connection.server_hostname == "issuer.test"
    assert connection.assert_hostname == "issuer.test"
    adapter.close()


def test_adapter_refuses_a_request_for_another_host():
    adapter = PinnedAdapter("127.0.0.1", "issuer.test")
    request = requests.Request("GET", "https://elsewhere.test/").prepare()

    with pytest.raises(requests.exceptions.InvalidURL):
        adapter.get_connection_with_tls_context(request, verify=True)


def _certificates(tmp_path, name):
    """A CA file and a server context whose certificate names ``name``, signed by that CA."""
    now = datetime.datetime.now(datetime.UTC)

    def issue(subject, issuer, key, signer, *, ca):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False
            )
        return builder.sign(signer, hashes.SHA256())

    ca_key, leaf_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca = issue("Test CA", "Test CA", ca_key, ca_key, ca=True)
    leaf = issue(name, "Test CA", leaf_key, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(pem))
    (tmp_path / "leaf.key").write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "leaf.key")
    return str(tmp_path / "ca.pem"), context


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    def start(certificate_name):
        ca_file, context = _certificates(tmp_path, certificate_name)
        monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", ca_file)
        httpd = _serve(context)
        started.append(httpd)
        return Served(httpd)

    started = []
    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def test_https_checks_the_certificate_for_the_original_host_name(monkeypatch, tls_server):
    fake_dns(monkeypatch, {"issuer.test": [["127.0.0.1"]]})
    served = tls_server("issuer.test")
    served.routes["/issuer"] = reply(200, b"secure")

    fetcher = SafeFetcher([f"issuer.test:{served.port}"])
    response = fetcher.get(served.url("/issuer", host="issuer.test", scheme="https"))

    assert response.content == b"secure"
    assert served.seen[0][1]["Host"] == f"issuer.test:{served.port}"


def test_https_refuses_a_certificate_for_another_name(monkeypatch, tls_server):
    fake_dns(monkeypatch, {"issuer.test": [["127.0.0.1"]]})
    served = tls_server("impostor.test")

    fetcher = SafeFetcher([f"issuer.test:{served.port}"])
    refused = refusal(fetcher, served.url("/issuer", host="issuer.test", scheme="https"))

    assert refused.code == "fetch_failed"
    assert str(refused) == "The secure connection to issuer.test could not be verified."
    assert served.seen == []


# --- Redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_followed_to_the_final_url(server, status):
    server.routes["/old"] = redirect("/new?x=1", status)
    server.routes["/new?x=1"] = reply(200, b"moved")

    response = SafeFetcher(server.allowed).get(server.url("/old"))

    assert (response.status, response.content) == (200, b"moved")
    assert response.url == server.url("/new?x=1")


def test_redirect_without_location_is_returned_as_is(server):
    server.routes["/odd"] = reply(302, b"")

    assert SafeFetcher(server.allowed).get(server.url("/odd")).status == 302


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/doc",
        "http://127.0.0.1:{other_port}/doc",
    ],
)
def test_redirect_to_a_blocked_address_is_refused_although_the_first_host_was_allowed(
    server, location
):
    server.routes["/hop"] = redirect(location.format(port=server.port, other_port=server.port + 1))

    refused = refusal(SafeFetcher(server.allowed), server.url("/hop"))

    assert refused.code == "blocked_url"
    assert [path for path, _headers in server.seen] == ["/hop"]


def test_redirect_to_another_scheme_is_refused(server):
    server.routes["/hop"] = redirect("file:///etc/passwd")

    assert refusal(SafeFetcher(server.allowed), server.url("/hop")).code == "blocked_url"


def test_redirect_to_a_rebinding_host_is_checked_and_pinned_again(monkeypatch, server):
    lookups = fake_dns(monkeypatch, {"issuer.test": [["127.0.0.1"], ["127.0.0.2"]]})
    server.routes["/hop"] = redirect(server.url("/doc", host="issuer.test"))
    server.routes["/doc"] = reply(200, b"ok")
    fetcher = SafeFetcher([*server.allowed, f"issuer.test:{server.port}"])

    response = fetcher.get(server.url("/hop"))

    assert response.content == b"ok"
    assert lookups == ["issuer.test"]
    assert server.seen[1][1]["Host"] == f"issuer.test:{server.port}"


def test_redirect_chain_limit(server):
    for hop in range(1, 4):
        server.routes[f"/hop/{hop}"] = redirect(f"/hop/{hop - 1}")
    server.routes["/hop/0"] = reply(200, b"end")
    fetcher = SafeFetcher(server.allowed, max_redirects=2)

    assert fetcher.get(server.url("/hop/2")).content == b"end"
    refused = refusal(fetcher, server.url("/hop/3"))
    assert refused.code == "fetch_failed"
    assert str(refused) == "The address 127.0.0.1 redirected more than 2 times."


def test_redirect_loop_fails(server):
    server.routes["/loop"] = redirect("/loop")

    assert refusal(SafeFetcher(server.allowed), server.url("/loop")).code == "fetch_failed"
    assert len(server.seen) == 6  # the first request and five redirects


# --- Size and time -----------------------------------------------------------------------


def test_body_up_to_the_cap_is_accepted(server):
    server.routes["/doc"] = reply(200, b"x" * 1000)

    assert len(SafeFetcher(server.allowed, max_bytes=1000).get(server.url("/doc")).content) == 1000


def test_streamed_body_over_the_cap_is_refused(server):
    def endless(handler):  # no Content-Length: the body runs until the connection closes
        handler.send_response(200)
        handler.end_headers()
        for _ in range(1000):
            handler.wfile.write(b"x" * 1024)

    server.routes["/big"] = endless

    refused = refusal(SafeFetcher(server.allowed, max_bytes=10_000), server.url("/big"))

    assert refused.code == "too_large"
    assert str(refused) == "The document at 127.0.0.1 is larger than 10 KB and cannot be imported."


def test_declared_length_over_the_cap_is_refused_before_reading(server):
    def liar(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(b"tiny")

    server.routes["/big"] = liar

    assert refusal(SafeFetcher(server.allowed, max_bytes=1000), server.url("/big")).code == (
        "too_large"
    )


def test_compressed_body_is_decoded(server):
    server.routes["/doc"] = reply(200, gzip.compress(b'{"a": 1}'), [("Content-Encoding", "gzip")])

    assert SafeFetcher(server.allowed).get(server.url("/doc")).content == b'{"a": 1}'


def test_compressed_body_is_capped_after_decoding(server):
    bomb = gzip.compress(b"\0" * 1_000_000)
    server.routes["/bomb"] = reply(200, bomb, [("Content-Encoding", "gzip")])

    refused = refusal(SafeFetcher(server.allowed, max_bytes=100_000), server.url("/bomb"))

    assert len(bomb) < 100_000
    assert refused.code == "too_large"


def test_slow_server_times_out(server):
    def slow(handler):
        time.sleep(0.5)
        reply(200, b"late")(handler)

    server.routes["/slow"] = slow
    fetcher = SafeFetcher(server.allowed, timeout=(1, 0.1))

    started = time.monotonic()
    refused = refusal(fetcher, server.url("/slow"))

    assert time.monotonic() - started < 0.4
    assert refused.code == "fetch_failed"
    assert str(refused) == "The server at 127.0.0.1 took too long to answer."


def test_trickling_body_is_cut_off_by_the_total_timeout(server):
    def trickle(handler):
        handler.send_response(200)
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.02)

    server.routes["/trickle"] = trickle
    fetcher = SafeFetcher(server.allowed, timeout=(1, 1), total_timeout=0.2)

    started = time.monotonic()
    refused = refusal(fetcher, server.url("/trickle"))

    assert time.monotonic() - started < 1
    assert str(refused) == "The server at 127.0.0.1 took too long to answer."


# --- A deadline on the whole fetch, whatever the server does -----------------------------

BUDGET = 1.0  # seconds for a whole fetch in these tests
SLACK = 2.0  # a generous margin, so a busy machine does not make them flaky


class ScriptedServer:
    """A raw TCP server on 127.0.0.1 that answers every request with ``parts``.

    Each part is ``(bytes, pace)``: sent at once when ``pace`` is 0, else one byte every
    ``pace`` seconds; ``(b"", seconds)`` stays silent that long. ``http.server`` cannot
    trickle a status line or a header, hence this.
    """

    def __init__(self, parts, tls_context=None):
        self.parts = parts
        self.tls_context = tls_context
        self.stopped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.allowed = [f"127.0.0.1:{self.port}"]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path="/doc", host="127.0.0.1"):
        scheme = "https" if self.tls_context else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def _accept(self):
        with self.listener:
            while not self.stopped.is_set():
                try:
                    conn, _address = self.listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        try:
            if self.tls_context:
                conn = self.tls_context.wrap_socket(conn, server_side=True)
            with conn:
                request = b""
                while b"\r\n\r\n" not in request and (data := conn.recv(4096)):
                    request += data
                for data, pace in self.parts:
                    self._send(conn, data, pace)
        except OSError:
            pass  # the fetcher hung up, as it should

    def _send(self, conn, data, pace):
        if not pace:
            conn.sendall(data)
        elif not data:
            self.stopped.wait(pace)
        else:
            for byte in data:
                if self.stopped.wait(pace):
                    return
                conn.sendall(bytes([byte]))

    def close(self):
        self.stopped.set()
        self.thread.join()


@pytest.fixture
def scripted():
    started = []

    def start(*parts, tls_context=None):
        served = ScriptedServer(parts, tls_context)
        started.append(served)
        return served

    yield start
    for served in started:
        served.close()


TRICKLE = 0.2
STATUS = b"HTTP/1.1 200 OK\r\n"
HEADERS = b"Content-Type: application/json\r\nContent-Length: 40\r\n\r\n"
BODY = b"x" * 40
SLOW_REASON = b"HTTP/1.1 200 " + b"O" * 40 + b"\r\n"
SLOW_HEADER = b"X-Slow: " + b"a" * 40 + b"\r\n"


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param([(SLOW_REASON, TRICKLE), (HEADERS + BODY, 0)], id="status-line-trickles"),
        pytest.param(
            [(STATUS, 0), (SLOW_HEADER, TRICKLE), (HEADERS + BODY, 0)], id="headers-trickle"
        ),
        pytest.param([(STATUS + HEADERS, 0), (BODY, TRICKLE)], id="body-trickles"),
        pytest.param([(b"", 8), (STATUS + HEADERS + BODY, 0)], id="silent-before-status"),
        pytest.param(
            [(STATUS + HEADERS + BODY[:5], 0), (b"", 8), (BODY[5:], 0)], id="silent-mid-body"
        ),
    ],
)
def test_the_budget_covers_every_phase_of_the_answer(scripted, parts):
    served = scripted(*parts)
    # Each read may wait 10 s, far more than the budget: the budget must win.
    fetcher = SafeFetcher(served.allowed, timeout=(5, 10), total_timeout=BUDGET)

    started = time.monotonic()
    refused = refusal(fetcher, served.url())

    assert time.monotonic() - started < BUDGET + SLACK
    assert refused.code == "fetch_failed"
    assert str(refused) == "The server at 127.0.0.1 took too long to answer."


def test_the_budget_covers_https_too(monkeypatch, tmp_path, scripted):
    fake_dns(monkeypatch, {"issuer.test": [["127.0.0.1"]]})
    ca_file, context = _certificates(tmp_path, "issuer.test")
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", ca_file)
    served = scripted((SLOW_REASON, TRICKLE), (HEADERS + BODY, 0), tls_context=context)
    fetcher = SafeFetcher([f"issuer.test:{served.port}"], timeout=(5, 10), total_timeout=BUDGET)

    started = time.monotonic()
    refused = refusal(fetcher, served.url(host="issuer.test"))

    assert time.monotonic() - started < BUDGET + SLACK
    assert str(refused) == "The server at issuer.test took too long to answer."


def test_a_fast_answer_within_the_budget_is_read(scripted):
    served = scripted((STATUS + HEADERS, 0), (BODY, 0))

    response = SafeFetcher(served.allowed, total_timeout=BUDGET).get(served.url())

    assert (response.status, response.content) == (200, BODY)


def _redirect_to(url):
    return (b"HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % url.encode(), 0)


def test_the_budget_is_shared_by_every_redirect(scripted):
    # Each hop answers well within the budget, the chain as a whole does not.
    pause = (b"", 0.4)
    target = scripted(pause, (STATUS + HEADERS + BODY, 0))
    middle = scripted(pause, _redirect_to(target.url()))
    first = scripted(pause, _redirect_to(middle.url()))
    fetcher = SafeFetcher(
        [*first.allowed, *middle.allowed, *target.allowed], timeout=(5, 10), total_timeout=BUDGET
    )

    started = time.monotonic()
    refused = refusal(fetcher, first.url())

    assert time.monotonic() - started < BUDGET + SLACK
    assert str(refused) == "The server at 127.0.0.1 took too long to answer."


def test_the_budget_covers_connecting():
    # A listener that never accepts: once its queue is full, a connection attempt hangs
    # (where the system answers it anyway, the silent server is held to the budget too).
    listener = socket.create_server(("127.0.0.1", 0), backlog=0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.1)
        fetcher = SafeFetcher([f"127.0.0.1:{port}"], timeout=(10, 10), total_timeout=BUDGET)

        started = time.monotonic()
        refused = refusal(fetcher, f"http://127.0.0.1:{port}/")

        assert time.monotonic() - started < BUDGET + SLACK
        assert str(refused) == "The server at 127.0.0.1 took too long to answer."
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def _headers(count, size=10):
    return b"".join(b"X-H%d: %s\r\n" % (n, b"v" * size) for n in range(count))


def _answer_with(extra_headers):
    return (STATUS + extra_headers + b"Content-Length: 2\r\n\r\n{}", 0)


def test_headers_up_to_the_caps_are_read(scripted):
    # 9 headers of ours and Content-Length; status line and headers well under 1,000 bytes.
    served = scripted(_answer_with(_headers(9)))
    fetcher = SafeFetcher(served.allowed, max_header_count=10, max_header_bytes=1000)

    response = fetcher.get(served.url())

    assert response.content == b"{}"
    assert response.headers["x-h8"] == "v" * 10


def test_the_caps_stop_counting_once_the_headers_are_read(scripted):
    # A chunked body is read line by line too; its lines are not headers.
    chunks = b"".join(b"1\r\n%d\r\n" % (n % 10) for n in range(50)) + b"0\r\n\r\n"
    served = scripted((STATUS + b"Transfer-Encoding: chunked\r\n\r\n" + chunks, 0))
    fetcher = SafeFetcher(served.allowed, max_header_count=10, max_header_bytes=200)

    response = fetcher.get(served.url())

    assert response.content == b"0123456789" * 5


@pytest.mark.parametrize(
    "extra_headers",
    [
        pytest.param(_headers(10), id="one-header-too-many"),
        pytest.param(_headers(2, size=600), id="too-many-bytes"),
    ],
)
def test_headers_over_the_caps_are_refused(scripted, extra_headers):
    served = scripted(_answer_with(extra_headers))
    fetcher = SafeFetcher(served.allowed, max_header_count=10, max_header_bytes=1000)

    refused = refusal(fetcher, served.url())

    assert refused.code == "fetch_failed"
    assert str(refused) == "The server at 127.0.0.1 sent more header data than Passport accepts."


@pytest.mark.parametrize(
    "extra_headers",
    [
        pytest.param(_headers(99), id="a-hundred-headers"),
        pytest.param(_headers(3, size=30_000), id="ninety-kilobytes"),
    ],
)
def test_default_header_caps_are_far_below_what_http_client_allows(scripted, extra_headers):
    served = scripted(_answer_with(extra_headers))

    refused = refusal(SafeFetcher(served.allowed), served.url())

    assert str(refused) == "The server at 127.0.0.1 sent more header data than Passport accepts."


def test_an_unknown_host_says_what_to_do_next(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [])

    with pytest.raises(ImportRefused) as refused:
        SafeFetcher().get("https://no-such-issuer.example/badge.json")

    message = refused.value.render()
    assert message.startswith("The host name no-such-issuer.example could not be found.")
    assert "typing mistake" in message and "ask the issuer" in message
