"""The backpack's forms: importing badges, and organising them (gallery, tags,
collections, bulk actions)."""
