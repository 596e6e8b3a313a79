"""Each learner's badges, each with its own display data, and how the learner organises them."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from passport.web.markdown import RenderedMarkdownField, with_rendered


def _random_token() -> str:
    return secrets.token_urlsafe(16)


def _shared_image_path(instance: models.Model, filename: str) -> str:
    # Where images of the former shared issuer and badge-class rows went; kept because
    # the first migrations name it.
    return f"badge-images/{secrets.token_hex(16)}{_extension(filename)}"


def _badge_image_path(instance: models.Model, filename: str) -> str:
    return f"badge-images/{instance.owner_id}/{secrets.token_hex(16)}{_extension(filename)}"


def _original_path(instance: models.Model, filename: str) -> str:
    return f"badge-originals/{instance.owner_id}/{secrets.token_hex(16)}{_extension(filename)}"


def _extension(filename: str) -> str:
    lowered = filename.lower()
    for ext in (".png", ".svg", ".json", ".jws", ".jwt", ".gif", ".jpg", ".webp"):
        if lowered.endswith(ext):
            return ext
    return ""


def identity_key(issuer_id: str, credential_id: str) -> str:
    """Two credentials are the same badge when their issuer id and their id match."""
    return hashlib.sha256(f"{issuer_id}\n{credential_id}".encode()).hexdigest()


def issuer_key(identifier: str) -> str:
    """A short, stable key for grouping a learner's badges by the issuer they name."""
    return hashlib.sha256(identifier.encode()).hexdigest()[:16]


class TrustLevel(models.TextChoices):
    """How far the issuer is confirmed (``badges.openbadges.trust``), beside the status."""

    ISSUER_CONFIRMED = "issuer_confirmed", _("Issuer confirmed")
    ISSUER_NOT_CONFIRMED = "issuer_not_confirmed", _("Issuer not confirmed")


@dataclass(frozen=True)
class IssuerOfBadge:
    """The issuer as this badge's own credential describes it."""

    identifier: str
    stated_name: str
    url: str
    email: str
    description: str

    @property
    def name(self) -> str:
        """The issuer's own name; without one, its address (never an invented name)."""
        return self.stated_name or self.url or self.identifier


BADGE_SORTS = {
    "newest": (models.F("issued_on").desc(nulls_last=True), "-pk"),
    "oldest": (models.F("issued_on").asc(nulls_last=True), "pk"),
    # By the folded names (Badge.name_sort, issuer_sort): "École" among the e's, on
    # SQLite as on PostgreSQL, whatever the database's collation.
    "name": ("name_sort", "-issued_on", "-pk"),
    "issuer": ("issuer_sort", "name_sort", "-pk"),
}


