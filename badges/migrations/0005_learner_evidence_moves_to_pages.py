"""Learner evidence now belongs to the pages app (it points at pages and their files).

Only Django's record of the models changes: the table keeps its name and its rows.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0004_badge_owns_display_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LearnerEvidence")],
            database_operations=[],
        ),
    ]
