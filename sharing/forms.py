from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passport.web.forms import http_only
from sharing.models import ContactLink


class ContactLinkForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("For example https://example.org/portfolio"),
        validators=[http_only],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = ContactLink
        fields = ("label", "url")
        labels = {"label": _("Label")}
        help_texts = {"label": _("For example “Portfolio”")}
        widgets = {"label": forms.TextInput(attrs={"maxlength": 60, "autocomplete": "off"})}

    def clean_label(self) -> str:
        return " ".join(self.cleaned_data["label"].split())
