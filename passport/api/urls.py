"""The OAuth 2.0 server (django-oauth-toolkit's namespace) and the Open Badges API."""

from django.urls import include, path, re_path
from oauth2_provider import views as oauth_views

from passport.api import oauth, views, views_account, views_oauth, views_v2p1
from passport.api.consumer import views as consumer

# DOT reverses its own views by the "oauth2_provider" namespace.
oauth_patterns = [
    path(
        ".well-known/oauth-authorization-server",
        oauth_views.OAuthServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
    path("oauth/authorize/", oauth.ConsentView.as_view(), name="authorize"),
    path("oauth/token/", oauth_views.TokenView.as_view(), name="token"),
    path("oauth/revoke/", oauth_views.RevokeTokenView.as_view(), name="revoke-token"),
]

api_patterns = [
    path("oauth/register/", views_oauth.register, name="register"),
    path("ims/ob/v3p0/discovery", views.discovery, name="discovery"),
    path("ims/ob/v3p0/credentials", views.credentials, name="credentials"),
    path("ims/ob/v3p0/profile", views.profile, name="profile"),
    re_path(r"^ims/ob/v3p0/(?P<rest>.*)$", views.not_found),
    path(".well-known/badgeconnect.json", views_v2p1.manifest, name="badgeconnect_manifest"),
    path("ims/ob/v2p1/assertions", views_v2p1.assertions, name="v2p1_assertions"),
    path("ims/ob/v2p1/profile", views_v2p1.profile, name="v2p1_profile"),
    re_path(r"^ims/ob/v2p1/(?P<rest>.*)$", views_v2p1.not_found),
    path("accounts/connected-apps/", views_account.connected_apps, name="connected_apps"),
    path(
        "accounts/connected-apps/<int:pk>/disconnect/",
        views_account.disconnect,
        name="disconnect",
    ),
    path("accounts/connected-apps/import/", consumer.connect, name="consumer_connect"),
    path(
        "accounts/connected-apps/import/callback/",
        consumer.callback,
        name="consumer_callback",
    ),
    path(
        "accounts/connected-apps/import/<int:pk>/sync/",
        consumer.sync_now,
        name="consumer_sync",
    ),
    path(
        "accounts/connected-apps/import/<int:pk>/disconnect/",
        consumer.disconnect,
        name="consumer_disconnect",
    ),
    path(
        "badges/<int:pk>/connected-apps/",
        views_account.badge_hidden_from_apps,
        name="badge_hidden",
    ),
]

urlpatterns = [
    path("", include((oauth_patterns, "oauth2_provider"))),
    path("", include((api_patterns, "api"))),
]
