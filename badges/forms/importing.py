"""The three ways in on the "Add badges" page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILES = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for an ``<input type=file multiple>``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".png,.svg,.json,.jws,.jwt,.txt"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Choose at most %(count)d files at a time."), params={"count": MAX_FILES}
            )
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Badge files"),
        help_text=_(
            "Baked PNG or SVG badge images, .json assertions or files holding a signed "
            "badge. Up to 20 files, 10 MB each."
        ),
        error_messages={"required": _("Choose at least one file.")},
    )


class UrlForm(forms.Form):
    url = forms.URLField(
        label=_("Badge URL"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("The web address of a hosted badge assertion or of a baked badge image."),
        error_messages={
            "required": _("Enter the address of the badge."),
            "invalid": _(
                "Enter a full web address, such as https://issuer.example/assertions/123."
            ),
        },
    )


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Badge JSON or signed badge"),
        max_length=1_000_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "Paste the badge's JSON, or a signed badge (a long text of three parts "
            "separated by dots)."
        ),
        error_messages={"required": _("Paste the badge's JSON or signed text.")},
    )

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()
