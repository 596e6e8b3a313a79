from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Sharing")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from badges import extensions
        from badges.models import Badge, Collection
        from passport import privacy
        from sharing import cleanup, panels

        extensions.contribute_panel("share", panels.owner_share_panel)
        privacy.register_erasure(cleanup.erase_previews)
        post_delete.connect(cleanup.badge_deleted, sender=Badge, dispatch_uid="sharing-badge")
        post_delete.connect(
            cleanup.collection_deleted, sender=Collection, dispatch_uid="sharing-collection"
        )
