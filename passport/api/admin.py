from django.contrib import admin

from passport.api.models import ClientRegistration, Connection, Delivery


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
