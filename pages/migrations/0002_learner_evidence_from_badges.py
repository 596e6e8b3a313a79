"""Learner evidence, moved here from the badges app, in the table it always had."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("badges", "0005_learner_evidence_moves_to_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LearnerEvidence",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("narrative", models.TextField(blank=True, verbose_name="narrative")),
                        ("url", models.URLField(blank=True, max_length=2000, verbose_name="link")),
                        ("hidden", models.BooleanField(default=False)),
                        ("position", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "badge",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="learner_evidence",
                                to="badges.badge",
                            ),
                        ),
                        (
                            "file_block",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="pages.block",
                                verbose_name="file",
                            ),
                        ),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="pages.page",
                                verbose_name="page",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "learner evidence",
                        "db_table": "badges_learnerevidence",
                        "ordering": ["position", "pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
