from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from passport import privacy
from passport.accounts.models import Consent, User


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ("policy_version", "accepted_at")
    can_delete = False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "display_name", "is_active", "is_staff", "date_joined")
    search_fields = ("email", "display_name", "emailaddress__email")
    list_filter = ("is_active", "is_staff", "profile_is_public")
    inlines = [ConsentInline]
    # Avatars only come in through the profile page, which checks and re-encodes them.
    readonly_fields = ("avatar", "public_slug", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "bio",
                    "avatar",
                    "preferred_language",
                    "profile_is_public",
                    "public_slug",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def delete_model(self, request, obj: User) -> None:
        # The same path as a learner's own deletion: every app's stored files go too.
        privacy.erase_account(obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            privacy.erase_account(user)
