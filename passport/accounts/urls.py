from django.urls import path

from passport.accounts import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("avatar/<slug:public_slug>/", views.avatar, name="avatar"),
    path("security/", views.security_activity, name="security_activity"),
    path("privacy/", views.privacy_settings, name="privacy_settings"),
    path("privacy/export/", views.privacy_export, name="privacy_export"),
    path("privacy/export/<int:pk>/", views.privacy_export_download, name="privacy_export_download"),
    path("delete/", views.delete_account, name="delete_account"),
]
