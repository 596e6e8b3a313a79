from django.contrib import admin
from django.urls import include, path

from passport import csp_reports, views

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy_policy, name="privacy_policy"),
    path("terms/", views.terms, name="terms"),
    path("language/", views.set_language, name="set_language"),
    path("language/<slug:code>/", views.switch_language, name="switch_language"),
    path("healthz/", views.healthz, name="healthz"),
    path("csp-report/", csp_reports.csp_report, name="csp_report"),
    path("accounts/", include("passport.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("badges/", include("badges.urls")),
    path("badges/", include("pages.urls_evidence")),
    path("pages/", include("pages.urls")),
    path("", include("sharing.urls")),
    path("", include("passport.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "passport.web.errors.page_not_found"
handler403 = "passport.web.errors.permission_denied"
handler500 = "passport.web.errors.server_error"
