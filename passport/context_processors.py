from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "site_name": "Passport",
        "contact_email": settings.CONTACT_EMAIL,
        "privacy_policy_version": settings.PRIVACY_POLICY_VERSION,
        "social_providers_configured": bool(settings.SOCIALACCOUNT_PROVIDERS),
    }
