"""Fifty learners at once against two app servers: errors (must be 0) and p95.

Starts two gunicorn servers (bench/serve.py's settings, ports 18311 and 18312) sharing
one database and cache, as two app servers behind a balancer would. Each simulated
learner signs in on one server, then goes round a journey on both: the gallery, the
sample badge import, the public badge page, profile, page and collection.
Run: python bench/load.py [seconds, default 60] [learners, default 50]
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve

PORTS = (18311, 18312)
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
USERS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One learner's cookies, on keep-alive connections to both servers."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cookies: dict[str, str] = {}
        self.conns = {port: self._connect(port) for port in PORTS}

    @staticmethod
    def _connect(port: int) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, port: int, method: str, url: str, form: dict | None = None):
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,  # as the proxy says: each learner their own
            "Referer": f"https://127.0.0.1:{port}{url}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conns[port].request(method, url, body=body, headers=headers)
            response = self.conns[port].getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conns[port].close()
            self.conns[port] = self._connect(port)
            return 0, b""
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.errors: list[str] = []

    def record(self, label: str, status: int, took: float, expected=(200, 302)) -> None:
        with self.lock:
            self.times.append(took)
            if status not in expected:
                self.errors.append(f"{label}: {status}")


def timed(results, browser, label: str, port, method, url, form=None, expected=(200, 302)):
    start = time.perf_counter()
    status, content = browser.request(port, method, url, form)
    results.record(label, status, time.perf_counter() - start, expected)
    return content


def learner_journey(index: int, email: str, urls: dict, results: Results, deadline: float):
    browser = Browser(f"10.0.{index // 250}.{index % 250 + 1}")
    home = PORTS[index % 2]
    page = timed(results, browser, "login page", home, "GET", "/accounts/login/")
    token = TOKEN.search(page.decode())[1]
    form = {"login": email, "password": serve_password(), "csrfmiddlewaretoken": token}
    timed(results, browser, "log in", home, "POST", "/accounts/login/", form)
    round_ = 0
    while time.monotonic() < deadline:
        port = PORTS[round_ % 2]  # the session works on either server
        # 200, not a redirect to log-in: the session holds on either server.
        gallery = timed(results, browser, "gallery", port, "GET", "/badges/", expected=(200,))
        if round_ % 5 == 0:
            token = TOKEN.search(gallery.decode())
            form = {"csrfmiddlewaretoken": token[1] if token else ""}
            timed(results, browser, "sample import", port, "POST", "/badges/add/sample/", form)
        for label, url in urls.items():
            timed(results, browser, label, port, "GET", url)
        round_ += 1


def serve_password() -> str:
    from tests.conftest import PASSWORD

    return PASSWORD


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        # One proxy in front, which names each learner's own address (X-Forwarded-For).
        env = serve.environment(Path(folder)) | {"TRUSTED_PROXY_COUNT": "1"}
        serve.setup_django(env)
        data = serve.seed()
        emails = _learners(USERS)
        servers = [serve.start_server(env, port) for port in PORTS]
        worker = _start_worker(env)  # imports are checked in the background, as in production
        try:
            run(emails, data["public"])
            _report_imports()
        finally:
            for process in [*servers, *([worker] if worker else [])]:
                process.terminate()
                process.wait()


def _start_worker(env: dict[str, str]):
    if not env.get("CELERY_BROKER_URL"):
        return None  # no Redis: tasks run in the request
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "passport", "worker", "--loglevel=WARNING", "--concurrency=1"]
    return subprocess.Popen(command, cwd=serve.ROOT, env=env, stdout=subprocess.DEVNULL)


def _report_imports() -> None:
    from badges.import_job_models import ImportJob

    time.sleep(5)  # the worker finishes what it holds
    jobs = ImportJob.objects.all()
    done = jobs.filter(state=ImportJob.State.DONE).count()
    print(f"imports: {done} of {jobs.count()} done within 5 s of the end")


def _learners(count: int) -> list[str]:
    from tests.conftest import make_learner

    stamp = int(time.time())
    return [make_learner(f"load-{stamp}-{n}@example.org").email for n in range(count)]


def run(emails: list[str], urls: dict) -> None:
    results = Results()
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=learner_journey, args=(i, email, urls, results, deadline))
        for i, email in enumerate(emails)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(results.times)
    p95 = times[int(len(times) * 0.95)] if times else 0.0
    print(f"{len(emails)} learners, {SECONDS:.0f} s, two app servers {PORTS}")
    print(f"requests {len(times)}   errors {len(results.errors)}   p95 {p95 * 1000:.0f} ms")
    for error in results.errors[:10]:
        print("  ", error)


if __name__ == "__main__":
    main()
