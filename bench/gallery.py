"""How the backpack's busiest pages scale: 500 badges against a trivial view, in one run.

Prints the time per request of the gallery (first page, a search, the last page), the
skills view and a public profile, each as a ratio to /healthz/ (one SELECT 1), with
500 badges in an in-memory SQLite database. Run: python bench/gallery.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from badges.views._lookup import PER_PAGE  # noqa: E402

BADGES = 500
ROUNDS = 30


def seed():
    from badges.models import Badge
    from tests.badges.factories import make_badges
    from tests.conftest import make_learner

    learner = make_learner("bench@example.org", display_name="Bench", profile_is_public=True)
    # A busy learner: 500 badges from 25 issuers, half of them public.
    make_badges(learner, BADGES, issuers=25)
    Badge.objects.filter(pk__in=list(Badge.objects.values_list("pk", flat=True))[::2]).update(
        visibility="public"
    )
    return learner


def per_request(client: Client, url: str) -> float:
    assert client.get(url).status_code == 200, url
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(ROUNDS):
            client.get(url)
        best = min(best, (time.perf_counter() - start) / ROUNDS)
    return best


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    learner = seed()
    client = Client()
    client.force_login(learner)
    baseline = per_request(client, "/healthz/")
    pages = {
        "gallery, first page": "/badges/",
        "gallery, search": "/badges/?q=badge&sort=name",
        "gallery, last page": f"/badges/?page={-(-BADGES // PER_PAGE)}",
        "skills": "/badges/skills/",
        "public profile": f"/u/{learner.public_slug}/",
    }
    print(f"{BADGES} badges; trivial view /healthz/: {baseline * 1000:.2f} ms per request")
    for label, url in pages.items():
        took = per_request(client, url)
        print(f"  {label:<22} {took * 1000:7.2f} ms   {took / baseline:6.1f}x the trivial view")


if __name__ == "__main__":
    main()
