"""Forms of the accounts app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from passport.accounts.models import Consent


class SignupConsentForm(forms.Form):
    """Extra fields allauth adds to its sign-up form: explicit, recorded consent."""

    accept_terms = forms.BooleanField(
        required=True,
        label=_("I accept the terms of use and the privacy policy."),
        error_messages={"required": _("You must accept the terms and privacy policy to sign up.")},
    )

    def signup(self, request, user) -> None:
        Consent.objects.create(user=user, policy_version=settings.PRIVACY_POLICY_VERSION)
