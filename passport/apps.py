from django.apps import AppConfig


class PassportConfig(AppConfig):
    """The project package as an app, for its template tags and system checks."""

    name = "passport"

    def ready(self) -> None:
        from passport import (
            checks,  # noqa: F401  (registers them)
            privacy,
            public_versions,
        )
        from passport.templatetags import passport_tags
        from passport.web import fragmentcache

        public_versions.connect()
        fragmentcache.PAGE_KEYS.append(passport_tags.header_keys)
        privacy.register_erasure(fragmentcache.forget_learner)
