"""Each badge keeps its own display data, copied from the rows it used to share.

Issuer and badge-class rows were shared by every learner and keyed by the identifier a
credential states, so one learner's import could rewrite another's badge. Their data is
copied onto each badge (images included, as the badge's own file), the trust level is
decided from each badge's stored verification, and the shared rows are removed. The
shared image files are left in storage (not deleted inside a transaction that could
still roll back); they hold issuers' public images only.
"""

import hashlib
from urllib.parse import urlsplit

import badges.models
from django.core.files.base import ContentFile
from django.db import migrations, models


def _https_authority(url):
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return ""
    return parts.netloc.lower() if parts.scheme == "https" and parts.hostname else ""


def _origin_of(verification, issuer_identifier):
    """The web origin the stored proof is bound to (the rule of badges.openbadges.trust)."""
    if verification.get("self_asserted_key"):
        return ""
    method = verification.get("method", "")
    source, key_id = verification.get("source_url", ""), verification.get("key_id", "")
    if method == "hosted":
        return _https_authority(source)
    if method == "signed":
        key = _https_authority(key_id)
        issuer = _https_authority(issuer_identifier)
        return issuer if key and issuer else ""
    did = key_id.partition("#")[0]
    if did.startswith("did:web:"):
        return _https_authority(source) if did == issuer_identifier.partition("#")[0] else ""
    origin = _https_authority(source)
    return origin if origin and origin == _https_authority(issuer_identifier) else ""


def copy_display_data(apps, schema_editor):
    Badge = apps.get_model("badges", "Badge")
    copies = {}
    for badge in Badge.objects.select_related("badge_class__issuer").iterator():
        badge_class, issuer = badge.badge_class, badge.badge_class.issuer
        badge.name = badge_class.name
        badge.description = badge_class.description
        badge.image_source = badge_class.image_source
        badge.achievement_id = "" if badge_class.identifier.startswith("urn:passport:") else badge_class.identifier
        badge.criteria_url = badge_class.criteria_url
        badge.criteria_narrative = badge_class.criteria_narrative
        badge.alignments = badge_class.alignments
        badge.tags = badge_class.tags
        badge.issuer_identifier = issuer.identifier
        badge.issuer_key = hashlib.sha256(issuer.identifier.encode()).hexdigest()[:16]
        # The old rows filled a missing name with the issuer's address; keep it only
        # when it is not that fallback.
        badge.issuer_name = "" if issuer.name in (issuer.url, issuer.identifier) else issuer.name
        badge.issuer_url = issuer.url
        badge.issuer_email = issuer.email
        badge.issuer_description = issuer.description
        origin = _origin_of(badge.verification or {}, issuer.identifier)
        badge.trust = "issuer_confirmed" if origin else "issuer_not_confirmed"
        badge.trust_source = origin
        if origin:
            badge.verification = {**badge.verification, "issuer_origin": origin}
        if badge_class.image:
            name = badge_class.image.name
            if name not in copies:
                try:
                    with badge_class.image.open("rb") as stored:
                        copies[name] = stored.read()
                except OSError:
                    copies[name] = None  # the file is gone: the badge shows no image
            if copies[name] is not None:
                extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
                badge.image.save(f"image{extension}", ContentFile(copies[name]), save=False)
        badge.save()


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0003_learnerevidence_file_block_learnerevidence_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="badge",
            name="name",
            field=models.CharField(default="", max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="badge", name="description", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="badge",
            name="image",
            field=models.FileField(blank=True, upload_to=badges.models._badge_image_path),
        ),
        migrations.AddField(
            model_name="badge",
            name="image_source",
            field=models.CharField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="badge",
            name="achievement_id",
            field=models.CharField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="badge",
            name="criteria_url",
            field=models.URLField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="badge", name="criteria_narrative", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="badge",
            name="alignments",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="badge", name="tags", field=models.JSONField(blank=True, default=list)
        ),
        migrations.AddField(
            model_name="badge",
            name="issuer_identifier",
            field=models.CharField(default="", max_length=2000),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="badge",
            name="issuer_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="badge",
            name="issuer_name",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="badge",
            name="issuer_url",
            field=models.URLField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name="badge", name="issuer_email", field=models.EmailField(blank=True, max_length=254)
        ),
        migrations.AddField(
            model_name="badge", name="issuer_description", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="badge",
            name="trust",
            field=models.CharField(
                choices=[
                    ("issuer_confirmed", "Issuer confirmed"),
                    ("issuer_not_confirmed", "Issuer not confirmed"),
                ],
                default="issuer_not_confirmed",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="badge",
            name="trust_source",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name="badge",
            name="issued_on",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(copy_display_data, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="badge", name="badge_class"),
        migrations.DeleteModel(name="BadgeClass"),
        migrations.DeleteModel(name="Issuer"),
        migrations.AlterModelOptions(
            name="badge",
            options={
                "ordering": [
                    models.OrderBy(models.F("issued_on"), descending=True, nulls_last=True),
                    "-pk",
                ]
            },
        ),
        migrations.AlterField(
            model_name="badge",
            name="status",
            field=models.CharField(
                choices=[
                    ("verified", "Verified"),
                    ("expired", "Expired"),
                    ("revoked", "Revoked"),
                    ("unverifiable", "Could not be checked"),
                ],
                default="verified",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="verificationcheck",
            name="status",
            field=models.CharField(
                choices=[
                    ("verified", "Verified"),
                    ("expired", "Expired"),
                    ("revoked", "Revoked"),
                    ("unverifiable", "Could not be checked"),
                ],
                max_length=16,
            ),
        ),
    ]
