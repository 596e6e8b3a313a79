from django.urls import path

from sharing import views, views_owner, views_public

app_name = "sharing"
urlpatterns = [
    # A public badge, at its unguessable address.
    path("b/<slug:public_id>/", views.badge_page, name="badge"),
    path("b/<slug:public_id>/verify", views.verify_now, name="verify"),
    path("b/<slug:public_id>/image", views.badge_image, name="badge_image"),
    path("b/<slug:public_id>/preview.png", views.badge_preview, name="badge_preview"),
    path("b/<slug:public_id>/credential.json", views.credential_json, name="credential_json"),
    path("b/<slug:public_id>/credential.jws", views.credential_jws, name="credential_jws"),
    path("b/<slug:public_id>/download", views.baked_download, name="download"),
    path("b/<slug:public_id>/qr.png", views.qr_png, name="qr_png"),
    path("b/<slug:public_id>/qr.svg", views.qr_svg, name="qr_svg"),
    path("b/<slug:public_id>/publish", views_owner.publish_badge, name="publish"),
    path("embed/b/<slug:public_id>/", views.embed_badge, name="embed_badge"),
    # A learner's public profile and public collections.
    path("u/<slug:public_slug>/", views_public.profile, name="profile"),
    path("u/<slug:public_slug>/preview.png", views_public.profile_preview, name="profile_preview"),
    path("c/<slug:public_id>/", views_public.collection, name="collection"),
    path(
        "c/<slug:public_id>/preview.png", views_public.collection_preview, name="collection_preview"
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
