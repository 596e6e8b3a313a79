"""Forms of the accounts app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from passport.accounts import avatars
from passport.accounts.models import Consent, User


class SignupConsentForm(forms.Form):
    """Extra fields allauth adds to its sign-up forms: the learner's name and explicit,
    recorded consent."""

    # allauth orders its sign-up form by this: consent comes last, just above the button.
    field_order = ["display_name", "headline", "email", "password1", "password2", "accept_terms"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_(
            "As employers and schools should see it on the badges you share. Your e-mail "
            "address is never shown."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    headline = forms.CharField(
        label=_("Short bio (optional)"),
        required=False,
        max_length=160,
        help_text=_(
            "A line about you for your public profile, such as “Welder and robotics student”."
        ),
    )

    accept_terms = forms.BooleanField(
        required=True,
        label=_("I accept the terms of use and the privacy policy."),
        error_messages={"required": _("You must accept the terms and privacy policy to sign up.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: the links need the URL resolver and the active language.
        self.fields["accept_terms"].help_text = format_html(
            gettext(
                'Read the <a href="{terms}" target="_blank" rel="noopener">terms of use</a> and '
                'the <a href="{privacy}" target="_blank" rel="noopener">privacy policy</a> '
                "(they open in a new tab)."
            ),
            terms=reverse("terms"),
            privacy=reverse("privacy_policy"),
        )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        headline = " ".join(self.cleaned_data.get("headline", "").split())
        if headline and not user.bio:
            user.bio = headline
        user.save(update_fields=["display_name", "bio"])
        Consent.objects.create(user=user, policy_version=settings.PRIVACY_POLICY_VERSION)


class ProfileForm(forms.ModelForm):
    """The learner's own profile. The avatar is checked and re-encoded in ``clean_avatar``."""

    avatar = forms.FileField(
        label=_("Upload a picture"),
        required=False,
        help_text=_("A PNG, JPEG, GIF or WebP picture of at most 5 MB. It is shown at 512 pixels."),
        widget=forms.FileInput(attrs={"accept": avatars.ACCEPT}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    class Meta:
        model = User
        fields = (
            "display_name",
            "bio",
            "preferred_language",
            "profile_is_public",
            "notify_badge_changes",
            "notify_deliveries",
            "notify_imports",
        )
        labels = {
            "display_name": _("Display name"),
            "bio": _("Short bio"),
            "preferred_language": _("Preferred language"),
            "profile_is_public": _("Make my profile public"),
            "notify_badge_changes": _(
                "Tell me (by e-mail and in my backpack) when one of my badges is revoked or expires"
            ),
            "notify_deliveries": _(
                "Tell me (by e-mail and in my backpack) when a platform delivers a badge"
            ),
            "notify_imports": _("Tell me in my backpack when an import finishes"),
        }
        help_texts = {
            "display_name": _("The name others see. Your e-mail address is never shown."),
            "bio": _("Plain text, up to 600 characters."),
            "profile_is_public": _(
                "When this is on, anyone with the link can see your display name, bio and "
                "avatar. Your badges stay private until you share them."
            ),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 600}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = [
            ("", gettext("Same as my browser")),
            *settings.LANGUAGES,
        ]
        if not self.instance.avatar:
            del self.fields["remove_avatar"]

    def clean_avatar(self) -> ContentFile | None:
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return avatars.make_avatar(upload)

    def clean_bio(self) -> str:
        # One kind of line break, whatever the browser sent.
        return self.cleaned_data["bio"].replace("\r\n", "\n").replace("\r", "\n")


class DeleteAccountForm(forms.Form):
    """Asks for the password, or the e-mail address when the account has no password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Your account has no password, so type your e-mail address to confirm."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
        else:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your password. Nothing was deleted."), code="wrong_password"
            )
        return password

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("This is not your e-mail address. Nothing was deleted."), code="wrong_email"
            )
        return email
