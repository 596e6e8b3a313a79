"""What every backpack view shares: lookups scoped to the owner, paging, redirects."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from badges.models import Badge, Collection, Tag

PER_PAGE = 48


def get_badge_for_user(request: HttpRequest, pk: int) -> Badge:
    """The signed-in learner's badge, or 404 for everyone else."""
    return get_object_or_404(Badge.objects.all(), pk=pk, owner=request.user)


def get_tag_for_user(request: HttpRequest, pk: int) -> Tag:
    return get_object_or_404(Tag, pk=pk, owner=request.user)


def get_collection_for_user(request: HttpRequest, pk: int) -> Collection:
    return get_object_or_404(Collection, pk=pk, owner=request.user)


def paginate(request: HttpRequest, queryset, *, count: int | None = None) -> Page:
    """One page of ``queryset``; ``count``, when the caller already knows how many rows it
    holds, saves the paginator its COUNT query."""
    paginator = Paginator(queryset, PER_PAGE)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property
    return paginator.get_page(request.GET.get("page"))


def detail_url(badge: Badge, anchor: str = "") -> str:
    return reverse("badges:detail", args=[badge.pk]) + (f"#{anchor}" if anchor else "")


def next_url(request: HttpRequest, default: str) -> str:
    """The ``next`` the form carried, if it is a page of ours; ``default`` otherwise."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else default


def form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
