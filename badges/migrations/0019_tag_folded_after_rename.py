"""Tags renamed before their folded name followed the new one are folded again: the
gallery's search reads it, and found such a tag only by its old name."""

from django.db import migrations

from badges.models import fold


def refold(apps, schema_editor):
    Tag = apps.get_model("badges", "Tag")
    stale = [tag for tag in Tag.objects.only("name", "folded") if tag.folded != fold(tag.name)]
    for tag in stale:
        tag.folded = fold(tag.name)
    Tag.objects.bulk_update(stale, ["folded"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("badges", "0018_badge_newest_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
