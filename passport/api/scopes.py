"""The Open Badges 3.0 API's scopes, and what each lets a platform do, in plain words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = PREFIX + "credential.readonly"
CREDENTIAL_UPSERT = PREFIX + "credential.upsert"
PROFILE_READ = PREFIX + "profile.readonly"
PROFILE_UPDATE = PREFIX + "profile.update"
OFFLINE = "offline_access"

ALL = (CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE, OFFLINE)

# What the consent page and "Connected apps" say each scope allows.
PLAIN_WORDS = {
    CREDENTIAL_READ: _(
        "See your Open Badges 3.0 badges, except those you hide from connected apps."
    ),
    CREDENTIAL_UPSERT: _(
        "Add badges to your backpack. They are checked like any badge you add, and stay "
        "private until you make them public."
    ),
    PROFILE_READ: _("See your display name and your primary e-mail address."),
    PROFILE_UPDATE: _("Change your display name."),
    OFFLINE: _("Stay connected until you disconnect it, even when you are not signed in."),
}


def split(scope: str) -> list[str]:
    """Scopes of a space-separated string, in Passport's order, known ones only."""
    given = set(scope.split())
    return [name for name in ALL if name in given]


def described(scope: str) -> list[str]:
    return [str(PLAIN_WORDS[name]) for name in split(scope)]
