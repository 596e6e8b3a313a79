from django.contrib import admin

from pages.models import LearnerEvidence


@admin.register(LearnerEvidence)
class LearnerEvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "badge", "hidden", "created_at")
    list_filter = ("hidden",)
    search_fields = ("title", "badge__owner__email", "badge__name")
    list_select_related = ("badge", "badge__owner")
    raw_id_fields = ("badge", "page", "file_block")
