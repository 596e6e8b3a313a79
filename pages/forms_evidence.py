"""The form for the learner's own evidence on a badge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pages.models import Block, LearnerEvidence, Page
from passport.web.forms import http_only


class FileBlockChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Block) -> str:
        return f"{obj.file_name or obj.get_kind_display()} — {obj.page.title}"


class EvidenceForm(forms.ModelForm):
    """Evidence of the learner's own: a narrative, a link, one of their pages or files.

    The page and file choices are the owner's alone, so another learner's id is refused
    as an invalid choice.
    """

    url = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_("Where your work can be seen, if it is online."),
        validators=[http_only],
    )
    page = forms.ModelChoiceField(
        label=_("One of your pages (optional)"),
        queryset=Page.objects.none(),
        required=False,
        empty_label=pgettext_lazy("no page", "None"),
        help_text=_("Private pages are linked for you alone, never where others see the badge."),
    )
    file_block = FileBlockChoiceField(
        label=_("One of your uploaded files (optional)"),
        queryset=Block.objects.none(),
        required=False,
        empty_label=pgettext_lazy("no file", "None"),
        help_text=_("Files come from your pages; a file on a private page stays yours alone."),
    )

    class Meta:
        model = LearnerEvidence
        fields = ["title", "narrative", "url", "page", "file_block"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}
        labels = {"narrative": _("What you did")}
        help_texts = {
            "title": _("For example: “Final project report” or “Talk at the spring meetup”."),
            "narrative": _(
                "Markdown works: **bold**, *italic*, lists and [links](https://example.org)."
            ),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = Page.objects.owned_by(owner).order_by("title", "pk")
        self.fields["file_block"].queryset = (
            Block.objects.filter(page__owner=owner, kind__in=[Block.Kind.FILE, Block.Kind.IMAGE])
            .exclude(file="")
            .select_related("page")
            .order_by("page__title", "page_id", "position", "pk")
        )

    def clean(self):
        data = super().clean()
        names = ("narrative", "url", "page", "file_block")
        if any(name in self.errors for name in names):
            return data  # a wrong link or choice already says what to fix
        if not any(data.get(name) for name in names):
            raise forms.ValidationError(
                _("Write what you did, or add a link, a page or a file."), code="empty"
            )
        return data
