"""Badges sort by their folded names ("École" among the e's), on every database."""

from django.db import migrations, models

BATCH = 500


def fill(apps, schema_editor):
    from badges.models import fold  # the same folding as search and new badges

    Badge = apps.get_model("badges", "Badge")
    fields = ("pk", "name", "issuer_name", "issuer_url", "issuer_identifier")
    changed = []
    for badge in Badge.objects.only(*fields).iterator(chunk_size=BATCH):
        # IssuerOfBadge.name: the stated name, else its address (never an invented name)
        issuer = badge.issuer_name or badge.issuer_url or badge.issuer_identifier
        badge.name_sort, badge.issuer_sort = fold(badge.name)[:500], fold(issuer)[:500]
        changed.append(badge)
        if len(changed) >= BATCH:
            Badge.objects.bulk_update(changed, ["name_sort", "issuer_sort"])
            changed = []
    Badge.objects.bulk_update(changed, ["name_sort", "issuer_sort"])


class Migration(migrations.Migration):
    dependencies = [("badges", "0015_verification_check_trust")]

    operations = [
        migrations.AddField(
            model_name="badge",
            name="issuer_sort",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name="badge",
            name="name_sort",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
