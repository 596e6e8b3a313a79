from django.contrib import admin

from badges.models import (
    Badge,
    Collection,
    CollectionItem,
    LearnerRecord,
    Tag,
    VerificationCheck,
)


class VerificationCheckInline(admin.TabularInline):
    model = VerificationCheck
    extra = 0
    # The log as its English lines; ``steps`` holds the same with ids, for translation.
    fields = readonly_fields = ("checked_at", "status", "method", "detail")


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("name", "issuer_name", "owner", "spec", "status", "trust", "issued_on")
    list_filter = ("status", "trust", "spec", "visibility")
    search_fields = ("name", "issuer_name", "owner__email", "credential_id")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    inlines = [VerificationCheckInline]


@admin.register(LearnerRecord)
class LearnerRecordAdmin(admin.ModelAdmin):
    list_display = ("name", "issuer_name", "owner", "status", "trust", "issued_on")
    list_filter = ("status", "trust")
    search_fields = ("name", "issuer_name", "owner__email", "credential_id")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)


# --- The learner's organisation of their backpack ------------------------------------------


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at")
    search_fields = ("name", "owner__email")
    list_select_related = ("owner",)
    raw_id_fields = ("owner", "badges")


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ("badge",)


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "visibility", "updated_at")
    list_filter = ("visibility",)
    search_fields = ("name", "owner__email", "public_id")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    inlines = [CollectionItemInline]
