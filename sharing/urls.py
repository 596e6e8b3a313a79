from django.urls import path

from sharing import views_badge, views_collection, views_owner, views_profile

app_name = "sharing"
urlpatterns = [
    # A public badge, at its unguessable address.
    path("b/<slug:public_id>/", views_badge.badge_page, name="badge"),
    path("b/<slug:public_id>/verify", views_badge.verify_now, name="verify"),
    path("b/<slug:public_id>/image", views_badge.badge_image, name="badge_image"),
    path("b/<slug:public_id>/preview.png", views_badge.badge_preview, name="badge_preview"),
    path("b/<slug:public_id>/credential.json", views_badge.credential_json, name="credential_json"),
    path("b/<slug:public_id>/credential.jws", views_badge.credential_jws, name="credential_jws"),
    path("b/<slug:public_id>/download", views_badge.baked_download, name="download"),
    path("b/<slug:public_id>/qr.png", views_badge.qr_png, name="qr_png"),
    path("b/<slug:public_id>/qr.svg", views_badge.qr_svg, name="qr_svg"),
    path("b/<slug:public_id>/publish", views_owner.publish_badge, name="publish"),
    path("embed/b/<slug:public_id>/", views_badge.embed_badge, name="embed_badge"),
    # A learner's public profile and public collections.
    path("u/<slug:public_slug>/", views_profile.profile, name="profile"),
    path("u/<slug:public_slug>/preview.png", views_profile.profile_preview, name="profile_preview"),
    path("c/<slug:public_id>/", views_collection.collection, name="collection"),
    path(
        "c/<slug:public_id>/preview.png",
        views_collection.collection_preview,
        name="collection_preview",
    ),
    # The learner's own sharing settings.
    path("sharing/", views_owner.settings_page, name="settings"),
    path("sharing/links/", views_owner.contact_link_add, name="contact_link_add"),
    path(
        "sharing/links/<int:pk>/delete/",
        views_owner.contact_link_delete,
        name="contact_link_delete",
    ),
]
