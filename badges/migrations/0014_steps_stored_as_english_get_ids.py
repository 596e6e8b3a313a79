"""Steps stored as plain English lines, before lines had ids, get their ids back.

Each such line that one of the verifier's messages matches whole is stored as that step
(``badges.step_upgrade``), so it is shown in the reader's language; a line no message
matches stays as it was. Checks recorded before steps were kept get them from their
English detail. Nothing else of a badge, record or check changes.
"""

from django.db import migrations

BATCH = 500


def _save_changed(model, rows, change, field):
    """``change(row)`` for each row; those it changed saved in batches."""
    changed = []
    for row in rows.iterator(chunk_size=BATCH):
        if change(row):
            changed.append(row)
        if len(changed) >= BATCH:
            model.objects.bulk_update(changed, [field])
            changed = []
    model.objects.bulk_update(changed, [field])


def _upgrade_verification(model, step_upgrade):
    def change(row):
        if not isinstance(row.verification, dict):
            return False
        steps, moved = step_upgrade.upgraded_lines(row.verification.get("steps"))
        if moved:
            row.verification = {**row.verification, "steps": steps}
        return moved

    _save_changed(model, model.objects.only("pk", "verification"), change, "verification")


def _upgrade_checks(model, step_upgrade):
    def change(row):
        row.steps, moved = step_upgrade.upgraded_lines(row.detail.splitlines())
        return moved

    rows = model.objects.filter(steps=[]).exclude(detail="").only("pk", "detail", "steps")
    _save_changed(model, rows, change, "steps")


def forwards(apps, schema_editor):
    from badges import step_upgrade

    _upgrade_verification(apps.get_model("badges", "Badge"), step_upgrade)
    _upgrade_verification(apps.get_model("badges", "LearnerRecord"), step_upgrade)
    _upgrade_checks(apps.get_model("badges", "VerificationCheck"), step_upgrade)


class Migration(migrations.Migration):
    dependencies = [("badges", "0013_verification_check_steps")]

    # Backwards leaves the steps with their ids: they read the same in English.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
