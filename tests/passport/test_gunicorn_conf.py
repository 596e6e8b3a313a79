"""The gunicorn settings load and leave room for one badge's whole fetch budget."""

from __future__ import annotations

import runpy
from pathlib import Path

from badges.openbadges.fetch_budget import BADGE_BUDGET_SECONDS

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_the_worker_timeout_is_longer_than_a_badges_budget(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")

    conf = runpy.run_path(str(CONF))

    assert conf["timeout"] > BADGE_BUDGET_SECONDS
    assert conf["workers"] == 3 and conf["bind"] == "127.0.0.1:8000"


def test_workers_freeze_what_they_loaded_at_start_and_after_warming_up():
    import gc
    from types import SimpleNamespace

    conf = runpy.run_path(str(CONF))
    try:
        gc.unfreeze()
        conf["post_worker_init"](SimpleNamespace())
        at_start = gc.get_freeze_count()
        assert at_start > 0
        warm = SimpleNamespace(nr=conf["FREEZE_AGAIN_AFTER"] - 1)
        kept = [[n] for n in range(1000)]  # loaded while serving the first requests
        conf["post_request"](warm, None, {}, None)
        # Not yet. (A frozen object freed meanwhile, by another thread say, lowers the
        # count: only a freeze, which would take ``kept`` in, raises it.)
        assert gc.get_freeze_count() < at_start + len(kept)
        warm.nr += 1
        conf["post_request"](warm, None, {}, None)
        assert gc.get_freeze_count() >= at_start + len(kept)
    finally:
        gc.unfreeze()
