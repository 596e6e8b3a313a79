from django.apps import AppConfig


class PassportConfig(AppConfig):
    """The project package as an app, for its template tags."""

    name = "passport"
