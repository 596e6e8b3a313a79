"""Search that ignores accents and case alike on SQLite and PostgreSQL.

Each badge keeps a folded copy of what is searched (name, issuer, description, tags),
and each tag a folded copy of its name; existing rows are filled in here.
"""

import unicodedata

from django.db import migrations, models


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def fill(apps, schema_editor):
    Badge = apps.get_model("badges", "Badge")
    Tag = apps.get_model("badges", "Tag")
    for badge in Badge.objects.iterator():
        tags = " ".join(str(tag) for tag in badge.tags or [])
        text = " ".join((badge.name, badge.issuer_name, badge.description, tags))
        Badge.objects.filter(pk=badge.pk).update(search_text=_fold(text))
    for tag in Tag.objects.iterator():
        Tag.objects.filter(pk=tag.pk).update(folded=_fold(tag.name))


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0005_learner_evidence_moves_to_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="badge",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="tag",
            name="folded",
            field=models.CharField(blank=True, editable=False, max_length=50),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
