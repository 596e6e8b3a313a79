"""Platforms connected to learners' backpacks, and what they delivered.

The OAuth 2.0 applications, grants and tokens are django-oauth-toolkit's; these models
keep what the Open Badges API adds around them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings

from badges.models import Badge
from passport.api import scopes


class ClientRegistration(models.Model):
    """What a platform said about itself when it registered (RFC 7591)."""

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="registration"
    )
    client_uri = models.URLField(max_length=2000)
    logo_uri = models.URLField(max_length=2000, blank=True)
    tos_uri = models.URLField(max_length=2000, blank=True)
    policy_uri = models.URLField(max_length=2000, blank=True)
    software_id = models.CharField(max_length=200, blank=True)
    software_version = models.CharField(max_length=100, blank=True)
    contacts = models.JSONField(default=list, blank=True)
    scope = models.TextField(help_text="The scopes the platform may ask learners for.")
    token_endpoint_auth_method = models.CharField(max_length=32)
    registered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.application.name

    @property
    def allowed_scopes(self) -> list[str]:
        return scopes.split(self.scope)


class ConnectionQuerySet(models.QuerySet):
    def of(self, user) -> ConnectionQuerySet:
        return self.filter(user=user).select_related("application__registration")


class Connection(models.Model):
    """A platform a learner let in: what it may do and when it last did something."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_connections"
    )
    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="connections"
    )
    scope = models.TextField()
    connected_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_used_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "application"], name="one_connection_per_platform"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.user_id}"

    @property
    def described_scopes(self) -> list[str]:
        return scopes.described(self.scope)


class Delivery(models.Model):
    """One credential a platform delivered into a learner's backpack."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="deliveries")
    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
    )
    # Kept so the badge still says who delivered it after the platform is removed.
    platform_name = models.CharField(max_length=255)
    delivered_at = models.DateTimeField(default=timezone.now)
    created = models.BooleanField(help_text="False when the learner already had the credential.")
    seen = models.BooleanField(default=False)

    class Meta:
        ordering = ["-delivered_at", "-pk"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.platform_name}: {self.badge_id}"


class HiddenBadge(models.Model):
    """A badge the learner keeps from every connected platform."""

    badge = models.OneToOneField(Badge, on_delete=models.CASCADE, related_name="hidden_from_apps")
    hidden_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.badge_id)


# The consumer's models live beside its code; importing them here registers them.
from passport.api.consumer.models import RemoteConnection, RemoteHost  # noqa: E402, F401
