"""Public pages served by gunicorn, as a ratio to the trivial view, in one run.

Starts gunicorn with the project's gunicorn.conf.py (DJANGO_DEBUG=0, 2 sync workers),
on PostgreSQL if DATABASE_URL is set (else a throwaway SQLite file) and with Redis if
REDIS_URL is set or one answers on 127.0.0.1:6379. Seeds one learner with 200 badges
(150 public), a 50-block page and a collection, and a second learner with 500 badges
for the gallery and skills. Each URL is driven by a few threads for a few seconds.

Prints, for each page: its throughput as a ratio to /healthz/ (warm), the time of a
first view after an edit (cold) as a ratio to the trivial view's time, and the gallery
and skills at 500 badges, drawn from the cache and after an edit (any edit: the
learner's version moves), the gallery also after a change to one of its cards, and the
skills after a tag is put on one more badge, counted ahead (as the worker does) or by
the view itself.
Run: python bench/serve.py [seconds per URL]
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "18310"))
THREADS = 4
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0


def _redis_url() -> str:
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return ""
    return "redis://127.0.0.1:6379/0"


def _broker_url(redis_url: str) -> str:
    """A queue of the benchmark's own (Redis database 5), emptied before each run."""
    if not redis_url:
        return ""
    url = redis_url.rsplit("/", 1)[0] + "/5"
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    redis_url = _redis_url()
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SETTINGS_MODULE="passport.settings",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(workdir / "media"),
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=_broker_url(redis_url),
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
        # Steady state: a worker recycled mid-measurement (every few seconds at these
        # rates) spends a second loading, and that second would land on a random page.
        GUNICORN_MAX_REQUESTS="0",
    )
    env.setdefault("DATABASE_URL", "")
    if not env["DATABASE_URL"]:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production's manifest


def seed() -> dict:
    """The learners and their things; returns the URLs and what an edit touches."""
    from badges.models import Badge
    from pages.models import Block, Page
    from tests.badges.factories import make_badges, make_collection
    from tests.conftest import make_learner

    stamp = str(int(time.time()))
    learner = make_learner(
        f"bench-{stamp}@example.org", display_name="Bench Learner", profile_is_public=True
    )
    badges = make_badges(learner, 200, issuers=20)
    public_ids = [badge.pk for badge in badges[:150]]
    Badge.objects.filter(pk__in=public_ids).update(visibility="public")
    collection = make_collection(learner, "Bench shelf", badges[:30], visibility="public")
    page = Page.objects.create(
        owner=learner, title="Bench page", slug="bench", visibility=Page.Visibility.PUBLIC
    )
    for n in range(50):
        kind = [Block.Kind.HEADING, Block.Kind.TEXT, Block.Kind.BADGE][n % 3]
        extra = {"badge": badges[n]} if kind == Block.Kind.BADGE else {}
        text = f"Section {n}: what I *learnt* and [where](https://example.org/{n})."
        Block.objects.create(page=page, kind=kind, position=n, text=text, **extra)
    busy = make_learner(f"busy-{stamp}@example.org", display_name="Busy Learner")
    make_badges(busy, 500, issuers=25)
    badge = Badge.objects.get(pk=public_ids[0])
    _analyze()
    return {
        "learner": learner,
        "badge": badge,
        "busy": busy,
        "session": _session_for(busy),
        "public": {
            "public badge": f"/b/{badge.public_id}/",
            "portfolio page (50 blocks)": f"/pages/p/{page.public_id}/",
            "public profile (150 badges)": f"/u/{learner.public_slug}/",
            "public collection": f"/c/{collection.public_id}/",
        },
    }


