"""The one kind of failure the consumer reports: a sentence for the learner."""

from __future__ import annotations


class ConsumerError(Exception):
    """Something about the remote host that stops the step; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
