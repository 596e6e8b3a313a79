"""The production commands, read from the Makefile: compose.yaml and the tests use them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def makefile_commands() -> dict[str, str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z_]+) := (.+)$", text, flags=re.MULTILINE))


def command(name: str, bin_dir: Path) -> list[str]:
    """``name`` (SERVE_CMD, WORKER_CMD, BEAT_CMD) as argv, its program from ``bin_dir``."""
    program, *args = shlex.split(makefile_commands()[name])
    return [str(bin_dir / program), *args]
