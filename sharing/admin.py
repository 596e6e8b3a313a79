from django.contrib import admin

from sharing.models import ContactLink


@admin.register(ContactLink)
class ContactLinkAdmin(admin.ModelAdmin):
    """Operators can find and remove a link reported as abusive."""

    list_display = ("label", "url", "user")
    search_fields = ("label", "url", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
