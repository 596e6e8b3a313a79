"""What platforms do in a learner's backpack, and what the learner decides about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import (
    get_access_token_model,
    get_grant_model,
    get_refresh_token_model,
)

from badges import notices
from badges.models import Badge
from badges.services import ImportOutcome, ImportSource, import_badges
from passport.api.models import Connection, Delivery, HiddenBadge
from passport.web import pagecache

# A connection's "last use" is written at most this often, not on every request.
TOUCH_EVERY = timedelta(minutes=1)
UNSEEN_TIMEOUT = 60 * 60 * 24 * 90


# --- connections --------------------------------------------------------------------


def record_authorization(sender, request, token, **kwargs) -> None:
    """Keep the learner's connection to the platform whenever it gets a token."""
    if token is None or token.user_id is None:
        return
    now = timezone.now()
    connection, created = Connection.objects.get_or_create(
        user_id=token.user_id,
        application_id=token.application_id,
        defaults={"scope": token.scope, "connected_at": now, "last_used_at": now},
    )
    if not created:
        connection.scope = token.scope
        connection.last_used_at = now
        connection.save(update_fields=["scope", "last_used_at"])


def touch(token) -> None:
    now = timezone.now()
    Connection.objects.filter(
        user_id=token.user_id,
        application_id=token.application_id,
        last_used_at__lt=now - TOUCH_EVERY,
    ).update(last_used_at=now)


@transaction.atomic
def disconnect(user, connection: Connection) -> None:
    """Revoke every grant and token the platform holds for ``user``; deliveries stay."""
    application_id = connection.application_id
    for refresh in get_refresh_token_model().objects.filter(
        user=user, application_id=application_id, revoked__isnull=True
    ):
        refresh.revoke()
    get_access_token_model().objects.filter(user=user, application_id=application_id).delete()
    get_grant_model().objects.filter(user=user, application_id=application_id).delete()
    connection.delete()


# --- credentials ----------------------------------------------------------------------


def credentials_for(user, since: datetime | None = None, *, spec: str = "3.0"):
    """The learner's badges of ``spec`` a platform may read, oldest arrival first."""
    badges = Badge.objects.owned_by(user).filter(spec=spec, hidden_from_apps__isnull=True)
    if since is not None:
        badges = badges.filter(imported_at__gte=since)
    return badges.order_by("imported_at", "pk").only("pk", "original", "imported_at")


@dataclass(frozen=True)
class Upsert:
    """What became of a delivered credential: 201, 200, or refused (``outcome.code``)."""

    outcome: ImportOutcome
    badge: Badge | None
    created: bool


def deliver(user, application, text: str) -> Upsert:
    """Import ``text`` for ``user`` as any upload would be, and record the delivery.

    The same credential again (issuer id and id) is answered with the learner's stored
    copy, unchanged: a badge's data is only ever replaced by re-verification.
    """
    source = ImportSource.from_text(text, label=application.name)
    # The OB 3.0 API carries badges, one per request; a CLR learner record is refused.
    (outcome,) = import_badges(user, [source], records=False)
    if outcome.ok:
        badge = outcome.badge
        if badge.visibility != Badge.Visibility.PRIVATE:
            badge.visibility = Badge.Visibility.PRIVATE
            badge.save(update_fields=["visibility"])
        _record(badge, application, created=True)
        notices.notify_delivery(badge, application.name)
        cache.set(_unseen_key(user.pk), True, timeout=UNSEEN_TIMEOUT)
        return Upsert(outcome, badge, created=True)
    if outcome.code == "duplicate" and outcome.existing is not None:
        _record(outcome.existing, application, created=False)
        return Upsert(outcome, outcome.existing, created=False)
    return Upsert(outcome, None, created=False)


def _record(badge: Badge, application, *, created: bool) -> Delivery:
    return Delivery.objects.create(
        badge=badge,
        application=application,
        platform_name=application.name[:255],
        created=created,
        seen=not created,
    )


# --- what the learner sees and decides ------------------------------------------------


def _unseen_key(user_id: int) -> str:
    return f"api-unseen:{user_id}"


def unseen_keys(request) -> list[str]:
    """The cache key the news of deliveries reads on a signed-in page (read ahead)."""
    user = getattr(request, "user", None)
    return [_unseen_key(user.pk)] if user is not None and user.is_authenticated else []


def take_unseen_deliveries(user) -> list[Delivery]:
    """New deliveries the learner has not been told about, marked as told.

    A flag in the cache says whether to look, so the gallery costs no query when
    nothing was delivered; the deliveries themselves stay marked on each badge.
    """
    if not pagecache.fetched([_unseen_key(user.pk)]).get(_unseen_key(user.pk)):
        return []
    cache.delete(_unseen_key(user.pk))
    deliveries = list(
        Delivery.objects.filter(badge__owner=user, seen=False, created=True)
        .select_related("badge")
        .order_by("delivered_at", "pk")
    )
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(seen=True)
    return deliveries


def first_delivery(badge: Badge) -> Delivery | None:
    return badge.deliveries.filter(created=True).order_by("delivered_at", "pk").first()


def set_hidden_from_apps(badge: Badge, hidden: bool) -> None:
    if hidden:
        HiddenBadge.objects.get_or_create(badge=badge)
    else:
        HiddenBadge.objects.filter(badge=badge).delete()
