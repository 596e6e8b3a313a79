"""The Open Badges API's part of "Download my data"."""

from __future__ import annotations

import json
import zipfile

from passport.api.models import Connection, Delivery, HiddenBadge


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
        "badges_hidden_from_apps": list(
            HiddenBadge.objects.filter(badge__owner=user).values_list(
                "badge__credential_id", flat=True
            )
        ),
    }
    archive.writestr("connected-apps/connected-apps.json", json.dumps(data, indent=2))
