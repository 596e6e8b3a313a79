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
