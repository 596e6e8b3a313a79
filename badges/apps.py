from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from badges import data_rights
        from badges.models import Badge
        from badges.services import gallery, skills
        from badges.skill_models import reindex_saved_badge
        from passport import privacy

        post_save.connect(reindex_saved_badge, sender=Badge, dispatch_uid="badge-skills")
        skills.connect()

        privacy.register_export(data_rights.export_badges)
        privacy.register_export(data_rights.export_records)
        privacy.register_erasure(data_rights.erase_badge_files)
        privacy.register_erasure(skills.forget_kept_skills)
        privacy.register_erasure(gallery.forget_kept_issuers)
