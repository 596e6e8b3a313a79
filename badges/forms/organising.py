"""Organising the backpack: gallery filters, tags, collections and bulk actions."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from badges.models import TAG_NAME_MAX_LENGTH, Badge, Collection
from badges.ordering import DOWN, UP
from badges.services import bulk as bulk_service
from badges.services import tags as tags_service
from passport.web.forms import PlainSelect

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("name", _("Name (A–Z)")),
    ("issuer", _("Issuer (A–Z)")),
]


def _options(objects: Iterable, everything: str) -> list[tuple[str, str]]:
    return [("", everything), *((str(obj.pk), str(obj)) for obj in objects)]


class GalleryFilterForm(forms.Form):
    """The gallery's search, filters and sort, read from the query string.

    The choices come from lists the view has already loaded, so validating and
    rendering the form costs no query. An unknown value (another learner's tag, say)
    is simply not applied.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, issuer, description or tag")}),
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False, widget=PlainSelect)
    collection = forms.ChoiceField(label=_("Collection"), required=False, widget=PlainSelect)
    issuer = forms.ChoiceField(label=_("Issuer"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            ("verified", _("Verified (issuer confirmed)")),
            ("unconfirmed", _("Valid, issuer not confirmed")),
            *((value, label) for value, label in Badge.Status.choices if value != "verified"),
        ],
        widget=PlainSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=[("", _("Any visibility")), *Badge.Visibility.choices],
        widget=PlainSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=SORT_CHOICES, widget=PlainSelect
    )

    FILTERS = ("q", "tag", "collection", "issuer", "status", "visibility")

    def __init__(self, data, *, tags: Iterable, collections: Iterable, issuers: Iterable):
        super().__init__(data, label_suffix="")
        self.fields["tag"].choices = _options(tags, _("All tags"))
        self.fields["collection"].choices = _options(collections, _("All collections"))
        self.fields["issuer"].choices = _options(issuers, _("All issuers"))

    def value(self, name: str) -> str:
        """The cleaned value of one field, empty when missing or invalid."""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    @property
    def is_filtering(self) -> bool:
        return any(self.value(name) for name in self.FILTERS)


class IdListField(forms.Field):
    """Repeated ``name=<id>`` values as a list of ints; anything else is dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        ids: list[int] = []
        for item in value or []:
            if str(item).isdigit() and int(item) not in ids:
                ids.append(int(item))
        return ids

    def validate(self, value: list[int]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


BULK_ACTIONS = [
    (bulk_service.BULK_TAG, _("Add a tag")),
    (bulk_service.BULK_COLLECTION, _("Add to a collection")),
    (bulk_service.BULK_PUBLIC, _("Make public")),
    (bulk_service.BULK_PRIVATE, _("Make private")),
    (bulk_service.BULK_DELETE, _("Delete")),
]


# What the learner is told once a bulk action is done, by action.
BULK_DONE_MESSAGES = {
    bulk_service.BULK_TAG: ngettext_lazy(
        "Tag “%(tag)s” added to %(count)d badge.",
        "Tag “%(tag)s” added to %(count)d badges.",
        "count",
    ),
    bulk_service.BULK_COLLECTION: ngettext_lazy(
        "%(count)d badge is now in “%(collection)s”.",
        "%(count)d badges are now in “%(collection)s”.",
        "count",
    ),
    bulk_service.BULK_PUBLIC: ngettext_lazy(
        "%(count)d badge is now public.", "%(count)d badges are now public.", "count"
    ),
    bulk_service.BULK_PRIVATE: ngettext_lazy(
        "%(count)d badge is now private.", "%(count)d badges are now private.", "count"
    ),
    bulk_service.BULK_DELETE: ngettext_lazy(
        "%(count)d badge deleted.", "%(count)d badges deleted.", "count"
    ),
}


class TagNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TAG_NAME_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        return tags_service.clean_tag_name(super().to_python(value))

    def validate(self, value: str) -> None:
        super().validate(value)
        if "," in value:
            raise forms.ValidationError(_("A tag name cannot contain a comma."), code="comma")


class BulkForm(forms.Form):
    """One action on the badges ticked in the gallery."""

    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    badge = IdListField(error_messages={"required": _("Select at least one badge first.")})
    tag = TagNameField(label=_("Tag"), required=False)
    collection = forms.ChoiceField(label=_("Collection"), required=False)

    def __init__(self, data, *, collections: Iterable[Collection]):
        super().__init__(data)
        self.collections = {str(c.pk): c for c in collections}
        self.fields["collection"].choices = _options(self.collections.values(), _("Choose…"))

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == bulk_service.BULK_TAG and not data.get("tag"):
            self.add_error("tag", _("Type the tag to add."))
        if action == bulk_service.BULK_COLLECTION and not data.get("collection"):
            self.add_error("collection", _("Choose the collection to add the badges to."))
        return data

    @property
    def chosen_collection(self) -> Collection | None:
        return self.collections.get(self.cleaned_data.get("collection") or "")


class TagAddForm(forms.Form):
    names = forms.CharField(
        label=_("Add tags"),
        max_length=500,
        help_text=_("Separate several tags with commas."),
        widget=forms.TextInput(attrs={"list": "tag-suggestions", "autocomplete": "off"}),
    )

    def clean_names(self) -> list[str]:
        names: list[str] = []
        for part in self.cleaned_data["names"].split(","):
            name = tags_service.clean_tag_name(part)
            if len(name) > TAG_NAME_MAX_LENGTH:
                raise forms.ValidationError(
                    _("A tag can be at most %(max)d characters long."),
                    params={"max": TAG_NAME_MAX_LENGTH},
                )
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        if not names:
            raise forms.ValidationError(_("Type a tag name."))
        return names


class TagRenameForm(forms.Form):
    name = TagNameField(label=_("New name"))


class CollectionForm(forms.ModelForm):
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=[
            (Collection.Visibility.PRIVATE, pgettext_lazy("collection", "Private")),
            (Collection.Visibility.PUBLIC, pgettext_lazy("collection", "Public")),
        ],
        initial=Collection.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_(
            "Private collections are seen by you alone. Public ones can be shown on "
            "your public pages and shared by link."
        ),
    )

    class Meta:
        model = Collection
        fields = ["name", "description", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"description": _("Optional: what ties these badges together.")}


class AddToCollectionForm(forms.Form):
    collection = forms.ChoiceField(label=_("Add to a collection"))

    def __init__(self, data, *, collections: Iterable[Collection]):
        super().__init__(data)
        self.collections = {str(c.pk): c for c in collections}
        self.fields["collection"].choices = _options(self.collections.values(), _("Choose…"))

    @property
    def chosen_collection(self) -> Collection:
        return self.collections[self.cleaned_data["collection"]]


class PickBadgesForm(forms.Form):
    badge = IdListField(error_messages={"required": _("Select at least one badge.")})


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(choices=Badge.Visibility.choices)


class DirectionForm(forms.Form):
    direction = forms.ChoiceField(choices=[(UP, _("Up")), (DOWN, _("Down"))])
