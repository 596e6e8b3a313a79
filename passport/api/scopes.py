"""The Open Badges APIs' scopes (3.0 and Badge Connect 2.1), and what each lets a platform
do, in plain words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = PREFIX + "credential.readonly"
CREDENTIAL_UPSERT = PREFIX + "credential.upsert"
PROFILE_READ = PREFIX + "profile.readonly"
PROFILE_UPDATE = PREFIX + "profile.update"
OFFLINE = "offline_access"

V2_PREFIX = "https://purl.imsglobal.org/spec/ob/v2p1/scope/"
ASSERTION_READ = V2_PREFIX + "assertion.readonly"
ASSERTION_CREATE = V2_PREFIX + "assertion.create"
V2_PROFILE_READ = V2_PREFIX + "profile.readonly"

OB3 = (CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE)
BADGE_CONNECT = (ASSERTION_READ, ASSERTION_CREATE, V2_PROFILE_READ)
ALL = (*OB3, *BADGE_CONNECT, OFFLINE)

_ADD_BADGES = _(
    "Add badges to your backpack. They are checked like any badge you add, and stay "
    "private until you make them public."
)
_SEE_PROFILE = _("See your display name and your primary e-mail address.")

# What the consent page and "Connected apps" say each scope allows.
PLAIN_WORDS = {
    CREDENTIAL_READ: _(
        "See your Open Badges 3.0 badges, except those you hide from connected apps."
    ),
    CREDENTIAL_UPSERT: _ADD_BADGES,
    PROFILE_READ: _SEE_PROFILE,
    PROFILE_UPDATE: _("Change your display name."),
    ASSERTION_READ: _(
        "See your Open Badges 2.0 badges, except those you hide from connected apps."
    ),
    ASSERTION_CREATE: _ADD_BADGES,
    V2_PROFILE_READ: _SEE_PROFILE,
    OFFLINE: _("Stay connected until you disconnect it, even when you are not signed in."),
}


def split(scope: str) -> list[str]:
    """Scopes of a space-separated string, in Passport's order, known ones only."""
    given = set(scope.split())
    return [name for name in ALL if name in given]


def described(scope: str) -> list[str]:
    """What the scopes allow, each thing said once (both APIs may ask for the same)."""
    return list(dict.fromkeys(str(PLAIN_WORDS[name]) for name in split(scope)))
