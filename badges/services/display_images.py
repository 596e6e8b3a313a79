"""Display copies for badges stored before every badge image was re-encoded.

Since badge images are kept as a re-encoded copy (``badges.images.display_image``),
the image view serves nothing else. A badge stored earlier may hold its image as the
issuer sent it, or none at all and be shown from its baked file: each gets its copy
here, and an image that cannot be used is dropped (the badge shows its placeholder).
The baked file is never changed.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from badges.images import MAX_IMAGE_BYTES, display_image, image_extension
from badges.models import Badge


def make_display_image(badge: Badge) -> bool:
    """Give ``badge`` its display copy; True when its stored image changed."""
    source = badge.image or badge.original_file
    if not source:
        return False
    try:
        with source.open("rb") as stored:
            data = stored.read(MAX_IMAGE_BYTES + 1)
    except FileNotFoundError:
        # Not in storage as this server sees it: leave the badge as it is rather than
        # forget an image another server (or a restored backup) still holds.
        return False
    extension = image_extension(data)
    copy = display_image((data, extension)) if extension else None
    if badge.image and copy == (data, badge.image.name[badge.image.name.rfind(".") :]):
        return False  # already its display copy
    return _replace_image(badge, copy)


def _replace_image(badge: Badge, copy: tuple[bytes, str] | None) -> bool:
    previous = badge.image.name
    if copy is None and not previous:
        return False
    saved = ""
    try:
        with transaction.atomic():
            if copy is None:
                badge.image = None
            else:
                badge.image.save(f"image{copy[1]}", ContentFile(copy[0]), save=False)
                saved = badge.image.name
            badge.save(update_fields=["image"])
    except BaseException:
        if saved:
            default_storage.delete(saved)
        raise
    if previous:
        default_storage.delete(previous)
    return True


def make_display_images() -> int:
    """Every stored badge gets its display copy; the number of badges changed."""
    changed = 0
    badges = Badge.objects.exclude(image="", original_file="").order_by("pk")
    for badge in badges.iterator(chunk_size=200):
        changed += make_display_image(badge)
    return changed
