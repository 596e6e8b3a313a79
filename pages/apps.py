from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from badges import extensions
        from pages import data_rights, files, views_evidence
        from pages.models import Block, Page
        from passport import privacy

        extensions.contribute_panel("evidence", views_evidence.evidence_panel)
        extensions.contribute_export("my_evidence", data_rights.evidence_by_badge)
        privacy.register_export(data_rights.export_pages)
        privacy.register_erasure(data_rights.erase_page_files)
        post_delete.connect(files.block_deleted, sender=Block, dispatch_uid="pages-block-file")
        post_delete.connect(files.page_deleted, sender=Page, dispatch_uid="pages-cover")
