"""Ordering lists of items: one moved up or down (collections, evidence, page blocks), or
a whole new order at once (page blocks dragged into place)."""

from __future__ import annotations

from typing import Any

UP, DOWN = "up", "down"


def move_item(items: list[Any], is_target, direction: str) -> bool:
    """Move one item of an ordered list up or down and store the new positions.

    Positions are renumbered 0..n-1 on the way, which also closes gaps left by removals.
    Only rows whose position changed are written.
    """
    index = next((i for i, item in enumerate(items) if is_target(item)), None)
    if index is None:
        return False
    other = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _store_positions(items)
    return True


def put_in_order(items: list[Any], ids: list[int]) -> bool:
    """Store ``ids`` as the order of ``items``; ``ids`` must name each item exactly once
    (a list made from a stale screen names others or misses some, and changes nothing)."""
    by_id = {item.pk: item for item in items}
    if len(ids) != len(by_id) or set(ids) != set(by_id):
        return False
    _store_positions([by_id[pk] for pk in ids])
    return True


def _store_positions(items: list[Any]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        type(items[0]).objects.bulk_update(changed, ["position"])
