"""Fixtures for importing badges: a fake issuer the import service fetches from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.openbadges.fake_issuer import FakeIssuer


def png_bytes(color=(30, 90, 200), size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def issuer(monkeypatch, media_root) -> FakeIssuer:
    """An issuer whose documents and badge image the import service fetches."""
    fake = FakeIssuer(base="https://issuer.example", name="Robot Academy")
    fake.fetcher.serve(f"{fake.base}/images/robotics.png", png_bytes(), content_type="image/png")
    monkeypatch.setattr("badges.fetching.get_fetcher", lambda: fake.fetcher)
    return fake


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
