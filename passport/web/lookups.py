"""The lookup a kept public page makes on every visit, turned into SQL once per process.

A page served from the cache still asks the database whether its badge, collection or
profile is shown (a private or deleted thing must answer 404 at once, whatever the cache
holds). Building that query with the ORM took ten times longer than running it, so the
ORM builds it once, with a marker where the visited id goes, and each visit only runs it.
The rule stays the ORM's (``shown_publicly()`` and the like): nothing is written twice.

On PostgreSQL the query is also prepared once per connection: planning a join took
longer than running it, and a kept page does little else. ``DATABASE_PREPARED_LOOKUPS =
False`` turns this off behind a pooler that hands each statement to any server
connection (PgBouncer in transaction mode), where a prepared statement is not found.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.signals import connection_created
from django.db.models import QuerySet

_MARKER = "\x00visited-id\x00"
NUMBER_MARKER = -7_319_557_123_468  # for a lookup by a number (a learner's id, say)
_names = itertools.count(1)


class OneValueLookup:
    """``lookup(value)``: the row of ``build(value)`` (a ``values_list`` query), or None.
    ``build`` must use ``value`` exactly once, as a plain parameter, to find one row by a
    unique column: the query is run without its model's ordering, which would only add a
    sort (and, with a cold planner, an index scan in the wrong order)."""

    def __init__(self, build: Callable, marker=_MARKER) -> None:
        self._build = build
        self._marker = marker
        self._compiled: dict[str, tuple[str, tuple, int]] = {}
        self._lock = threading.Lock()
        self.statement_name = f"passport_lookup_{next(_names)}"

    def __call__(self, value) -> tuple | None:
        with self._executed(value) as cursor:
            return cursor.fetchone()

    def _shaped(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by()[:1]

    def _executed(self, value):
        sql, params, index = self._compiled.get(connection.vendor) or self._compile()
        params = (*params[:index], value, *params[index + 1 :])
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_LOOKUPS:
            sql = self._prepared(sql, len(params))
        cursor = connection.cursor()
        cursor.execute(sql, params)
        return cursor

    def _compile(self) -> tuple[str, tuple, int]:
        with self._lock:
            sql, params = self._shaped(self._build(self._marker)).query.sql_with_params()
            if list(params).count(self._marker) != 1:
                raise ValueError("the lookup must use its value exactly once")
            compiled = (sql, tuple(params), list(params).index(self._marker))
            self._compiled[connection.vendor] = compiled
            return compiled

    def _prepared(self, sql: str, count: int) -> str:
        """The EXECUTE of this lookup's statement, prepared first on a new connection."""
        wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's, not the shared proxy
        wrapper.ensure_connection()  # first: a new connection starts with an empty set
        prepared = wrapper.__dict__.setdefault("passport_prepared", set())
        if self.statement_name not in prepared:
            numbered = iter(range(1, count + 1))
            body = re.sub(r"%s", lambda _: f"${next(numbered)}", sql)
            # Once per connection, like the backend's own session settings: through the
            # driver's cursor, so it is not one of the page's queries.
            with wrapper.connection.cursor() as cursor:
                cursor.execute(f"PREPARE {self.statement_name} AS {body}")
            prepared.add(self.statement_name)
        return f"EXECUTE {self.statement_name} ({', '.join(['%s'] * count)})"


class RowsLookup(OneValueLookup):
    """``lookup(value)``: every row of ``build(value)`` (a ``values_list`` query), in its
    order. For the few short lists a page draws after an edit (a profile's links, pages,
    collections): run like a lookup, each costs a round trip, not the ORM's building."""

    def __call__(self, value) -> list[tuple]:
        with self._executed(value) as cursor:
            return cursor.fetchall()

    def _shaped(self, queryset: QuerySet) -> QuerySet:
        return queryset


def _forget_prepared(sender, connection, **kwargs) -> None:
    # A new connection has none of the old one's statements.
    connection.__dict__["passport_prepared"] = set()


connection_created.connect(_forget_prepared)
