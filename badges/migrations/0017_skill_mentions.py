"""Each badge's alignments and issuer's tags, one row apiece, for the skills view."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def fill(apps, schema_editor):
    from badges.models import fold
    from badges.skill_models import stated_skills  # the same rule as new badges

    Badge = apps.get_model("badges", "Badge")
    SkillMention = apps.get_model("badges", "SkillMention")
    rows = []
    for badge in Badge.objects.only("pk", "alignments", "tags").iterator(chunk_size=BATCH):
        for n, fields in enumerate(stated_skills(badge.alignments, badge.tags)):
            folded = fold(fields["spelling"])[:500]
            rows.append(SkillMention(badge_id=badge.pk, position=n, folded=folded, **fields))
        if len(rows) >= BATCH:
            SkillMention.objects.bulk_create(rows)
            rows = []
    SkillMention.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("badges", "0016_badge_sort_names")]

    operations = [
        migrations.CreateModel(
            name="SkillMention",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=10)),
                ("key", models.TextField()),
                ("spelling", models.TextField()),
                ("folded", models.CharField(max_length=500)),
                ("position", models.PositiveIntegerField()),
                ("url", models.TextField(blank=True)),
                ("framework", models.TextField(blank=True)),
                ("code", models.TextField(blank=True)),
                ("description", models.TextField(blank=True)),
                (
                    "badge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="skill_mentions",
                        to="badges.badge",
                    ),
                ),
            ],
            options={"ordering": ["badge", "position"]},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
