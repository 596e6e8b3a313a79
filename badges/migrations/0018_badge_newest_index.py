"""A learner's badges, newest first, read from an index on PostgreSQL: the gallery and the
public profile draw one page of them without sorting all of the learner's badges.

PostgreSQL only: the order puts undated badges last (NULLS LAST), which an SQLite index
cannot state; the embedded database sorts them itself.
"""

from django.db import migrations

NAME = "badges_badge_newest_per_learner"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON badges_badge "
            "(owner_id, issued_on DESC NULLS LAST, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("badges", "0017_skill_mentions")]

    operations = [migrations.RunPython(create, drop)]
