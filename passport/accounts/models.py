"""The learner's account, profile and recorded consents."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
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
