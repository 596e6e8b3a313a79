"""Telling the learner when one of their badges is revoked or expires, and more.

An e-mail in the learner's own language, once per change, and a notice in the backpack
until they dismiss it, unless they turned it off in their profile. A mail server that
fails or is slow never fails the check that found the change: the badge's page shows
the new status anyway.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from badges.models import Badge, Notice

logger = logging.getLogger(__name__)
NOTIFIED_STATUSES = (Badge.Status.REVOKED, Badge.Status.EXPIRED)


def notify_status_change(badge: Badge) -> bool:
    """E-mail the owner that ``badge`` is now revoked or expired; True when sent."""
    owner = badge.owner
    if not owner.notify_badge_changes:
        return False
    add_notice(owner, badge.status, badge=badge)
    if not owner.email:
        return False
    url = settings.SITE_URL + reverse("badges:detail", args=[badge.pk])
    context = {"badge": badge, "learner": owner, "url": url}
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("badges/email/status_subject.txt", context).strip()
        body = render_to_string("badges/email/status_message.txt", context)
    try:
        send_mail(f"[Passport] {subject}", body, None, [owner.email])
    except Exception:  # a mail outage must not undo or fail the check itself
        logger.warning("Could not e-mail %s about badge %s", owner.pk, badge.pk, exc_info=True)
        return False
    return True


def notify_delivery(badge: Badge, platform: str) -> bool:
    """A notice and an e-mail that ``platform`` delivered ``badge``; True when mailed.

    Both follow the learner's "deliveries" setting."""
    owner = badge.owner
    if not owner.notify_deliveries:
        return False
    add_notice(owner, Notice.Kind.DELIVERED, badge=badge, detail=platform)
    if not owner.email:
        return False
    url = settings.SITE_URL + reverse("badges:detail", args=[badge.pk])
    context = {"badge": badge, "learner": owner, "url": url, "platform": platform}
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("badges/email/delivered_subject.txt", context).strip()
        body = render_to_string("badges/email/delivered_message.txt", context)
    try:
        send_mail(f"[Passport] {subject}", body, None, [owner.email])
    except Exception:  # the delivery itself stands; the notice tells the learner anyway
        logger.warning("Could not e-mail %s about delivery %s", owner.pk, badge.pk, exc_info=True)
        return False
    return True


def add_notice(owner, kind: str, **links) -> Notice:
    """A notice shown in the backpack on the learner's next visit, until dismissed."""
    return Notice.objects.create(owner=owner, kind=kind, **links)
