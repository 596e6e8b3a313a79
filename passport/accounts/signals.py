"""Signal handlers of the accounts app."""
