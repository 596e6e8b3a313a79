from django.contrib import admin

from passport.api.models import (
    ClientRegistration,
    Connection,
    Delivery,
    RemoteConnection,
    RemoteHost,
)


@admin.register(ClientRegistration)
class ClientRegistrationAdmin(admin.ModelAdmin):
    list_display = ["application", "client_uri", "software_id", "registered_at"]
    search_fields = ["application__name", "client_uri", "software_id"]
    readonly_fields = ["application", "registered_at"]


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["application", "user", "connected_at", "last_used_at"]
    raw_id_fields = ["user", "application"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["platform_name", "badge", "delivered_at", "created", "seen"]
    raw_id_fields = ["badge", "application"]


@admin.register(RemoteHost)
class RemoteHostAdmin(admin.ModelAdmin):
    """Hosts Passport registered with; the sealed secret is never shown or edited."""

    list_display = ["name", "origin", "registered_at"]
    search_fields = ["name", "origin"]
    exclude = ["sealed_client_secret"]
    readonly_fields = ["origin", "client_id", "registered_at"]


@admin.register(RemoteConnection)
class RemoteConnectionAdmin(admin.ModelAdmin):
    list_display = ["host", "user", "connected_at", "last_synced_at"]
    raw_id_fields = ["user", "host"]
    exclude = ["sealed_access_token", "sealed_refresh_token"]
    readonly_fields = ["host", "user", "scope", "expires_at", "connected_at", "last_synced_at"]
