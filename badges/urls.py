from django.urls import path

from badges.views import (
    badge,
    bulk,
    collections,
    detail,
    gallery,
    importing,
    records,
    skills,
    tags,
)

app_name = "badges"
urlpatterns = [
    path("", gallery.gallery, name="gallery"),
    path("add/", importing.add_badges, name="add"),
    path("add/sample/", importing.add_sample, name="add_sample"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("skills/", skills.skills, name="skills"),
    path("tags/", tags.tags, name="tags"),
    path("tags/<int:pk>/rename/", tags.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/delete/", tags.tag_delete, name="tag_delete"),
    path("collections/", collections.collections, name="collections"),
    path("collections/new/", collections.collection_create, name="collection_create"),
    path("collections/<int:pk>/", collections.collection_detail, name="collection"),
    path("collections/<int:pk>/edit/", collections.collection_edit, name="collection_edit"),
    path("collections/<int:pk>/delete/", collections.collection_delete, name="collection_delete"),
    path("collections/<int:pk>/add/", collections.collection_add_badges, name="collection_add"),
    path(
        "collections/<int:pk>/visibility/",
        collections.collection_visibility,
        name="collection_visibility",
    ),
    path(
        "collections/<int:pk>/badges/<int:badge_pk>/move/",
        collections.collection_move,
        name="collection_move",
    ),
    path(
        "collections/<int:pk>/badges/<int:badge_pk>/remove/",
        collections.collection_remove,
        name="collection_remove",
    ),
    path("records/<int:pk>/", records.record_detail, name="record"),
    path("records/<int:pk>/delete/", records.record_delete, name="record_delete"),
    path("records/<int:pk>/verify/", records.record_verify, name="record_verify"),
    path("<int:pk>/", detail.badge_detail, name="detail"),
    path("<int:pk>/image/", detail.badge_image, name="image"),
    path("<int:pk>/verify/", detail.badge_verify, name="verify"),
    path("<int:pk>/check-status/", detail.badge_check_status, name="check_status"),
    path("<int:pk>/download/", detail.badge_download, name="download"),
    path("<int:pk>/visibility/", badge.badge_visibility, name="visibility"),
    path("<int:pk>/delete/", badge.badge_delete, name="delete"),
    path("<int:pk>/tags/", badge.badge_tags_add, name="tag_add"),
    path("<int:pk>/tags/<int:tag_pk>/remove/", badge.badge_tag_remove, name="tag_remove"),
    path("<int:pk>/collections/", badge.badge_collection_add, name="collection_add_badge"),
]
