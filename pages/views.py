"""The learner's pages: the list, creating, the editor, settings, publishing, copies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from badges.models import Badge
from pages import render as page_render
from pages import services
from pages.forms import (
    BLOCK_FORMS,
    BlockForm,
    PageCreateForm,
    PageSettingsForm,
    PrivateBadgesForm,
    PublishForm,
    block_form,
)
from pages.models import Block, Page
from passport.accounts import audit
from passport.web.markdown import render_markdown

PENDING_PUBLISH_KEY = "pages-publish-%d"
KIND_HELP = {
    Block.Kind.HEADING: gettext_lazy("A title for a part of the page"),
    Block.Kind.TEXT: gettext_lazy("Paragraphs, lists and links"),
    Block.Kind.BADGE: gettext_lazy("One of your badges"),
    Block.Kind.BADGE_GROUP: gettext_lazy("A collection or a tag, kept up to date"),
    Block.Kind.FILE: gettext_lazy("A PDF, document or picture to download"),
    Block.Kind.IMAGE: gettext_lazy("A picture with its description"),
    Block.Kind.MEDIA: gettext_lazy("YouTube, Vimeo, or your own file"),
    Block.Kind.LINK: gettext_lazy("A web page, with a description"),
}


def _get_page_for_user(request: HttpRequest, pk: int) -> Page:
    """The signed-in learner's page, or 404 for everyone else."""
    return get_object_or_404(Page.objects.select_related("owner"), pk=pk, owner=request.user)


