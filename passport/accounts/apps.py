from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "passport.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from passport import privacy
        from passport.accounts import exports, services, signals  # noqa: F401

        privacy.register_export(services.export_account)
        privacy.register_erasure(services.erase_avatar)
        privacy.register_erasure(exports.erase_exports)
