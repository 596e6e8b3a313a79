"""Access to the community's public sample badges, kept beside the repository.

The samples are read in place (never copied into the project). Where the folder is
absent, tests that need it skip with a reason; under CI it must be there, so they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"
OB30_DIR = "digital-credentials-public-validator/inspector-vc/src/test/resources/ob30"
OB20_DIR = "digital-credentials-public-validator/inspector-vc/src/test/resources/ob20"


def sample_path(relative: str) -> Path:
    """Path of one sample file; skips (or fails under CI) when samples are absent."""
    path = SAMPLES_DIR / relative
    if not path.exists():
        reason = f"public sample badges not found at ../shared/samples/{relative}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def sample_bytes(relative: str) -> bytes:
    return sample_path(relative).read_bytes()
