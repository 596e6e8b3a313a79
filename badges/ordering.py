"""Moving one item of an ordered list up or down: collections, evidence and page blocks."""

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
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    type(items[0]).objects.bulk_update(changed, ["position"])
    return True
