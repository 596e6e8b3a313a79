"""Verify stored badges again (for cron): revoked, expired and unreachable badges are marked."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from badges.reverify import reverify_stale_badges


class Command(BaseCommand):
    help = "Re-check badges whose last verification is older than --older-than days."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=7.0,
            metavar="DAYS",
            help="Only badges last checked more than this many days ago (default 7).",
        )

    def handle(self, *args, **options) -> None:
        counts = reverify_stale_badges(timedelta(days=options["older_than"]))
        total = sum(counts.values())
        detail = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "none"
        self.stdout.write(f"Checked {total} badge(s) ({detail}).")
