"""Baked badges: reading the badge that a PNG or SVG image or a text carries, and
baking one into a PNG.

The readers are tolerant (compressed chunks, either namespace, legacy layouts) and the
writer strict (one uncompressed iTXt chunk after IHDR), as the Open Badges baking
specification asks. The work is split by carrier into ``png``, ``svg`` and ``payload``;
this module is the one callers import.
"""

from __future__ import annotations

from .payload import Carrier, Kind, Payload, detect_payload, extract_payload
from .png import MAX_TEXT_BYTES, bake_png, extract_from_png
from .svg import extract_from_svg

__all__ = [
    "MAX_TEXT_BYTES",
    "Carrier",
    "Kind",
    "Payload",
    "bake_png",
    "detect_payload",
    "extract_from_png",
    "extract_from_svg",
    "extract_payload",
]
