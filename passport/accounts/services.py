"""What the accounts app does with a learner's data: profile, avatar, export, deletion."""

from __future__ import annotations

import json
import logging
import zipfile

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import logout
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from passport import privacy
from passport.accounts import audit
from passport.accounts.forms import ProfileForm
from passport.accounts.models import User

logger = logging.getLogger(__name__)


# --- Profile ------------------------------------------------------------------------


def save_profile(form: ProfileForm) -> User:
    """Save a valid profile form; a replaced or removed avatar file leaves storage."""
    user: User = form.instance
    old_avatar = user.avatar.name
    new_avatar = form.cleaned_data.get("avatar")
    with transaction.atomic():
        if new_avatar:
            user.avatar.save(new_avatar.name, new_avatar, save=False)
        elif form.cleaned_data.get("remove_avatar"):
            user.avatar = ""
        user = form.save()
        if old_avatar and old_avatar != user.avatar.name:
            transaction.on_commit(lambda: _delete_file(old_avatar))
    return user


def _delete_file(name: str) -> None:
    storage = User._meta.get_field("avatar").storage
    try:
        storage.delete(name)
    except OSError:
        # The row no longer points at it; a stray file must not break the learner's request.
        logger.warning("Could not delete stored file %s", name, exc_info=True)


# --- Export and erasure (registered in AccountsConfig.ready) -------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_data(user: User) -> dict:
    """What the accounts app holds about ``user``, as plain JSON-ready data."""
    from allauth.socialaccount.models import SocialAccount

    return {
        "format": "passport-account-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "has_password": user.has_usable_password(),
            "is_active": user.is_active,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "consents": [
            {"policy_version": c.policy_version, "accepted_at": _iso(c.accepted_at)}
            for c in user.consents.order_by("accepted_at")
        ],
        "profile": {
            "display_name": user.display_name,
            "bio": user.bio,
            "preferred_language": user.preferred_language,
            "profile_is_public": user.profile_is_public,
            "public_slug": user.public_slug,
            "avatar": "avatar.png" if user.avatar else None,
        },
        "social_accounts": [
            {
                "provider": s.provider,
                "uid": s.uid,
                "date_joined": _iso(s.date_joined),
                "last_login": _iso(s.last_login),
                "data": s.extra_data,
            }
            for s in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "security_activity": audit.export(user),
    }


def export_account(user: User, archive: zipfile.ZipFile) -> None:
    data = json.dumps(account_data(user), indent=2, ensure_ascii=False)
    archive.writestr("account.json", data)
    if user.avatar:
        try:
            with user.avatar.open("rb") as avatar:
                archive.writestr("avatar.png", avatar.read())
        except FileNotFoundError:
            # A lost file must not cost the learner the rest of their data.
            logger.warning("Avatar file of user %s is missing", user.pk)


def erase_avatar(user: User) -> None:
    if user.avatar:
        _delete_file(user.avatar.name)


# --- Account deletion -----------------------------------------------------------------


def _farewell_message(user: User) -> EmailMessage | None:
    """The deletion confirmation, written in the learner's language to their primary address."""
    primary = EmailAddress.objects.filter(user=user, primary=True).first()
    address = primary.email if primary else user.email
    if not address:
        return None
    context = {"user": user, "email": address}
    with translation.override(user.preferred_language or translation.get_language()):
        subject = render_to_string("accounts/email/account_deleted_subject.txt", context)
        body = render_to_string("accounts/email/account_deleted_message.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def delete_account(request: HttpRequest, user: User) -> None:
    """Erase the learner and everything they stored, log them out, confirm by e-mail.

    The confirmation is written while their address and language are still known,
    and sent only once the deletion has succeeded.
    """
    farewell = _farewell_message(user)
    privacy.erase_account(user)
    logout(request)
    if farewell is None:
        return
    try:
        farewell.send()
    except Exception:
        # The account is already gone: a mail server hiccup must neither undo that
        # nor show the learner an error page.
        logger.exception("Could not send the account deletion confirmation")
