"""Import badges for a learner from files, URLs or standard input (support, migrations)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from badges.services.importing import ImportOutcome, ImportSource, import_badges

STDIN = "-"


class Command(BaseCommand):
    help = "Import Open Badges for a learner: file paths, http(s) URLs or - for standard input."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True, help="The learner's account e-mail address.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per source.")
        parser.add_argument("sources", nargs="+", metavar="SOURCE")

    def handle(self, *args, **options) -> None:
        translation.activate("en")
        user = self._learner(options["user"])
        sources = [self._source(arg) for arg in options["sources"]]
        outcomes = import_badges(user, sources)
        for outcome in outcomes:
            self.stdout.write(self._json(outcome) if options["json"] else self._line(outcome))
        if not all(outcome.ok for outcome in outcomes):
            sys.exit(1)

    def _learner(self, email: str):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No learner has the e-mail address {email}.")
        return user

    def _source(self, arg: str) -> ImportSource:
        if arg == STDIN:
            data = sys.stdin.buffer.read()
            return ImportSource.from_file("stdin", data)
        if arg.lower().startswith(("http://", "https://")):
            return ImportSource.from_url(arg)
        path = Path(arg)
        if not path.is_file():
            raise CommandError(f"{arg} is not a file, an http(s) URL or -.")
        return ImportSource.from_file(path.name, path.read_bytes())

    def _json(self, outcome: ImportOutcome) -> str:
        if not outcome.ok:
            error = {"code": outcome.code, "message": outcome.message}
            return json.dumps({"ok": False, "error": error}, ensure_ascii=False)
        if outcome.record is not None:
            record = record_summary(outcome.record)
            return json.dumps({"ok": True, "record": record}, ensure_ascii=False)
        badge = outcome.badge
        return json.dumps({"ok": True, "badge": badge_summary(badge)}, ensure_ascii=False)

    def _line(self, outcome: ImportOutcome) -> str:
        if outcome.record is not None:
            return f"ok      {outcome.source.label}: {outcome.record.name}, {outcome.message}"
        if outcome.ok:
            badge = outcome.badge
            summary = f"{badge.name} ({badge.issuer.name}), {badge.status}"
            return f"ok      {outcome.source.label}: {summary}"
        return f"refused {outcome.source.label}: [{outcome.code}] {outcome.message}"


def badge_summary(badge) -> dict:
    return {
        "id": badge.credential_id,
        "name": badge.name,
        "issuer": badge.issuer.name,
        "spec": badge.spec,
        "status": badge.status,
        "trust": badge.trust,
        "trust_source": badge.trust_source,
        "issued_on": badge.issued_on.isoformat() if badge.issued_on else None,
        "expires": badge.expires.isoformat() if badge.expires else None,
        "recipient_confirmed": badge.recipient_confirmed,
    }


def record_summary(record) -> dict:
    return {
        "id": record.credential_id,
        "name": record.name,
        "issuer": record.issuer_name or record.issuer_identifier,
        "status": record.status,
        "trust": record.trust,
        "achievements": len(record.achievements),
        "badges": [badge_summary(badge) for badge in record.badges.all()],
    }