def fold(text: str) -> str:
    """``text`` as search compares it: without accents, case or repeated spaces, the same
    on SQLite and PostgreSQL ("Électronique" is found by "electronique")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


SEARCHED_FIELDS = ("name", "issuer_name", "description", "tags")
ISSUER_NAME_FIELDS = ("issuer_name", "issuer_url", "issuer_identifier")  # IssuerOfBadge.name


def _search_term(term: str) -> models.Q:
    folded = fold(term)
    learner_tagged = Tag.badges.through.objects.filter(
        badge_id=models.OuterRef("pk"), tag__folded__contains=folded
    )
    return models.Q(search_text__contains=folded) | models.Exists(learner_tagged)


# The columns no badge card shows: the credential as received, its evidence and
# endorsements (alignments stay: the skills view groups cards by them).
# What a card shows (name, image, issuer, date, state, visibility) and the keys it is
# reached by: a card reads no long text and no JSON but the verification's method.
CARD_FIELDS = (
    "pk",
    "owner_id",
    "record_id",
    "public_id",
    "name",
    "image",
    "issuer_identifier",
    "issuer_key",
    "issuer_name",
    "issuer_url",
    "issuer_email",
    "issuer_description",
    "issued_on",
    "expires",
    "status",
    "trust",
    "verification",
    "recipient_email",  # kept out of what a public page shows (sharing.views_profile)
    "recipient_confirmed",
    "visibility",
)


def not_on_cards(prefix: str) -> list[str]:
    """What a card does not show of a badge, as ``defer()`` names through ``prefix``: for
    a query that reaches its badges by ``select_related`` (a page's badge blocks)."""
    return [
        f"{prefix}__{field.name}"
        for field in Badge._meta.concrete_fields
        if not field.primary_key and {field.name, field.attname}.isdisjoint(CARD_FIELDS)
    ]


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one learner, through the foreign key ``owner_field``."""

    owner_field = "owner"

    def owned_by(self, user) -> OwnedQuerySet:
        return self.filter(**{self.owner_field: user})


class BadgeQuerySet(OwnedQuerySet):
    def for_cards(self, *related: str) -> BadgeQuerySet:
        """Only what cards show; ``related`` names what a ``select_related`` adds."""
        # Each badge carries its own display data: nothing to join. A card shows none of
        # the credential as received, its texts nor its lists, so those are not read.
        return self.only(*CARD_FIELDS, *related)

    def public(self) -> BadgeQuerySet:
        return self.filter(visibility=Badge.Visibility.PUBLIC)

    def shown_publicly(self) -> BadgeQuerySet:
        """Badges a visitor may see: public, of a learner whose account is active."""
        return self.public().filter(owner__is_active=True)

    def search(self, text: str) -> BadgeQuerySet:
        """Badges matching every word of ``text`` in their name, issuer, description or tags."""
        queryset = self
        for term in text.split():
            queryset = queryset.filter(_search_term(term))
        return queryset

    def sorted_by(self, key: str) -> BadgeQuerySet:
        return self.order_by(*BADGE_SORTS.get(key, BADGE_SORTS["newest"]))


class Badge(models.Model):
    """One learner's award: the credential as received, and what verification found."""

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        UNVERIFIABLE = "unverifiable", _("Could not be checked")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private")
        PUBLIC = "public", _("Public")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges"
    )
    identity_key = models.CharField(max_length=64)
    credential_id = models.CharField(max_length=2000)
    spec = models.CharField(max_length=8)

    # What the badge shows, from its own verified credential and nothing else: replaced
    # only when this badge is verified again and its issuer serves a newer version.
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    image = models.FileField(upload_to=_badge_image_path, blank=True)
    image_source = models.CharField(max_length=2000, blank=True)
    achievement_id = models.CharField(max_length=2000, blank=True)
    criteria_url = models.URLField(max_length=2000, blank=True)
    criteria_narrative = models.TextField(blank=True)
    criteria_html = RenderedMarkdownField(source="criteria_narrative")
    alignments = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    issuer_identifier = models.CharField(max_length=2000)
    issuer_key = models.CharField(max_length=16, db_index=True, editable=False)
    issuer_name = models.CharField(max_length=500, blank=True)
    issuer_url = models.URLField(max_length=2000, blank=True)
    issuer_email = models.EmailField(blank=True)
    issuer_description = models.TextField(blank=True)
    search_text = models.TextField(blank=True, editable=False)  # fold() of what is searched
    name_sort = models.CharField(max_length=500, blank=True, editable=False)  # fold(name)
    issuer_sort = models.CharField(max_length=500, blank=True, editable=False)

    original = models.TextField(help_text="The assertion or credential exactly as received.")
    original_file = models.FileField(upload_to=_original_path, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    document = models.JSONField(default=dict)

    recipient_email = models.EmailField(blank=True)
    recipient_confirmed = models.BooleanField(default=False)
    issued_on = models.DateTimeField(null=True, blank=True)  # None: the badge states none
    expires = models.DateTimeField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    narrative_html = RenderedMarkdownField(source="narrative")
    evidence = models.JSONField(default=list, blank=True)
    endorsements = models.JSONField(default=list, blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VERIFIED)
    status_reason = models.TextField(blank=True)
    trust = models.CharField(
        max_length=24, choices=TrustLevel.choices, default=TrustLevel.ISSUER_NOT_CONFIRMED
    )
    trust_source = models.CharField(max_length=500, blank=True)  # origin or registry name
    verification = models.JSONField(default=dict)
    verified_at = models.DateTimeField(default=timezone.now)
    # When "Verify again" was asked and the queued check has not finished (badges.checking).
    check_requested_at = models.DateTimeField(null=True, blank=True)

    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    public_id = models.CharField(max_length=32, unique=True, default=_random_token)
    imported_at = models.DateTimeField(auto_now_add=True)
    # The learner record (CLR) this badge came in; the badge outlives the record.
    record = models.ForeignKey(
        "LearnerRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="badges",
    )

    objects = BadgeQuerySet.as_manager()

    class Meta:
        ordering = [models.F("issued_on").desc(nulls_last=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "identity_key"], name="one_copy_of_a_badge_per_learner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner_id})"

    def save(self, *args, **kwargs) -> None:
        self.fill_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            changed = set(update_fields)
            derived = {"issuer_key"} if "issuer_identifier" in changed else set()
            derived |= {"search_text"} if changed & set(SEARCHED_FIELDS) else set()
            derived |= {"name_sort"} if "name" in changed else set()
            derived |= {"issuer_sort"} if changed & set(ISSUER_NAME_FIELDS) else set()
            kwargs["update_fields"] = with_rendered(Badge, {*update_fields, *derived})
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """The columns kept from others, for lookups and sorting (``bulk_create`` skips
        ``save()``, so a bulk insert calls this itself)."""
        self.issuer_key = issuer_key(self.issuer_identifier)
        self.search_text = self.searchable_text()
        self.name_sort = fold(self.name)[:500]
        self.issuer_sort = fold(self.issuer.name)[:500]

    def searchable_text(self) -> str:
        tags = " ".join(str(tag) for tag in self.tags or [])
        return fold(" ".join((self.name, self.issuer_name, self.description, tags)))

    @cached_property
    def issuer(self) -> IssuerOfBadge:
        return IssuerOfBadge(
            identifier=self.issuer_identifier,
            stated_name=self.issuer_name,
            url=self.issuer_url,
            email=self.issuer_email,
            description=self.issuer_description,
        )

    @property
    def issuer_confirmed(self) -> bool:
        return self.trust == TrustLevel.ISSUER_CONFIRMED

    @property
    def confirmed_origin(self) -> str:
        """The issuer's web origin the badge is bound to; "" when confirmed otherwise."""
        if not self.issuer_confirmed:
            return ""
        return str(self.verification.get("issuer_origin") or "")

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()


class LearnerRecord(models.Model):
    """A CLR 2.0 learner record as one backpack item: the record as received, what it
    lists, and what verification found. Its verified credentials are ``Badge`` rows."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_records"
    )
    identity_key = models.CharField(max_length=64)
    credential_id = models.CharField(max_length=2000)
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    issuer_identifier = models.CharField(max_length=2000)
    issuer_name = models.CharField(max_length=500, blank=True)
    issuer_url = models.URLField(max_length=2000, blank=True)
    issued_on = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    partial = models.BooleanField(default=False)  # the issuer says the record is not whole
    # [{"id", "name", "description", "achievement_type", "image", "credential_id"}]
    achievements = models.JSONField(default=list, blank=True)
    # [{"type", "source_id", "target_id"}], between achievement ids
    associations = models.JSONField(default=list, blank=True)

    original = models.TextField(help_text="The learner record exactly as received.")
    original_filename = models.CharField(max_length=255, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    document = models.JSONField(default=dict)
    recipient_email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=16, choices=Badge.Status.choices, default=Badge.Status.VERIFIED
    )
    status_reason = models.TextField(blank=True)  # the issuer's, or why it was not checked
    trust = models.CharField(
        max_length=24, choices=TrustLevel.choices, default=TrustLevel.ISSUER_NOT_CONFIRMED
    )
    trust_source = models.CharField(max_length=500, blank=True)
    verification = models.JSONField(default=dict)
    verified_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = [models.F("issued_on").desc(nulls_last=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "identity_key"], name="one_copy_of_a_record_per_learner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner_id})"

    @property
    def issuer_confirmed(self) -> bool:
        return self.trust == TrustLevel.ISSUER_CONFIRMED

    @property
    def confirmed_origin(self) -> str:
        if not self.issuer_confirmed:
            return ""
        return str(self.verification.get("issuer_origin") or "")

    @property
    def recipient_confirmed(self) -> bool:
        return bool(self.recipient_email)


class VerificationCheck(models.Model):
    """One verification of a badge, kept so the learner can see its history."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=Badge.Status.choices)
    method = models.CharField(max_length=32, blank=True)
    # How far the issuer was confirmed by this check; "" for checks recorded before.
    trust = models.CharField(max_length=24, choices=TrustLevel.choices, blank=True)
    detail = models.TextField(blank=True)  # the step log in English, one line a step
    # The same log with each step's message id and parameters (openbadges.log.dump), so it
    # is shown in the reader's language; empty for checks recorded before it was kept.
    steps = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.status} {self.checked_at:%Y-%m-%d %H:%M}"


from badges.import_job_models import ImportItem, ImportJob  # noqa: E402, F401
from badges.notice_models import Notice  # noqa: E402, F401
from badges.organising_models import (  # noqa: E402, F401
    TAG_NAME_MAX_LENGTH,
    Collection,
    CollectionItem,
    Tag,
    tag_key,
)
from badges.skill_models import LearnerSkill, SkillChange, SkillMention  # noqa: E402, F401
