"""Remote hosts Passport registered with, and learners' connections to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from passport.api.consumer import sealing


class RemoteHost(models.Model):
    """Another backpack or platform with an OB 3.0 API; one registration per origin."""

    origin = models.CharField(max_length=300, unique=True)
    name = models.CharField(max_length=200)
    discovery_url = models.URLField(max_length=2000)
    api_base = models.URLField(max_length=2000)
    authorization_url = models.URLField(max_length=2000)
    token_url = models.URLField(max_length=2000)
    scope = models.TextField(help_text="The scopes Passport registered for.")
    client_id = models.CharField(max_length=500)
    sealed_client_secret = models.TextField(blank=True)
    registered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    @property
    def client_secret(self) -> str:
        return sealing.unseal(self.sealed_client_secret)


class RemoteConnectionQuerySet(models.QuerySet):
    def of(self, user) -> RemoteConnectionQuerySet:
        return self.filter(user=user).select_related("host")


class RemoteConnection(models.Model):
    """A learner's tokens at a remote host, and when their badges were last imported."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="remote_connections"
    )
    host = models.ForeignKey(RemoteHost, on_delete=models.CASCADE, related_name="connections")
    scope = models.TextField(blank=True)
    sealed_access_token = models.TextField(blank=True)
    sealed_refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(default=timezone.now)
    last_synced_at = models.DateTimeField(null=True, blank=True)

    objects = RemoteConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["host__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "host"], name="one_remote_connection_per_host")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.host_id}"

    @property
    def access_token(self) -> str:
        return sealing.unseal(self.sealed_access_token)

    @property
    def refresh_token(self) -> str:
        return sealing.unseal(self.sealed_refresh_token)
