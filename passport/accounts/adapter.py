"""How allauth fits Passport."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from passport.accounts import audit, throttle
from passport.web.client_ip import client_ip


def _login(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""


class AccountAdapter(DefaultAccountAdapter):
    # Passport's own words where allauth's speak of e-mail (its French says "e-mail" and
    # "email", Passport says "courriel") or could be plainer.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": _("Your main e-mail address cannot be removed."),
        "duplicate_email": _("This e-mail address is already in your account."),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "email_taken": _("An account already uses this e-mail address."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "unknown_email": _("No account uses this e-mail address."),
        "unverified_primary_email": _("Your main e-mail address must be confirmed first."),
    }

    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on this: the client behind our proxies, not the proxy.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # The per-account part of ACCOUNT_RATE_LIMITS["login_failed"] counts per account
        # *and network*: wrong passwords from a guesser elsewhere must not lock the
        # owner out. Guessers spread over many networks are throttle's business.
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{audit.request_address_hash(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        if throttle.must_wait(request, _login(credentials)):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        throttle.failed(request, _login(credentials))

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
