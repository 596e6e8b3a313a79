"""What platforms do in a learner's backpack, and what the learner decides about them."""

from __future__ import annotations

from django.utils import timezone

from passport.api.models import Connection


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
