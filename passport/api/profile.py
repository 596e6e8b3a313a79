"""The learner as an Open Badges ``Profile``: their display name and primary address."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from passport.accounts.models import User

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Profile ids are stable per learner and reveal nothing (no address, no database id).
_NAMESPACE = uuid.UUID("8f0c2f4e-5d0a-4b8e-9a55-2f1f8c7a3b10")
NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length


def profile_of(user: User) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "@context": [OB3_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid5(_NAMESPACE, user.public_slug)}",
        "type": "Profile",
    }
    if user.display_name:
        profile["name"] = user.display_name
    primary = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    if primary:
        profile["email"] = primary.email
    return profile


def update_profile(user: User, data: Any) -> str:
    """Take the display name from a ``Profile``; the problem in words, or "" when saved.

    Only the name changes: e-mail addresses are verified through Passport itself.
    """
    if not isinstance(data, dict):
        return _("The body must be a Profile object.")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return _("The Profile needs a name (the learner's display name).")
    name = " ".join(name.split())
    if len(name) > NAME_MAX_LENGTH:
        return _("The name must be at most %(count)d characters.") % {"count": NAME_MAX_LENGTH}
    user.display_name = name
    user.save(update_fields=["display_name"])
    return ""
