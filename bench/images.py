"""Memory the image path takes: the worst picture allowed, a refused one, six at once.

Each case runs in a process of its own, because the peak resident size a process
reports (``resource.getrusage``) only ever grows, and on Linux a new process starts
from the peak of the one that started it. So the inputs are made by a process of
their own and read from files, and the parent stays small. A case notes its peak once
it holds its input; what is printed is how far the work itself raised that peak.

- decode 25 MP PNG: ``open_image`` of the largest picture allowed (5000×5000 RGBA);
- display copy of it / of a 25 MP JPEG: re-encoding a badge image for display;
- a 100000×100000 header: refused before any pixel is decoded;
- six copies at once: six threads re-encoding 25 MP pictures together, with the
  decode cap at 2 (the default) and, for comparison, at 6.

Run: python bench/images.py
"""

from __future__ import annotations

import io
import resource
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIDE = 5000  # 25 megapixels: passport.web.images.MAX_PIXELS
CASES = {
    "decode 25 MP PNG": ("png", "decode", 2, 1),
    "display copy of a 25 MP PNG": ("png", "copy", 2, 1),
    "display copy of a 25 MP JPEG": ("jpeg", "copy", 2, 1),
    "a 100000x100000 header (refused)": ("huge", "copy", 2, 1),
    "six display copies at once, cap 2": ("png", "copy", 2, 6),
    "six display copies at once, cap 6": ("png", "copy", 6, 6),
}


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _picture(kind: str) -> bytes:
    from PIL import Image

    if kind == "huge":
        return _huge_png_header(100_000, 100_000)
    # Gradients and coarse noise: detail enough, yet under the 10 MB upload limit.
    base = Image.linear_gradient("L").resize((SIDE, SIDE))
    noise = Image.effect_noise((SIDE // 4, SIDE // 4), 24).resize((SIDE, SIDE), Image.NEAREST)
    picture = Image.merge("RGBA", (base, noise, base.transpose(Image.Transpose.ROTATE_90), base))
    buffer = io.BytesIO()
    if kind == "jpeg":
        picture.convert("RGB").save(buffer, "JPEG", quality=90)
    else:
        picture.save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()


def _huge_png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def child(name: str, folder: str) -> None:
    """Run one case and print: input size (MB), peak rise (MB), seconds, outcome."""
    from django.conf import settings

    kind, work, cap, threads = CASES[name]
    settings.configure(IMAGE_DECODE_CONCURRENCY=cap, IMAGE_DECODE_WAIT=120)
    from passport.web.images import UnusableImage, display_copy, open_image

    data = (Path(folder) / kind).read_bytes()
    outcomes: list[str] = []

    def run() -> None:
        try:
            if work == "decode":
                outcomes.append("x".join(map(str, open_image(data).size)))
            else:
                outcomes.append(f"{len(display_copy(data)) // 1024} KB PNG")
        except UnusableImage as refused:
            outcomes.append(f"refused: {refused.code}")

    before, start = _peak_mb(), time.perf_counter()
    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    outcome = outcomes[0] if len(set(outcomes)) == 1 else ", ".join(outcomes)
    print(f"{len(data) / 1e6:.1f}\t{_peak_mb() - before:.0f}\t{elapsed:.2f}\t{outcome}")


def main() -> None:
    print(f"{'case':36} {'input MB':>9} {'peak +MB':>9} {'seconds':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, __file__, "--make", folder], check=True)
        for name in CASES:
            result = subprocess.run(
                [sys.executable, __file__, "--child", name, folder],
                capture_output=True,
                text=True,
                check=True,
            )
            size, rise, seconds, outcome = result.stdout.strip().split("\t")
            print(f"{name:36} {size:>9} {rise:>9} {seconds:>8}  {outcome}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        for kind in ("png", "jpeg", "huge"):
            (Path(sys.argv[2]) / kind).write_bytes(_picture(kind))
    elif sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        main()
