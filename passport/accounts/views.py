"""Profile and privacy pages of a learner's account."""

from __future__ import annotations

import hashlib

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from passport.accounts import audit, exports, services
from passport.accounts.forms import DeleteAccountForm, ProfileForm
from passport.accounts.models import User
from passport.web.responses import set_language_cookie

# A public avatar may be cached briefly by browsers and proxies; making the profile
# private again takes effect within this many seconds.
PUBLIC_AVATAR_MAX_AGE = 300


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ProfileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=request.user,
    )
    if posted and form.is_valid():
        user = services.save_profile(form)
        language = user.preferred_language
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile_edit")
        _remember_language(response, language)
        return response
    return render(request, "accounts/profile_edit.html", {"form": form})


def _remember_language(response: HttpResponse, language: str) -> None:
    """The switcher's cookie outranks the profile, so the cookie follows the profile."""
    if language:
        set_language_cookie(response, language)
    else:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


@require_GET
def avatar(request: HttpRequest, public_slug: str) -> HttpResponse:
    """The avatar, for its owner always and for others only while the profile is public."""
    user = get_object_or_404(User, public_slug=public_slug, is_active=True)
    is_owner = request.user.is_authenticated and request.user.pk == user.pk
    if not user.avatar or not (is_owner or user.profile_is_public):
        raise Http404
    # The stored name is random and changes with every upload: a fine validator.
    etag = f'"{hashlib.sha256(user.avatar.name.encode()).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            response = FileResponse(user.avatar.open("rb"), content_type="image/png")
        except FileNotFoundError:
            raise Http404 from None
        response["Content-Disposition"] = 'inline; filename="avatar.png"'
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    if is_owner:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_AVATAR_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


@login_required
def privacy_settings(request: HttpRequest) -> HttpResponse:
    export = exports.latest(request.user)
    context = {
        "consents": request.user.consents.all(),
        "export": export,
        "export_stuck": export is not None and exports.is_stuck(export),
        "export_expires": export and exports.expires_at(export),
        "export_expired": export is not None
        and export.state == export.State.READY
        and exports.expires_at(export) <= timezone.now(),
    }
    return render(request, "accounts/privacy.html", context)


@login_required
def security_activity(request: HttpRequest) -> HttpResponse:
    events = audit.recent(request.user)
    context = {"events": events, "page_size": audit.PAGE_SIZE}
    return render(request, "accounts/security_activity.html", context)


@login_required
@require_POST
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Ask for the ZIP: a worker builds it and the privacy page offers it when ready."""
    # Recorded first, so the export itself is in the activity it carries.
    audit.record(request.user, audit.Kind.DATA_EXPORTED, request=request)
    export = exports.request_export(request.user)
    export.refresh_from_db(fields=["state"])
    if export.state == export.State.READY:  # no worker: built while the request waited
        messages.success(request, _("Your data is ready: download it below."))
    elif export.state == export.State.PENDING:
        messages.info(
            request, _("Your data is being prepared. We will e-mail you when it is ready.")
        )
    else:
        messages.error(request, _("Your data could not be prepared. Please try again later."))
    return redirect("privacy_settings")


@login_required
@require_GET
def privacy_export_download(request: HttpRequest, pk: int) -> FileResponse:
    """The owner's ready ZIP while it is kept; 404 for anyone else's, or once expired."""
    export = exports.downloadable(request.user, pk)
    if export is None:
        raise Http404
    filename = f"passport-data-{timezone.localdate(export.ready_at):%Y-%m-%d}.zip"
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = "application/zip"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = DeleteAccountForm(request.POST if posted else None, user=request.user)
    if posted:
        # Guessing the password from a borrowed session is limited like allauth's
        # own re-authentication.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form = DeleteAccountForm(user=request.user)
            context = {"form": form, "too_many_attempts": True}
            return render(request, "accounts/delete.html", context, status=429)
        if form.is_valid():
            services.delete_account(request, request.user)
            messages.success(request, _("Your account and everything in it are deleted."))
            return redirect("home")
        # A successful deletion erases the activity with the account; a refused one
        # (someone in a borrowed session guessing) is worth the learner's attention.
        if form.has_error("password", "wrong_password") or form.has_error("email", "wrong_email"):
            audit.record(request.user, audit.Kind.DELETION_REFUSED, request=request)
    return render(request, "accounts/delete.html", {"form": form})
