"""What the apps built on badges add to a badge's own screens and export.

``pages`` and ``sharing`` build on ``badges``, so ``badges`` never imports them. Instead
each contributes, from its ``AppConfig.ready()``:

- a *panel*: ``render(request, badge) -> str``, HTML drawn into a named slot of the
  owner's badge page (``"evidence"`` beside the issuer's evidence, ``"share"`` below);
- an *export field*: ``collect(badges) -> {badge.pk: value}``, a field added to each
  badge's ``badge.json`` in "Download my data", read for all badges at once.

Registering the same function twice keeps one copy, so ``ready()`` may run again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from badges.models import Badge

PanelRenderer = Callable[[HttpRequest, "Badge"], str]
ExportCollector = Callable[[Sequence["Badge"]], dict[int, Any]]

PANEL_SLOTS = ("evidence", "share")
_panels: dict[str, list[PanelRenderer]] = {slot: [] for slot in PANEL_SLOTS}
_exports: dict[str, ExportCollector] = {}


def contribute_panel(slot: str, render: PanelRenderer) -> None:
    if slot not in _panels:
        raise ValueError(f"unknown panel slot {slot!r}; slots are {PANEL_SLOTS}")
    if render not in _panels[slot]:
        _panels[slot].append(render)


def contribute_export(name: str, collect: ExportCollector) -> None:
    _exports[name] = collect


def panels_for(request: HttpRequest, badge: Badge) -> dict[str, list[SafeString]]:
    """Each slot's HTML, rendered by the apps that contribute to it (templates escape)."""
    return {
        slot: [mark_safe(render(request, badge)) for render in renderers]  # noqa: S308
        for slot, renderers in _panels.items()
    }


def export_fields(badges: Sequence[Badge]) -> dict[int, dict[str, Any]]:
    """The contributed fields of each badge's export, by badge id."""
    fields: dict[int, dict[str, Any]] = {badge.pk: {} for badge in badges}
    for name, collect in _exports.items():
        values = collect(badges)
        for badge in badges:
            fields[badge.pk][name] = values.get(badge.pk)
    return fields
