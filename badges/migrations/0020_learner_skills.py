"""Each skill a learner shows, counted into a row of its own, and the changes yet to count.

Mentions carry their badge's learner and are found by learner and key (a key longer
than an index entry allows is kept as its digest). Every skill of every learner is
noted as changed: each learner's first view of their skills (or the worker) counts them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Length


def fill_owners_and_bound_keys(apps, schema_editor):
    from badges.skill_models import bounded_key  # the same rule as new mentions

    SkillMention = apps.get_model("badges", "SkillMention")
    Badge = apps.get_model("badges", "Badge")
    owners = Badge.objects.filter(pk=models.OuterRef("badge_id")).values("owner_id")[:1]
    SkillMention.objects.update(owner_id=models.Subquery(owners))
    long_keys = SkillMention.objects.annotate(length=Length("key")).filter(length__gt=400)
    for mention in long_keys.only("pk", "key").iterator():
        SkillMention.objects.filter(pk=mention.pk).update(key=bounded_key(mention.key))


def note_every_skill(apps, schema_editor):
    SkillMention = apps.get_model("badges", "SkillMention")
    Tag = apps.get_model("badges", "Tag")
    SkillChange = apps.get_model("badges", "SkillChange")
    stated = SkillMention.objects.values_list("badge__owner_id", "key")
    tagged = Tag.objects.filter(badges__isnull=False).values_list("owner_id", "key")
    notes = {(owner_id, key) for rows in (stated, tagged) for owner_id, key in rows.iterator()}
    SkillChange.objects.bulk_create(
        [SkillChange(owner_id=owner_id, key=key) for owner_id, key in notes], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('badges', '0019_tag_folded_after_rename'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='skillmention',
            name='owner_id',
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(fill_owners_and_bound_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='skillmention',
            index=models.Index(fields=['owner_id', 'key'], name='skill_mention_owner_key'),
        ),
        migrations.CreateModel(
            name='SkillChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('owner_id', models.BigIntegerField(db_index=True)),
                ('key', models.TextField()),
            ],
        ),
        migrations.CreateModel(
            name='LearnerSkill',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=10)),
                ('key', models.TextField()),
                ('badge_count', models.PositiveIntegerField()),
                ('name', models.TextField()),
                ('folded', models.CharField(max_length=500)),
                ('url', models.TextField(blank=True)),
                ('framework', models.TextField(blank=True)),
                ('code', models.TextField(blank=True)),
                ('description', models.TextField(blank=True)),
                ('shown', models.JSONField(default=list)),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['owner', '-badge_count'], name='learner_skill_order')],
            },
        ),
        migrations.RunPython(note_every_skill, migrations.RunPython.noop),
    ]