def editor_url(page: Page, anchor: str = "") -> str:
    return reverse("pages:edit", args=[page.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def page_list(request: HttpRequest) -> HttpResponse:
    # Queries: the session, the user, the learner's pages with their block counts.
    pages = Page.objects.owned_by(request.user).with_block_counts()
    return render(request, "pages/list.html", {"pages": pages, "form": PageCreateForm()})


@login_required
def page_create(request: HttpRequest) -> HttpResponse:
    form = PageCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = services.create_page(request.user, **form.cleaned_data)
        messages.success(request, _("Page created. Add its first blocks below."))
        return redirect(editor_url(page, "add-block"))
    return render(request, "pages/create.html", {"form": form})


@login_required
def page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    page = _get_page_for_user(request, pk)
    add_kind = request.GET.get("add", "")
    edit_id = request.GET.get("edit", "")
    if edit_id.isdigit():  # one form open at a time
        return render_editor(request, page, edit_id=int(edit_id))
    return render_editor(request, page, add_kind=add_kind if add_kind in BLOCK_FORMS else "")


def render_editor(
    request: HttpRequest,
    page: Page,
    *,
    add_kind: str = "",
    add_form: BlockForm | None = None,
    edit_id: int | None = None,
    edit_form: BlockForm | None = None,
    preview: str | None = None,
    publish_form: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The editor, with at most one block form open: a new block's or one block's."""
    # Queries: the session, the user, the page, its blocks (with badges, collections and
    # tags), the collections' badges, the tags' badges; plus the open form's choices.
    blocks = page_render.blocks_of(page, public=False)
    edit_block = next((b for b in blocks if b.pk == edit_id), None)
    if edit_block is not None and edit_form is None:
        edit_form = block_form(edit_block.kind, owner=request.user, block=edit_block)
    if add_kind and add_form is None:
        add_form = block_form(add_kind, owner=request.user)
    for form in (add_form, edit_form):
        if form is not None:
            _autofocus(form)
    private = [
        b for block in blocks for b in block.badges if b.visibility != Badge.Visibility.PUBLIC
    ]
    url = page_render.public_url(request, page)
    context = {
        "page": page,
        "blocks": blocks,
        "kinds": [(kind, label, KIND_HELP[kind]) for kind, label in Block.Kind.choices],
        "add_kind": add_kind,
        "add_form": add_form,
        "edit_block": edit_block,
        "edit_form": edit_form,
        "preview": preview,
        "publish_form": publish_form
        or PublishForm(page=page, initial={"visibility": page.visibility}),
        "hidden_badges": len({b.pk for b in private}),
        "public_url": url,
        "share_links": [] if page.is_private else page_render.share_links(page, url, owner=True),
        "cover_url": page_render.cover_url(page),
    }
    return render(request, "pages/editor.html", context, status=status)


def _autofocus(form: BlockForm) -> None:
    first = next((f for f in form.visible_fields() if not f.errors), None)
    target = next((f for f in form.visible_fields() if f.errors), first)
    if target is not None:
        target.field.widget.attrs["autofocus"] = True


@login_required
def page_settings(request: HttpRequest, pk: int) -> HttpResponse:
    page = _get_page_for_user(request, pk)
    initial = {"title": page.title, "introduction": page.introduction, "theme": page.theme}
    form = PageSettingsForm(request.POST or None, request.FILES or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = render_markdown(form.cleaned_data["introduction"])
        else:
            services.update_settings(page, **form.cleaned_data)
            messages.success(request, _("Page settings saved."))
            return redirect(editor_url(page))
    context = {"page": page, "form": form, "preview": preview}
    context["cover_url"] = page_render.cover_url(page)
    return render(request, "pages/settings.html", context)


@login_required
@require_POST
def page_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    page = _get_page_for_user(request, pk)
    copy = services.duplicate_page(page)
    messages.success(
        request,
        _("“%(title)s” was copied. The copy is private until you publish it.")
        % {"title": page.title},
    )
    return redirect(editor_url(copy))


@login_required
def page_delete(request: HttpRequest, pk: int) -> HttpResponse:
    page = _get_page_for_user(request, pk)
    if request.method == "POST":
        title = page.title
        services.delete_page(page)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("pages:list")
    count = page.blocks.count()
    return render(request, "pages/delete.html", {"page": page, "block_count": count})


@login_required
@require_POST
def page_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Set who sees the page; private badges on it lead to a confirmation step first."""
    page = _get_page_for_user(request, pk)
    form = PublishForm(request.POST, page=page)
    if not form.is_valid():
        messages.error(request, _("The page’s visibility was not changed: see below."))
        return render_editor(request, page, publish_form=form, status=400)
    visibility = form.cleaned_data["visibility"]
    private = services.private_badges_on(page) if visibility != Page.Visibility.PRIVATE else []
    if private:
        pending = {"visibility": visibility, "password_hash": form.password_hash()}
        request.session[PENDING_PUBLISH_KEY % page.pk] = pending
        return redirect("pages:publish_confirm", pk=page.pk)
    services.publish(page, visibility=visibility, password_hash=form.password_hash())
    audit.visibility_changed(request, page.title, page.get_visibility_display())
    messages.success(request, _visibility_message(page))
    return redirect(editor_url(page, "publish"))


@login_required
def page_publish_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Private badges on a page being published: make them public, or leave them out."""
    page = _get_page_for_user(request, pk)
    key = PENDING_PUBLISH_KEY % page.pk
    pending = request.session.get(key)
    if not pending:
        return redirect(editor_url(page, "publish"))
    private = services.private_badges_on(page)
    if request.method == "POST":
        form = PrivateBadgesForm(request.POST)
        if form.is_valid():
            make_public = [b.pk for b in private]
            if form.cleaned_data["choice"] != PrivateBadgesForm.MAKE_PUBLIC:
                make_public = []
            made = services.publish(page, make_public=make_public, **pending)
            audit.visibility_changed(request, page.title, page.get_visibility_display())
            del request.session[key]
            messages.success(request, _visibility_message(page, made_public=made))
            return redirect(editor_url(page, "publish"))
    if not private:  # made public or removed meanwhile: nothing is left to ask
        del request.session[key]
        messages.info(request, _("No private badges are left on this page. Choose again."))
        return redirect(editor_url(page, "publish"))
    context = {
        "page": page,
        "badges": private,
        "visibility_label": Page.Visibility(pending["visibility"]).label,
        "choices": PrivateBadgesForm,
    }
    return render(request, "pages/publish_confirm.html", context)


def _visibility_message(page: Page, made_public: int = 0) -> str:
    text = {
        Page.Visibility.PRIVATE: _("The page is private: only you can see it."),
        Page.Visibility.UNLISTED: _("The page is published: anyone with its link can see it."),
        Page.Visibility.PASSWORD: _(
            "The page is published: anyone with its link and the password can see it."
        ),
        Page.Visibility.PUBLIC: _(
            "The page is public: anyone can see it, and it is listed on your public profile."
        ),
    }[page.visibility]
    if made_public:
        text += " " + ngettext(
            "%(count)d badge was made public.", "%(count)d badges were made public.", made_public
        ) % {"count": made_public}
    return text
