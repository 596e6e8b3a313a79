"""allauth's account forms with Passport's words: sentence case, "e-mail", no placeholder
that only repeats the label (settings.ACCOUNT_FORMS)."""

from __future__ import annotations

from allauth.account import forms as allauth
from django.utils.translation import gettext_lazy as _

LABELS = {
    "login": _("E-mail address"),
    "email": _("E-mail address"),
    "password": _("Password"),
    "remember": _("Keep me logged in on this device"),
    "oldpassword": _("Current password"),
    "password1": _("New password"),
    "password2": _("New password (again)"),
}


class RelabelledMixin:
    labels = LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = label
            field.widget.attrs.pop("placeholder", None)


class LoginForm(RelabelledMixin, allauth.LoginForm):
    pass


class SignupForm(RelabelledMixin, allauth.SignupForm):
    labels = {**LABELS, "password1": _("Password"), "password2": _("Password (again)")}


class AddEmailForm(RelabelledMixin, allauth.AddEmailForm):
    pass


class ChangePasswordForm(RelabelledMixin, allauth.ChangePasswordForm):
    pass


class SetPasswordForm(RelabelledMixin, allauth.SetPasswordForm):
    labels = {**LABELS, "password1": _("Password"), "password2": _("Password (again)")}


class ResetPasswordForm(RelabelledMixin, allauth.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(RelabelledMixin, allauth.ResetPasswordKeyForm):
    pass
