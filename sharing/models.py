"""What sharing keeps: the learner's contact links and a bare count of views per public link."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from badges.models import Badge, Collection, OwnedQuerySet

MAX_CONTACT_LINKS = 10


class ContactLinkQuerySet(OwnedQuerySet):
    owner_field = "user"


class ContactLink(models.Model):
    """A link the learner chose to show on their public profile (portfolio, LinkedIn, site)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_links"
    )
    label = models.CharField(_("label"), max_length=60)
    url = models.URLField(
        _("address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    position = models.PositiveIntegerField(default=0)

    objects = ContactLinkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class ShareStats(models.Model):
    """How many times one public page was opened: a number, and nothing about who opened it.

    Exactly one of ``badge``, ``collection`` and ``profile`` is set; the row goes with it.
    """

    badge = models.OneToOneField(
        Badge, null=True, blank=True, on_delete=models.CASCADE, related_name="share_stats"
    )
    collection = models.OneToOneField(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="share_stats"
    )
    profile = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_stats",
    )
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "share stats"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(badge__isnull=False, collection__isnull=True, profile__isnull=True)
                    | Q(badge__isnull=True, collection__isnull=False, profile__isnull=True)
                    | Q(badge__isnull=True, collection__isnull=True, profile__isnull=False)
                ),
                name="share_stats_counts_exactly_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.views} views"


# With a shared cache, views are counted there and written in batches: one UPDATE for
# every VIEW_BATCH views instead of one per view keeps a public page served from the page
# cache nearly free of database writes. A cache that loses its keys loses fewer than
# VIEW_BATCH views of each page: a statistic, not a record. Without one (or with Redis
# away) each view is an UPDATE.
VIEW_BATCH = 50
PENDING_TIMEOUT = 30 * 24 * 3600  # a counter of a page no one opens again goes in time


def count_view(**target) -> None:
    """Add one view to the counter of ``badge=…``, ``collection=…`` or ``profile=…`` (the
    thing or its id: a page served from the cache has only the id)."""
    ViewCounter(**target)()


class ViewCounter:
    """One view of a badge, collection or profile, to be counted. A kept page counts it
    in the round trip that fetches the page (``passport.web.pagecache``): it sends
    ``key`` along and hands the count back to ``counted()``."""

    timeout = PENDING_TIMEOUT

    def __init__(self, **target) -> None:
        self.target = _by_id(target)
        self.key = _pending_key(self.target)

    def __call__(self) -> None:
        """Count the view now, on its own."""
        self.counted(_count_pending(self.key) if settings.PUBLIC_PAGE_CACHE else None)

    def counted(self, pending: int | None) -> None:
        """The cache holds ``pending`` views after this one (None: no cache to hold them)."""
        if pending is None:
            _add_views(self.target, 1)
        elif pending % VIEW_BATCH == 0:  # exactly one request sees each multiple, and writes it
            _add_views(self.target, VIEW_BATCH)


def _count_pending(key: str) -> int | None:
    """The pending views after this one; None when the cache is away."""
    if hasattr(cache, "count"):  # passport.web.cache.SafeRedisCache: one round trip
        return cache.count(key, PENDING_TIMEOUT)
    try:
        cache.add(key, 0, timeout=PENDING_TIMEOUT)
        return cache.incr(key)
    except ValueError:
        return None


def views_of(**target) -> int:
    target = _by_id(target)
    stored = ShareStats.objects.filter(**target).values_list("views", flat=True).first() or 0
    if not settings.PUBLIC_PAGE_CACHE:
        return stored
    return stored + (cache.get(_pending_key(target)) or 0) % VIEW_BATCH


def _by_id(target: dict) -> dict[str, int]:
    ((kind, thing),) = target.items()
    return {f"{kind}_id": getattr(thing, "pk", thing)}


def _pending_key(target: dict) -> str:
    ((field, thing_id),) = target.items()
    return f"share-views:{field.removesuffix('_id')}:{thing_id}"


def _add_views(target: dict, count: int) -> None:
    """One UPDATE once the row exists. The first view creates the row (a concurrent
    first view is harmless: the insert is ignored and the UPDATE counts both)."""
    rows = ShareStats.objects.filter(**target)
    if rows.update(views=F("views") + count):
        return
    ShareStats.objects.bulk_create([ShareStats(**target)], ignore_conflicts=True)
    rows.update(views=F("views") + count)
