"""``manage.py forget_unused_platforms``: drop registrations no learner ever connected."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from passport.api.cleanup import forget_unused_registrations


class Command(BaseCommand):
    help = "Delete platforms that registered more than DAYS ago and that no learner connected."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=30, metavar="DAYS")

    def handle(self, *args, older_than: int, **options):
        if older_than < 1:
            raise CommandError("--older-than must be at least 1 day.")
        count = forget_unused_registrations(unused_for=timedelta(days=older_than))
        self.stdout.write(f"{count} unused platform registration(s) deleted.")
