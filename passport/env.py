"""Typed readers for settings from the environment.

A malformed value raises ``ImproperlyConfigured`` at start-up instead of being
guessed at: a typo in production must be loud.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """A string setting; an empty value counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_named_locations(name: str) -> list[tuple[str, str]]:
    """Comma-separated ``Name=location`` pairs, each location a file path or an https URL
    (``ISSUER_REGISTRIES``)."""
    pairs = []
    for entry in env_list(name):
        label, sep, location = entry.partition("=")
        if not sep or not label.strip() or not location.strip():
            raise ImproperlyConfigured(f"{name}: {entry!r} is not Name=path-or-https-URL.")
        location = location.strip()
        if location.startswith("http://"):
            raise ImproperlyConfigured(f"{name}: {location!r} must be https.")
        pairs.append((label.strip(), location))
    return pairs
