"""Blocks of a page: added from the menu, edited in place, moved or dragged, removed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pages import services
from pages.forms import BLOCK_FORMS, BlockOrderForm, DirectionForm, block_form
from pages.models import Block, Page
from pages.views import _get_page_for_user, editor_url, render_editor
from passport.web import ratelimit
from passport.web.markdown import render_markdown

PREVIEW = "preview"
# Files and pictures one learner may upload in ten minutes: a big page, not a flood.
UPLOAD_LIMIT, UPLOAD_PERIOD = 40, 10 * 60


def _get_block_for_user(request: HttpRequest, page_pk: int, pk: int) -> tuple[Page, Block]:
    """The learner's page and one of its blocks, or 404 for everyone else."""
    page = _get_page_for_user(request, page_pk)
    return page, get_object_or_404(Block, pk=pk, page=page)


def _uploads_allowed(request: HttpRequest) -> bool:
    """Count the request's files; False, with a message, once the learner sent too many."""
    if not request.FILES:
        return True
    if ratelimit.consume_for_learner(
        request.user, "upload", cost=len(request.FILES), limit=UPLOAD_LIMIT, period=UPLOAD_PERIOD
    ):
        return True
    messages.error(
        request,
        _(
            "You have uploaded many files in the last few minutes (at most %(limit)s in ten "
            "minutes). Wait a little, then upload this one again."
        )
        % {"limit": UPLOAD_LIMIT},
    )
    return False


def _preview(request: HttpRequest, form) -> str | None:
    """The text as it will be shown, when "Preview" was pressed (nothing is saved then)."""
    if request.POST.get("action") != PREVIEW or "text" not in form.cleaned_data:
        return None
    return render_markdown(form.cleaned_data["text"])


@login_required
@require_POST
def block_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    page = _get_page_for_user(request, pk)
    if kind not in BLOCK_FORMS:
        raise Http404
    if not _uploads_allowed(request):
        return redirect(editor_url(page))
    form = block_form(kind, request.POST, request.FILES, owner=request.user)
    if not form.is_valid():
        return render_editor(request, page, add_kind=kind, add_form=form, status=400)
    preview = _preview(request, form)
    if preview is not None:
        return render_editor(request, page, add_kind=kind, add_form=form, preview=preview)
    block = services.add_block(page, kind, form.block_fields())
    messages.success(request, _("Block added."))
    return redirect(editor_url(page, f"block-{block.pk}"))


@login_required
@require_POST
def block_edit(request: HttpRequest, pk: int, block_pk: int) -> HttpResponse:
    page, block = _get_block_for_user(request, pk, block_pk)
    if not _uploads_allowed(request):
        return redirect(editor_url(page, f"block-{block.pk}"))
    form = block_form(block.kind, request.POST, request.FILES, owner=request.user, block=block)
    if not form.is_valid():
        return render_editor(request, page, edit_id=block.pk, edit_form=form, status=400)
    preview = _preview(request, form)
    if preview is not None:
        return render_editor(request, page, edit_id=block.pk, edit_form=form, preview=preview)
    services.update_block(block, form.block_fields())
    messages.success(request, _("Block saved."))
    return redirect(editor_url(page, f"block-{block.pk}"))


@login_required
@require_POST
def block_move(request: HttpRequest, pk: int, block_pk: int) -> HttpResponse:
    page, block = _get_block_for_user(request, pk, block_pk)
    form = DirectionForm(request.POST)
    if form.is_valid():
        services.move_block(block, form.cleaned_data["direction"])
    return redirect(editor_url(page, f"block-{block.pk}"))


@login_required
@require_POST
def block_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's script sends the order blocks were dragged into; it answers in JSON."""
    page = _get_page_for_user(request, pk)
    form = BlockOrderForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": form.errors["order"][0]}, status=400)
    if not services.order_blocks(page, form.cleaned_data["order"]):
        message = _("The blocks changed in another window. Reload the page and try again.")
        return JsonResponse({"error": message}, status=409)
    return JsonResponse({"message": _("New order of the blocks saved.")})


@login_required
@require_POST
def block_delete(request: HttpRequest, pk: int, block_pk: int) -> HttpResponse:
    page, block = _get_block_for_user(request, pk, block_pk)
    services.remove_block(block)
    messages.success(request, _("Block removed."))
    return redirect(editor_url(page, "blocks"))
