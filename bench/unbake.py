"""Unbaking a large PNG: our chunk walker against the reference unbaker.

Run as ``python bench/unbake.py``. Builds noise PNGs (so the pixels do not compress away)
with the badge chunk after the image data, the worst case for a reader, then checks:

- speed: ``extract_from_png`` is at least 10 times faster than ``openbadges_bakery``;
- memory: what ``extract_from_png`` allocates does not grow with the image size.

Exits with status 1 when either check fails.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

# Run as a script from anywhere: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openbadges_bakery

from badges.openbadges.bake import extract_from_png

MB = 1024 * 1024
WIDTH = 2048  # RGB pixels per row
# Encoders split the pixels into IDAT chunks: Pillow of 64 KB, libpng of 8 KB. We pay
# per chunk header, the reference reader per byte, so small chunks are our worst case.
LAYOUTS = {"Pillow, 64 KB IDAT": 65536, "libpng, 8 KB IDAT": 8192}
PAYLOAD = '{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:x:1"}'
MIN_SPEEDUP = 10
MAX_MEMORY_GROWTH = 16 * 1024  # bytes; chunk bookkeeping only, never image data
ROUNDS = 5


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(data, zlib.crc32(kind))
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def noise_png(size: int, idat_size: int) -> bytes:
    """A valid RGB PNG of about ``size`` bytes, its openbadges iTXt after the pixels."""
    row = 1 + WIDTH * 3  # filter byte "None", then random pixels
    rows = b"".join(b"\x00" + os.urandom(row - 1) for _ in range(size // row))
    pixels = zlib.compress(rows, 0)  # stored blocks: noise would not shrink anyway
    header = struct.pack(">IIBBBBB", WIDTH, size // row, 8, 2, 0, 0, 0)
    parts = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header)]
    parts += [_chunk(b"IDAT", pixels[i : i + idat_size]) for i in range(0, len(pixels), idat_size)]
    parts += [_chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + PAYLOAD.encode())]
    parts += [_chunk(b"IEND", b"")]
    return b"".join(parts)


def best_time(read: Callable[[], object], rounds: int = ROUNDS) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        read()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_allocation(data: bytes) -> int:
    """Peak bytes allocated while reading ``data``, beyond what was already held."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    baseline = tracemalloc.get_traced_memory()[0]
    extract_from_png(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - baseline


def check_speed(data: bytes, layout: str) -> bool:
    assert extract_from_png(data) == PAYLOAD
    assert openbadges_bakery.unbake(io.BytesIO(data)) == PAYLOAD
    ours = best_time(lambda: extract_from_png(data))
    theirs = best_time(lambda: openbadges_bakery.unbake(io.BytesIO(data)))
    ratio = theirs / ours
    print(f"image: {len(data) / MB:.1f} MB ({layout}), badge chunk after the image data")
    print(f"  extract_from_png       {ours * 1000:9.3f} ms (best of {ROUNDS})")
    print(f"  openbadges_bakery      {theirs * 1000:9.3f} ms (best of {ROUNDS})")
    print(f"  speed-up               {ratio:9.1f}x (needed: {MIN_SPEEDUP}x)")
    return ratio >= MIN_SPEEDUP


def check_memory(small: bytes, large: bytes) -> bool:
    extract_from_png(small)  # warm up caches so they do not count as growth
    small_peak, large_peak = peak_allocation(small), peak_allocation(large)
    growth = large_peak - small_peak
    print("peak allocation while reading (tracemalloc, beyond the image bytes):")
    print(f"  {len(small) / MB:5.1f} MB image          {small_peak / 1024:9.1f} KiB")
    print(f"  {len(large) / MB:5.1f} MB image          {large_peak / 1024:9.1f} KiB")
    flat = growth <= MAX_MEMORY_GROWTH
    verdict = "does not grow" if flat else "GROWS"
    print(f"  {verdict} with image size ({growth / 1024:+.1f} KiB)")
    return flat


def main() -> int:
    fast = True
    for layout, idat_size in LAYOUTS.items():
        fast = check_speed(noise_png(25 * MB, idat_size), layout) and fast
    # The most chunks per megabyte: any per-chunk bookkeeping kept would show here.
    idat_size = min(LAYOUTS.values())
    flat = check_memory(noise_png(5 * MB, idat_size), noise_png(25 * MB, idat_size))
    return 0 if fast and flat else 1


if __name__ == "__main__":
    sys.exit(main())
