"""The learner's account, profile and recorded consents."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def for_login(self, login: str) -> models.QuerySet:
        """The active account a log-in with ``login`` (any verified address) is for."""
        addresses = models.Q(email__iexact=login) | models.Q(
            emailaddress__email__iexact=login, emailaddress__verified=True
        )
        return self.filter(addresses, is_active=True).distinct()


def _new_public_slug() -> str:
    return secrets.token_urlsafe(9)


def avatar_path(user: User, filename: str) -> str:
    # A random name: the file's URL must not reveal or be guessable from the account.
    return f"avatars/{user.pk}/{secrets.token_hex(12)}.png"


class User(AbstractUser):
    """A learner. Logs in with e-mail; allauth keeps the full list of addresses."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)

    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    profile_is_public = models.BooleanField(_("public profile"), default=False)
    notify_badge_changes = models.BooleanField(
        _("e-mail me when a badge is revoked or expires"), default=True
    )
    # Notices in the backpack itself; revoked and expired follow notify_badge_changes.
    notify_deliveries = models.BooleanField(
        _("tell me when a platform delivers a badge"), default=True
    )
    notify_imports = models.BooleanField(_("tell me when an import finishes"), default=True)
    public_slug = models.SlugField(
        _("public address"), max_length=40, unique=True, default=_new_public_slug
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self) -> str:
        return self.email

    @property
    def public_name(self) -> str:
        """What others see: never the e-mail address."""
        return self.display_name or _("A Passport learner")

    @property
    def avatar_url(self) -> str:
        """Where the avatar is served (to whoever may see it), or "" without one."""
        return reverse("avatar", args=[self.public_slug]) if self.avatar else ""

    def verified_emails(self) -> list[str]:
        return list(self.emailaddress_set.filter(verified=True).values_list("email", flat=True))


class Consent(models.Model):
    """A learner's acceptance of the terms and privacy policy, kept as evidence."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    policy_version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.user} accepted {self.policy_version}"


class SecurityEvent(models.Model):
    """One entry of the learner's security activity: what happened to their account, when.

    Written through ``passport.accounts.audit.record``. No address is kept, only a keyed
    hash of it, so a log-in can be recognised as coming from a network used before.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Wrong password at log-in")
        MFA_FAILED = "mfa_failed", _("Wrong two-factor authentication code")
        EMAIL_ADDED = "email_added", _("E-mail address added")
        EMAIL_CONFIRMED = "email_confirmed", _("E-mail address verified")
        EMAIL_PRIMARY = "email_primary", _("Primary e-mail address changed")
        EMAIL_REMOVED = "email_removed", _("E-mail address removed")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_SET = "password_set", _("Password set")
        PASSWORD_RESET = "password_reset", _("Password reset with an e-mailed link")
        DATA_EXPORTED = "data_exported", _("Data downloaded")
        DELETION_REFUSED = "deletion_refused", _("Account deletion refused: wrong password")
        TOTP_ACTIVATED = "totp_activated", _("Authenticator app turned on")
        TOTP_DEACTIVATED = "totp_deactivated", _("Authenticator app turned off")
        SECURITY_KEY_ADDED = "security_key_added", _("Security key or passkey added")
        SECURITY_KEY_REMOVED = "security_key_removed", _("Security key or passkey removed")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("New recovery codes created")
        RECOVERY_CODES_REMOVED = "recovery_codes_removed", _("Recovery codes removed")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used to log in")
        SOCIAL_CONNECTED = "social_connected", _("Connected account added")
        SOCIAL_DISCONNECTED = "social_disconnected", _("Connected account removed")
        VISIBILITY_CHANGED = "visibility_changed", _("Visibility changed")
        APP_CONNECTED = "app_connected", _("Platform connected")
        APP_DISCONNECTED = "app_disconnected", _("Platform disconnected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(_("what happened"), max_length=32, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    address_hash = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="security_event_user_time")]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


def _export_token() -> str:
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    """One 'Download my data' asked for: built by a worker, kept a week (accounts.exports)."""

    class State(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    # Part of the stored file's name, so an export's file is never guessed or reused.
    token = models.CharField(max_length=40, unique=True, default=_export_token)
    file = models.FileField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.state} {self.requested_at:%Y-%m-%d %H:%M}"
