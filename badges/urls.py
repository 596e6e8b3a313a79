from django.urls import path

from badges import views, views_backpack

app_name = "badges"
urlpatterns = [
    path("", views_backpack.gallery, name="gallery"),
    path("add/", views.add_badges, name="add"),
    path("bulk/", views_backpack.bulk, name="bulk"),
    path("skills/", views_backpack.skills, name="skills"),
    path("tags/", views_backpack.tags, name="tags"),
    path("tags/<int:pk>/rename/", views_backpack.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/delete/", views_backpack.tag_delete, name="tag_delete"),
    path("collections/", views_backpack.collections, name="collections"),
    path("collections/new/", views_backpack.collection_create, name="collection_create"),
    path("collections/<int:pk>/", views_backpack.collection_detail, name="collection"),
    path("collections/<int:pk>/edit/", views_backpack.collection_edit, name="collection_edit"),
    path(
        "collections/<int:pk>/delete/", views_backpack.collection_delete, name="collection_delete"
    ),
    path("collections/<int:pk>/add/", views_backpack.collection_add_badges, name="collection_add"),
    path(
        "collections/<int:pk>/visibility/",
        views_backpack.collection_visibility,
        name="collection_visibility",
    ),
    path(
        "collections/<int:pk>/badges/<int:badge_pk>/move/",
        views_backpack.collection_move,
        name="collection_move",
    ),
    path(
        "collections/<int:pk>/badges/<int:badge_pk>/remove/",
        views_backpack.collection_remove,
        name="collection_remove",
    ),
    path("<int:pk>/", views.badge_detail, name="detail"),
    path("<int:pk>/image/", views.badge_image, name="image"),
    path("<int:pk>/verify/", views.badge_verify, name="verify"),
    path("<int:pk>/download/", views.badge_download, name="download"),
    path("<int:pk>/visibility/", views_backpack.badge_visibility, name="visibility"),
    path("<int:pk>/delete/", views_backpack.badge_delete, name="delete"),
    path("<int:pk>/tags/", views_backpack.badge_tags_add, name="tag_add"),
    path("<int:pk>/tags/<int:tag_pk>/remove/", views_backpack.badge_tag_remove, name="tag_remove"),
    path("<int:pk>/collections/", views_backpack.badge_collection_add, name="collection_add_badge"),
]
