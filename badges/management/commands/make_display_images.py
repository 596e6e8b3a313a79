"""Re-encode the images of badges stored before badges were shown from a display copy."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from badges.services.display_images import make_display_images


class Command(BaseCommand):
    help = (
        "Give every badge its display image (at most 1024x1024, no metadata), made from "
        "its stored image or its baked file; unusable images are dropped. Run once after "
        "upgrading; running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        changed = make_display_images()
        self.stdout.write(f"Display images made or replaced for {changed} badge(s).")
