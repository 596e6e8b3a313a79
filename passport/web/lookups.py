"""The lookup a kept public page makes on every visit, turned into SQL once per process.

A page served from the cache still asks the database whether its badge, collection or
profile is shown (a private or deleted thing must answer 404 at once, whatever the cache
holds). Building that query with the ORM took ten times longer than running it, so the
ORM builds it once, with a marker where the visited id goes, and each visit only runs it.
The rule stays the ORM's (``shown_publicly()`` and the like): nothing is written twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

_MARKER = "\x00visited-id\x00"


class OneValueLookup:
    """``lookup(value)``: the row of ``build(value)`` (a ``values_list`` query), or None.
    ``build`` must use ``value`` exactly once, as a plain parameter, to find one row by a
    unique column: the query is run without its model's ordering, which would only add a
    sort (and, with a cold planner, an index scan in the wrong order)."""

    def __init__(self, build: Callable[[str], QuerySet]) -> None:
        self._build = build
        self._compiled: dict[str, tuple[str, tuple, int]] = {}
        self._lock = threading.Lock()

    def __call__(self, value: str) -> tuple | None:
        sql, params, index = self._compiled.get(connection.vendor) or self._compile()
        params = (*params[:index], value, *params[index + 1 :])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def _compile(self) -> tuple[str, tuple, int]:
        with self._lock:
            sql, params = self._build(_MARKER).order_by()[:1].query.sql_with_params()
            if list(params).count(_MARKER) != 1:
                raise ValueError("the lookup must use its value exactly once")
            compiled = (sql, tuple(params), list(params).index(_MARKER))
            self._compiled[connection.vendor] = compiled
            return compiled
