"""How allauth fits Passport."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        # A new learner keeps the language they signed up in.
        user.preferred_language = translation.get_language() or ""
        if commit:
            user.save()
        return user
