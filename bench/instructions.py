"""What one request of each busy page costs the app, in instructions, as a ratio to /healthz/.

Wall-clock ratios on a shared two-core machine move by a third from one run to the
next; counted instructions do not. Seeds the learners of bench/serve.py, then runs each
page in a child process under ``valgrind --tool=callgrind``, twice: FEW and MANY
requests. The difference over MANY - FEW is one request, start-up and warm-up left
out. The database and Redis are other processes: their work, and the time spent waiting
for them, is not counted, so this says what the app's own code costs and bench/serve.py
what the round trips add. Judge a change by running both commits on one machine.

The learner's own pages only: a public page counts its visits in batches kept in
Redis, so how much of that one request does depends on the runs before it, and its
count is not repeatable (bench/serve.py measures those pages).

What is done before each request (an edit) is counted alone and taken off. Each page
takes a minute or two under valgrind; name some to run only those.

Run: python bench/instructions.py [words of the pages' labels ...]   (valgrind must be
installed; PostgreSQL if DATABASE_URL is set, else a throwaway SQLite file; Redis as
bench/serve.py finds it)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
FEW, MANY = 5, 25
WARM = 5  # requests before counting: caches filled, code paths compiled

# label, path, whose session, what happens before each request
CASES = [
    ("trivial view /healthz/", "/healthz/", "", ""),
    ("gallery, 500 badges, kept", "/badges/", "busy", ""),
    ("gallery, after an edit", "/badges/", "busy", "edit-busy"),
    ("gallery, after a badge on it changes", "/badges/", "busy", "flip-busy"),
    ("skills, after an edit", "/badges/skills/", "busy", "edit-busy"),
    ("skills, after a tag is added", "/badges/skills/", "busy", "tag-busy"),
]


def main() -> None:
    if not shutil.which("valgrind"):
        print("not run: valgrind is not installed (apt-get install valgrind)")
        return
    words, sys.argv[1:] = sys.argv[1:], []  # serve reads its own arguments
    import serve

    with tempfile.TemporaryDirectory() as folder:
        env = serve.environment(Path(folder))
        serve.setup_django(env)
        data = serve.seed()
        env["BENCH_BUSY"] = str(data["busy"].pk)
        env["BENCH_COOKIE"] = data["session"]
        print(f"{'page':<40} {'instructions':>14}   vs /healthz/")
        base = None
        for label, path, session, before in CASES:
            if base is not None and words and not any(word in label for word in words):
                continue
            count = counted(env, Path(folder), path, session, before)
            if before:
                count -= counted(env, Path(folder), "", session, before)
            base = base or count
            print(f"  {label:<38} {count / 1e6:>11.2f} M   {count / base:6.2f}x")


def counted(env: dict, folder: Path, path: str, session: str, before: str) -> float:
    """Instructions of one request of ``path`` (none: only what comes before it)."""
    totals = []
    for n in (FEW, MANY):
        out = folder / f"callgrind.{n}.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            path or "-",
            session,
            before,
            str(n),
        ]
        run = subprocess.run(command, env=env, capture_output=True, text=True)
        if run.returncode:
            raise SystemExit(f"{path or 'before'}: the child failed\n{run.stderr[-3000:]}")
        summary = re.search(r"^summary:\s*(\d+)", out.read_text(), re.M)
        totals.append(int(summary.group(1)))
    return (totals[1] - totals[0]) / (MANY - FEW)


def child(path: str, session: str, before: str, count: int) -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    if session:
        name, _, value = os.environ["BENCH_COOKIE"].partition("=")
        client.cookies[name] = value
    prepare = _before(before)
    for _ in range(WARM + count):
        prepare()
        if path != "-":
            response = client.get(path, secure=True)
            assert response.status_code == 200, (path, response.status_code)


def _before(before: str):
    import serve

    from passport.web import pagecache

    if not before:
        return lambda: None
    what, _, _ = before.partition("-")
    owner_id = int(os.environ["BENCH_BUSY"])
    if what == "flip":
        return serve._visibility_flipper(owner_id)
    if what == "tag":  # and counted ahead, as the worker does
        tag = serve._tagger(owner_id)
        return lambda: serve._settled(tag, owner_id)
    return lambda: pagecache.bump(owner_id)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        arguments, sys.argv[1:] = sys.argv[2:], []  # serve reads its own arguments
        child(arguments[0], arguments[1], arguments[2], int(arguments[3]))
    else:
        main()
