from django.urls import path

from passport.accounts import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("privacy/", views.privacy_settings, name="privacy_settings"),
]
