"""Handing work to the task queue once the data it reads is committed."""

from __future__ import annotations

from functools import partial
from typing import Any

from celery import Task
from django.db.transaction import on_commit


def enqueue(task: Task, *args: Any) -> None:
    """Send ``task`` after the current transaction commits, so it never sees a missing row.

    Outside a transaction it is sent at once; without a broker it then runs at once.
    """
    on_commit(partial(task.delay, *args))
