"""The Open Badges API's part of "Download my data"."""

from __future__ import annotations

import json
import zipfile

from passport.api.models import Connection, Delivery, HiddenBadge, RemoteConnection


def export_connections(user, archive: zipfile.ZipFile) -> None:
    data = {
        "connected_apps": [
            {
                "platform": c.application.name,
                "scopes": c.scope.split(),
                "connected_at": c.connected_at.isoformat(),
                "last_used_at": c.last_used_at.isoformat(),
            }
            for c in Connection.objects.of(user)
        ],
        "deliveries": [
            {
                "badge": d.badge.credential_id,
                "platform": d.platform_name,
                "delivered_at": d.delivered_at.isoformat(),
                "new_badge": d.created,
            }
            for d in Delivery.objects.filter(badge__owner=user).select_related("badge")
        ],
        # Where the learner imports from; the sealed tokens are Passport's, not exported.
        "imports_from": [
            {
                "host": r.host.name,
                "address": r.host.origin,
                "connected_at": r.connected_at.isoformat(),
                "last_synced_at": r.last_synced_at.isoformat() if r.last_synced_at else None,
            }
            for r in RemoteConnection.objects.of(user)
        ],
        "badges_hidden_from_apps": list(
            HiddenBadge.objects.filter(badge__owner=user).values_list(
                "badge__credential_id", flat=True
            )
        ),
    }
    archive.writestr("connected-apps/connected-apps.json", json.dumps(data, indent=2))
