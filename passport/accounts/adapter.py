"""How allauth fits Passport."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.utils import translation

from passport.web.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on this: the client behind our proxies, not the proxy.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        # A new learner keeps the language they signed up in.
        user.preferred_language = translation.get_language() or ""
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Enabled by ``SOCIALACCOUNT_ADAPTER``."""

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        # Never create an account silently from Google or LinkedIn: the learner always
        # sees the sign-up form, so the terms and privacy policy are accepted and recorded.
        return False

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        if not user.preferred_language:
            user.preferred_language = translation.get_language() or ""
            user.save(update_fields=["preferred_language"])
        return user
