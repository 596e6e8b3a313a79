"""Forms of the page editor: they validate and normalise; services store."""

from __future__ import annotations

from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from badges.models import Badge, Collection, Tag
from pages import embeds, filetypes, uploads
from pages.models import (
    INTRODUCTION_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Block,
    Page,
    Theme,
)
from passport.web.forms import http_only

PASSWORD_MIN_LENGTH = 6
DOCUMENT_ACCEPT = ",".join(
    sorted({ext for key in filetypes.DOCUMENT_KEYS for ext in filetypes.TYPES[key].extensions})
)
IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
MEDIA_ACCEPT = "video/mp4,video/webm,audio/mpeg,.mp4,.m4v,.webm,.mp3"


def _textarea(rows: int = 6, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


# --- Pages -----------------------------------------------------------------------------


class ThemeField(forms.ChoiceField):
    widget = forms.RadioSelect
    group_template = "pages/_theme_field.html"  # swatches instead of plain radios

    def __init__(self, **kwargs):
        super().__init__(choices=Theme.choices, label=_("Theme"), **kwargs)


class PageCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For example “My welding portfolio” or “Projects 2025”."),
    )
    theme = ThemeField(initial="classic")

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


class PageSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=_textarea(6),
        help_text=_(
            "Optional. Markdown: **bold**, *italic*, [a link](https://example.org), lists."
        ),
    )
    cover = forms.FileField(
        label=_("Cover picture"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_(
            "Optional. PNG, JPEG, GIF or WebP, up to 10 MB. It is saved again without its "
            "metadata (such as where it was taken)."
        ),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover picture"), required=False)
    theme = ThemeField()

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_cover(self) -> uploads.CleanFile | None:
        upload = self.cleaned_data.get("cover")
        if not upload:
            return None
        return uploads.check_upload(
            upload,
            filetypes.IMAGE_KEYS,
            _("This file is not a picture we can use. Upload a PNG, JPEG, GIF or WebP image."),
        )


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who can see this page"), choices=Page.Visibility.choices, widget=forms.RadioSelect
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 6 characters. Give it only to the people who should see the page."),
    )

    def __init__(self, *args, page: Page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)
        if page.password_hash:
            self.fields["password"].help_text = _(
                "Leave empty to keep the current password, or type a new one."
            )

    def clean(self) -> dict:
        data = super().clean()
        password = data.get("password", "")
        if data.get("visibility") == Page.Visibility.PASSWORD:
            if not password and not self.page.password_hash:
                self.add_error("password", _("Choose a password for this page."))
            elif password and len(password) < PASSWORD_MIN_LENGTH:
                self.add_error("password", _("Use at least 6 characters."))
        return data

    def password_hash(self) -> str:
        """The new password's hash, the current one when unchanged, or nothing."""
        if self.cleaned_data["visibility"] != Page.Visibility.PASSWORD:
            return self.page.password_hash
        password = self.cleaned_data["password"]
        return make_password(password) if password else self.page.password_hash


class PrivateBadgesForm(forms.Form):
    MAKE_PUBLIC = "make-public"
    LEAVE_OUT = "leave-out"
    choice = forms.ChoiceField(
        choices=[(MAKE_PUBLIC, _("Make them public")), (LEAVE_OUT, _("Leave them out"))]
    )


class UnlockForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DirectionForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class BlockOrderForm(forms.Form):
    """The page's block ids in their new order, comma-separated (from dragging)."""

    MAX_BLOCKS = 500

    order = forms.CharField(max_length=MAX_BLOCKS * 21)

    def clean_order(self) -> list[int]:
        parts = self.cleaned_data["order"].split(",")
        if len(parts) > self.MAX_BLOCKS or not all(part.strip().isdigit() for part in parts):
            raise forms.ValidationError(_("The new order of the blocks could not be read."))
        return [int(part) for part in parts]


# --- Blocks ----------------------------------------------------------------------------


class BlockForm(forms.Form):
    """One kind of block. ``block_fields()`` is what the service assigns to the block."""

    kind: str = ""

    def __init__(self, *args, owner, block: Block | None = None, **kwargs):
        self.owner = owner
        self.block = block
        if block is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = self.initial_from(block)
        super().__init__(*args, **kwargs)

    def initial_from(self, block: Block) -> dict:
        return {name: getattr(block, name, "") for name in self.base_fields}

    def block_fields(self) -> dict:
        return dict(self.cleaned_data)


class HeadingForm(BlockForm):
    kind = Block.Kind.HEADING
    text = forms.CharField(label=_("Heading"), max_length=200)
    level = forms.TypedChoiceField(
        label=_("Size"),
        choices=[(2, _("Section heading")), (3, _("Sub-heading"))],
        coerce=int,
        initial=2,
    )

    def clean_text(self) -> str:
        return " ".join(self.cleaned_data["text"].split())


class TextForm(BlockForm):
    kind = Block.Kind.TEXT
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(10),
        help_text=_(
            "Markdown: **bold**, *italic*, [a link](https://example.org), lists with “- ”, "
            "## for a heading. HTML is not kept."
        ),
    )


class BadgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, badge: Badge) -> str:
        names = {"name": badge.name, "issuer": badge.issuer.name}
        if badge.visibility == Badge.Visibility.PUBLIC:
            return _("%(name)s — %(issuer)s") % names
        return _("%(name)s — %(issuer)s (private)") % names


class BadgeForm(BlockForm):
    kind = Block.Kind.BADGE
    badge = BadgeChoiceField(
        label=_("Badge"),
        queryset=Badge.objects.none(),
        empty_label=_("Choose one of your badges"),
        help_text=_("Private badges are never shown to visitors."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge"].queryset = (
            Badge.objects.owned_by(self.owner).for_cards().sorted_by("name")
        )

    def initial_from(self, block: Block) -> dict:
        return {"badge": block.badge_id}


class BadgeGroupForm(BlockForm):
    kind = Block.Kind.BADGE_GROUP
    source = forms.ChoiceField(
        label=_("Badges of"),
        help_text=_(
            "The group follows the collection or tag: badges you add to it later appear "
            "on the page too. Only public badges are shown to visitors."
        ),
    )
    title = forms.CharField(
        label=_("Title of the group"),
        max_length=200,
        required=False,
        help_text=_("Optional. Shown above the badges."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.collections = {c.pk: c for c in Collection.objects.owned_by(self.owner)}
        self.tags = {t.pk: t for t in Tag.objects.owned_by(self.owner)}
        choices: list = [("", _("Choose a collection or a tag"))]
        if self.collections:
            collections = [(f"c{pk}", c.name) for pk, c in self.collections.items()]
            choices.append((_("Collections"), collections))
        if self.tags:
            choices.append((_("Tags"), [(f"t{pk}", t.name) for pk, t in self.tags.items()]))
        self.fields["source"].choices = choices

    def initial_from(self, block: Block) -> dict:
        source = f"c{block.collection_id}" if block.collection_id else ""
        source = f"t{block.tag_id}" if block.tag_id else source
        return {"source": source, "title": block.title}

    def block_fields(self) -> dict:
        source = self.cleaned_data["source"]
        pk = int(source[1:])
        return {
            "collection": self.collections[pk] if source[0] == "c" else None,
            "tag": self.tags[pk] if source[0] == "t" else None,
            "title": " ".join(self.cleaned_data["title"].split()),
        }


class FileForm(BlockForm):
    kind = Block.Kind.FILE
    upload = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_(
            "PDF, picture, Word, Excel, PowerPoint, OpenDocument or plain text, up to 10 MB."
        ),
    )
    caption = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("Optional. A line about what the file shows."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.block is not None:
            self.fields["upload"].required = False
            self.fields["upload"].help_text = _(
                "Optional: choose a file only to replace “%(name)s”."
            ) % {"name": self.block.file_name}

    def initial_from(self, block: Block) -> dict:
        return {"caption": block.caption}

    def clean_upload(self) -> uploads.CleanFile | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return uploads.check_upload(
            upload,
            filetypes.DOCUMENT_KEYS,
            _(
                "This kind of file cannot be added. Upload a PDF, a picture, a Word, Excel, "
                "PowerPoint or OpenDocument file, or plain text."
            ),
        )


class ImageForm(BlockForm):
    kind = Block.Kind.IMAGE
    upload = forms.FileField(
        label=_("Picture"),
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("PNG, JPEG, GIF or WebP, up to 10 MB, saved again without its metadata."),
    )
    alt = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.block is not None:
            self.fields["upload"].required = False
            self.fields["upload"].help_text = _("Optional: choose a picture only to replace it.")

    def initial_from(self, block: Block) -> dict:
        return {"alt": block.alt, "caption": block.caption}

    def clean_upload(self) -> uploads.CleanFile | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return uploads.check_upload(
            upload,
            filetypes.IMAGE_KEYS,
            _("This file is not a picture we can use. Upload a PNG, JPEG, GIF or WebP image."),
        )

    def clean_alt(self) -> str:
        return " ".join(self.cleaned_data["alt"].split())


class MediaForm(BlockForm):
    kind = Block.Kind.MEDIA
    url = forms.CharField(
        label=_("YouTube or Vimeo link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://www.youtube.com/watch?v=…"}),
        help_text=_("Played with YouTube’s privacy-enhanced mode or Vimeo’s “do not track”."),
    )
    upload = forms.FileField(
        label=_("Or a video or sound file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": MEDIA_ACCEPT}),
        help_text=_("MP4 or WebM video, or MP3 sound, up to 10 MB."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional. Names the player for people using a screen reader."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def initial_from(self, block: Block) -> dict:
        return {"url": block.url, "title": block.title, "caption": block.caption}

    def clean_url(self) -> embeds.Video | None:
        url = self.cleaned_data.get("url", "").strip()
        if not url:
            return None
        video = embeds.parse_video_url(url)
        if video is None:
            raise forms.ValidationError(
                _(
                    "Paste the address of a YouTube or Vimeo video, such as "
                    "https://www.youtube.com/watch?v=… or https://vimeo.com/…"
                ),
                code="video",
            )
        return video

    def clean_upload(self) -> uploads.CleanFile | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return uploads.check_upload(
            upload,
            filetypes.MEDIA_KEYS,
            _("This file is not a video or sound we can play. Upload MP4, WebM or MP3."),
        )

    def clean(self) -> dict:
        data = super().clean()
        video, upload = data.get("url"), data.get("upload")
        if self.errors:
            return data
        if video and upload:
            raise forms.ValidationError(_("Give either a link or a file, not both."), code="both")
        keeps_file = self.block is not None and bool(self.block.file)
        if not video and not upload and not keeps_file:
            raise forms.ValidationError(
                _("Paste a YouTube or Vimeo link, or choose a video or sound file."),
                code="missing",
            )
        return data

    def block_fields(self) -> dict:
        data = self.cleaned_data
        fields = {"title": data["title"].strip(), "caption": data["caption"].strip()}
        video: embeds.Video | None = data["url"]
        if video is not None:
            fields |= {"provider": video.provider, "embed_id": video.id, "embed_hash": video.hash}
            fields |= {"url": self.data.get(self.add_prefix("url"), "").strip()}
        if data["upload"] is not None:
            fields["upload"] = data["upload"]
        return fields


class LinkForm(BlockForm):
    kind = Block.Kind.LINK
    url = forms.URLField(
        label=_("Address"),
        max_length=2000,
        assume_scheme="https",
        validators=[http_only],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=1000, required=False, widget=_textarea(3)
    )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


BLOCK_FORMS: dict[str, type[BlockForm]] = {
    form.kind: form
    for form in (
        HeadingForm,
        TextForm,
        BadgeForm,
        BadgeGroupForm,
        FileForm,
        ImageForm,
        MediaForm,
        LinkForm,
    )
}


def block_form(kind: str, *args, **kwargs) -> BlockForm:
    return BLOCK_FORMS[kind](*args, **kwargs)
