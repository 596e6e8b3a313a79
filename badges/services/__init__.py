"""The backpack's workflows, one module per feature: importing badges (the one path from a
learner's file, URL or text to stored data), tags, collections, visibility and deletion,
bulk actions, skills and the gallery's filters. Plain functions over models; views and
commands call them.

The import service is the entry point most callers need, so it is named here too.
"""

from badges.services.importing import (
    DuplicateBadge,
    ImportOutcome,
    ImportSource,
    import_badge,
    import_badges,
    render_refusal,
)

__all__ = [
    "DuplicateBadge",
    "ImportOutcome",
    "ImportSource",
    "import_badge",
    "import_badges",
    "render_refusal",
]
