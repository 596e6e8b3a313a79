"""What sharing offers the apps beside it (``pages``): share links for a public address.
``pages`` uses sharing only through this module."""

from __future__ import annotations

from sharing.share import ShareLink, social_links

__all__ = ["ShareLink", "social_links"]