def _analyze() -> None:
    """Table statistics, as autovacuum keeps them in production: without them, the
    planner takes the freshly filled tables for empty ones and picks the wrong index."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def fetch(conn: http.client.HTTPConnection, url: str, cookie: str = "") -> int:
    # As the proxy in front of gunicorn says it: the visitor came over HTTPS.
    headers = {"X-Forwarded-Proto": "https", **({"Cookie": cookie} if cookie else {})}
    conn.request("GET", url, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def throughput(url: str, seconds: float = SECONDS, cookie: str = "") -> tuple[float, int]:
    """Requests per second over SECONDS with THREADS keep-alive clients; and errors.
    With wrk installed it drives the load (a client in C takes less of the machine's two
    cores from the server than Python threads reading each page do)."""
    if shutil.which("wrk"):
        return _wrk(url, seconds, cookie)
    return _python_clients(url, seconds, cookie)


def _wrk(url: str, seconds: float, cookie: str) -> tuple[float, int]:
    headers = ["-H", "X-Forwarded-Proto: https", *(["-H", f"Cookie: {cookie}"] if cookie else [])]
    command = ["wrk", "-t2", f"-c{THREADS}", f"-d{max(1, round(seconds))}s", *headers]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{url}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)", output)
    return rps, (int(failed[1]) if failed else 0) + (
        sum(map(int, errors.groups())) if errors else 0
    )


def _python_clients(url: str, seconds: float, cookie: str = "") -> tuple[float, int]:
    counts, errors = [0] * THREADS, [0] * THREADS
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.monotonic() < deadline:
            try:
                status = fetch(conn, url, cookie)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                status = 0
            counts[index] += 1
            errors[index] += status != 200
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - start), sum(errors)


def one_request(url: str, cookie: str = "") -> float:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    start = time.perf_counter()
    status = fetch(conn, url, cookie)
    took = time.perf_counter() - start
    conn.close()
    assert status == 200, (url, status)
    return took


def median_time(url: str, make_cold=None, rounds: int = 15, cookie: str = "") -> float:
    times = []
    for _ in range(rounds):
        if make_cold is not None:
            make_cold()
        times.append(one_request(url, cookie))
    return sorted(times)[len(times) // 2]


def start_server(env: dict[str, str], port: int = PORT) -> subprocess.Popen:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"]
    server = subprocess.Popen(
        [*command, "passport.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder))
        setup_django(env)
        data = seed()
        server = start_server(env)
        try:
            report(data, cached=bool(env["REDIS_URL"]))
        finally:
            server.terminate()
            server.wait()


def paired_throughput(url: str, cookie: str = "", pairs: int = 5) -> tuple[float, int]:
    """Throughput of ``url`` over that of /healthz/ measured just before it, the median of
    a few such pairs: a change in the machine's load moves both sides of a pair, and a
    pair that one (a neighbour's burst) spoils is outvoted."""
    ratios = []
    errors = 0
    for _ in range(pairs):
        base = throughput("/healthz/", SECONDS / 2)[0]
        rps, failed = throughput(url, SECONDS / 2, cookie)
        ratios.append(rps / base)
        errors += failed
    return sorted(ratios)[pairs // 2], errors


def paired_time(url: str, make_cold=None, rounds: int = 15, cookie: str = "") -> float:
    """Median time of ``url`` over the median time of /healthz/, in alternation."""
    base, page = [], []
    for _ in range(rounds):
        base.append(one_request("/healthz/"))
        if make_cold is not None:
            make_cold()
        page.append(one_request(url, cookie))
    return sorted(page)[rounds // 2] / sorted(base)[rounds // 2]


def report(data: dict, *, cached: bool) -> None:
    from passport.web import pagecache

    for url in ["/healthz/", *data["public"].values()]:
        one_request(url)  # warm: workers started, pages cached
    base_rps, _ = throughput("/healthz/")
    base_time = median_time("/healthz/")
    print(f"trivial view /healthz/: {base_rps:.0f} req/s, {base_time * 1000:.2f} ms")
    client = "wrk" if shutil.which("wrk") else "Python threads"
    print(
        f"page cache {'on (Redis)' if cached else 'off (no Redis)'}; {THREADS} clients ({client})"
    )
    print("each ratio is against /healthz/ measured beside it, in the same run")
    owner_id = data["learner"].pk
    for label, url in data["public"].items():
        warm, errors = paired_throughput(url)
        cold = paired_time(url, make_cold=lambda: pagecache.bump(owner_id))
        print(
            f"  {label:<28} warm {warm:5.2f}x /healthz/ throughput"
            f"   cold {cold:5.1f}x its time   errors {errors}"
        )
    cookie = data["session"]
    busy_id = data["busy"].pk
    from badges.views._lookup import PER_PAGE

    last = -(-500 // PER_PAGE)  # a number: the gallery reads no "last"
    pages = {"gallery, 500 badges": "/badges/", "gallery, last page": f"/badges/?page={last}"}
    pages["skills"] = "/badges/skills/"
    for label, url in pages.items():
        kept = paired_time(url, cookie=cookie)
        edited = paired_time(url, make_cold=lambda: pagecache.bump(busy_id), cookie=cookie)
        line = f"  {label:<28} kept {kept:5.1f}x the trivial view's time"
        line += f"   after an edit {edited:5.1f}x"
        if url == "/badges/":
            # An edit the gallery shows: a badge of its first page made public or private.
            changed = paired_time(url, make_cold=_visibility_flipper(busy_id), cookie=cookie)
            line += f"   after a badge on it changes {changed:5.1f}x"
        print(line)
    # A change to the badges' skills: a tag put on one more badge, that skill counted
    # again by the worker once the change commits, or (no worker, or the view came
    # first) by the view. Either way only the skill that changed is drawn again.
    tag = _tagger(busy_id)
    ahead = paired_time(pages["skills"], make_cold=lambda: _settled(tag, busy_id), cookie=cookie)
    by_view = paired_time(pages["skills"], make_cold=tag, cookie=cookie)
    print(
        f"  {'skills, after a tag is added':<28} counted ahead {ahead:5.1f}x"
        f"   counted by the view {by_view:5.1f}x"
    )


def _settled(change, owner_id: int) -> None:
    from badges.services.skills import settle

    change()
    settle(owner_id)  # what the worker does once the change commits


def _visibility_flipper(owner_id: int):
    """Each call makes the newest badge public, then private again, as the gallery's
    bulk action does."""
    from badges.models import Badge
    from badges.services.visibility import set_visibility

    newest = Badge.objects.filter(owner_id=owner_id).sorted_by("newest")[:1]
    choices = iter(["public", "private"] * 1000)
    return lambda: set_visibility(Badge.objects.filter(pk__in=newest), next(choices))


def _tagger(owner_id: int):
    """Each call puts one tag of the learner's on one more of their badges, newest
    first, as the badge's page does: that skill's count and badges change each time."""
    from django.contrib.auth import get_user_model

    from badges.models import Badge
    from badges.services.tags import add_tags

    learner = get_user_model().objects.get(pk=owner_id)
    badges = iter(Badge.objects.filter(owner=learner).sorted_by("newest"))
    return lambda: add_tags([next(badges)], learner, ["bench tag"])


if __name__ == "__main__":
    main()
