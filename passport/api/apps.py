from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The Open Badges API: platforms deliver and read a learner's badges with consent."""

    name = "passport.api"
    label = "api"

    def ready(self) -> None:
        from oauth2_provider.signals import app_authorized

        from badges import extensions
        from passport import privacy
        from passport.api import data_rights, panels, services
        from passport.web import fragmentcache

        app_authorized.connect(services.record_authorization, dispatch_uid="api-connection")
        fragmentcache.PAGE_KEYS.append(services.unseen_keys)
        privacy.register_export(data_rights.export_connections)
        extensions.contribute_panel("share", panels.connected_apps_panel)
