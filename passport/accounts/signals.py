"""Signal handlers of the accounts app: allauth's and Django's events, into the audit trail."""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.socialaccount import signals as social_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from passport.accounts import audit, throttle
from passport.accounts.models import User

Kind = audit.Kind


@receiver(auth_signals.user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs) -> None:
    audit.record(user, Kind.LOGIN, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = credentials.get("email") or credentials.get("username") or ""
    # Only a known account has someone to tell; an unknown address leaves no trace.
    if login:
        for user in User.objects.for_login(login):
            audit.record(user, Kind.LOGIN_FAILED, request=request)


@receiver(account_signals.email_added, dispatch_uid="audit-email-added")
def _email_added(sender, request, user, email_address, **kwargs) -> None:
    audit.record(user, Kind.EMAIL_ADDED, email_address.email, request=request)


@receiver(account_signals.email_confirmed, dispatch_uid="audit-email-confirmed")
def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    audit.record(email_address.user, Kind.EMAIL_CONFIRMED, email_address.email, request=request)


@receiver(account_signals.email_changed, dispatch_uid="audit-email-primary")
def _email_primary(sender, request, user, to_email_address, **kwargs) -> None:
    audit.record(user, Kind.EMAIL_PRIMARY, to_email_address.email, request=request)


@receiver(account_signals.email_removed, dispatch_uid="audit-email-removed")
def _email_removed(sender, request, user, email_address, **kwargs) -> None:
    audit.record(user, Kind.EMAIL_REMOVED, email_address.email, request=request)


@receiver(account_signals.password_changed, dispatch_uid="audit-password-changed")
def _password_changed(sender, request, user, **kwargs) -> None:
    audit.record(user, Kind.PASSWORD_CHANGED, request=request)


@receiver(account_signals.password_set, dispatch_uid="audit-password-set")
def _password_set(sender, request, user, **kwargs) -> None:
    audit.record(user, Kind.PASSWORD_SET, request=request)


@receiver(account_signals.password_reset, dispatch_uid="audit-password-reset")
def _password_reset(sender, request, user, **kwargs) -> None:
    audit.record(user, Kind.PASSWORD_RESET, request=request)
    throttle.forget(user)


def _provider_name(request, account) -> str:
    try:
        return account.get_provider(request).name
    except Exception:  # a provider no longer configured still has its id
        return account.provider


@receiver(social_signals.social_account_added, dispatch_uid="audit-social-added")
def _social_added(sender, request, sociallogin, **kwargs) -> None:
    account = sociallogin.account
    name = _provider_name(request, account)
    audit.record(account.user, Kind.SOCIAL_CONNECTED, name, request=request)


@receiver(social_signals.social_account_removed, dispatch_uid="audit-social-removed")
def _social_removed(sender, request, socialaccount, **kwargs) -> None:
    name = _provider_name(request, socialaccount)
    audit.record(socialaccount.user, Kind.SOCIAL_DISCONNECTED, name, request=request)


# --- Two-factor authentication (allauth.mfa) ---------------------------------------

_ADDED = {
    Authenticator.Type.TOTP: Kind.TOTP_ACTIVATED,
    Authenticator.Type.WEBAUTHN: Kind.SECURITY_KEY_ADDED,
    Authenticator.Type.RECOVERY_CODES: Kind.RECOVERY_CODES_GENERATED,
}
_REMOVED = {
    Authenticator.Type.TOTP: Kind.TOTP_DEACTIVATED,
    Authenticator.Type.WEBAUTHN: Kind.SECURITY_KEY_REMOVED,
    Authenticator.Type.RECOVERY_CODES: Kind.RECOVERY_CODES_REMOVED,
}


def _key_name(authenticator: Authenticator) -> str:
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        return authenticator.data.get("name", "")
    return ""


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit-mfa-added")
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    kind = _ADDED[authenticator.type]
    audit.record(user, kind, _key_name(authenticator), request=request)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit-mfa-removed")
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    kind = _REMOVED[authenticator.type]
    audit.record(user, kind, _key_name(authenticator), request=request)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit-mfa-reset")
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    audit.record(user, Kind.RECOVERY_CODES_GENERATED, request=request)


@receiver(mfa_signals.authenticator_used, dispatch_uid="audit-mfa-used")
def _mfa_used(sender, request, user, authenticator, **kwargs) -> None:
    # A code from the app or a key is the log-in itself; a recovery code is worth noting.
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        audit.record(user, Kind.RECOVERY_CODE_USED, request=request)


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit-mfa-failed")
def _mfa_failed(sender, request, user, authenticator=None, **kwargs) -> None:
    audit.record(user, Kind.MFA_FAILED, request=request)
