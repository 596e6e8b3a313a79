"""The accounts app's tasks, where the worker looks for them."""

from passport.accounts.exports import build_data_export, delete_expired_exports

__all__ = ["build_data_export", "delete_expired_exports"]
