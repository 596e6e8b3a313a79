"""Steps stored as plain English lines, before lines had ids, get their ids back.

Each such line that one of the verifier's messages matches whole is stored as that step
(``badges.step_upgrade``), so it is shown in the reader's language; a line no message
matches stays as it was. Checks recorded before steps were kept get them from their
English detail. Nothing else of a badge, record or check changes.
"""

from django.db import migrations

BATCH = 500


def _upgrade_verification(model, step_upgrade):
    changed = []
    for row in model.objects.only("pk", "verification").iterator(chunk_size=BATCH):
        verification = row.verification
        if not isinstance(verification, dict):
            continue
        steps, moved = step_upgrade.upgraded_lines(verification.get("steps"))
        if moved:
            row.verification = {**verification, "steps": steps}
            changed.append(row)
        if len(changed) >= BATCH:
            model.objects.bulk_update(changed, ["verification"])
            changed = []
    model.objects.bulk_update(changed, ["verification"])


def _upgrade_checks(model, step_upgrade):
    changed = []
    rows = model.objects.filter(steps=[]).exclude(detail="").only("pk", "detail", "steps")
    for row in rows.iterator(chunk_size=BATCH):
        steps, moved = step_upgrade.upgraded_lines(row.detail.splitlines())
        if moved:
            row.steps = steps
            changed.append(row)
        if len(changed) >= BATCH:
            model.objects.bulk_update(changed, ["steps"])
            changed = []
    model.objects.bulk_update(changed, ["steps"])


def forwards(apps, schema_editor):
    from badges import step_upgrade

    _upgrade_verification(apps.get_model("badges", "Badge"), step_upgrade)
    _upgrade_verification(apps.get_model("badges", "LearnerRecord"), step_upgrade)
    _upgrade_checks(apps.get_model("badges", "VerificationCheck"), step_upgrade)


class Migration(migrations.Migration):
    dependencies = [("badges", "0013_verification_check_steps")]

    # Backwards leaves the steps with their ids: they read the same in English.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
