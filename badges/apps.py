from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"

    def ready(self) -> None:
        from badges import data_rights
        from badges.services import gallery, skills
        from passport import privacy

        skills.connect()

        privacy.register_export(data_rights.export_badges)
        privacy.register_export(data_rights.export_records)
        privacy.register_erasure(data_rights.erase_badge_files)
        privacy.register_erasure(gallery.forget_kept_issuers)
