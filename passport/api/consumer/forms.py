"""The address of the backpack or platform a learner wants to import from."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConnectForm(forms.Form):
    url = forms.URLField(
        label=_("Address of the backpack or platform"),
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "Its web address, such as https://backpack.example, or the address of its "
            "Open Badges 3.0 discovery document."
        ),
        error_messages={
            "required": _("Enter the address of the backpack or platform."),
            "invalid": _("Enter a full web address, such as https://backpack.example."),
        },
    )
