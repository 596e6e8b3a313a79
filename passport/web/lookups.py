"""The lookup a kept public page makes on every visit, turned into SQL once per process.

A page served from the cache still asks the database whether its badge, collection or
profile is shown (a private or deleted thing must answer 404 at once, whatever the cache
holds). Building that query with the ORM took ten times longer than running it, so the
ORM builds it once, with a marker where the visited id goes, and each visit only runs it.
The rule stays the ORM's (``shown_publicly()`` and the like): nothing is written twice,
and the rows read come back converted as the ORM's would. The same serves the short
lists and the page of cards a first view after an edit reads (``RowsLookup``,
``PageOfRowsLookup``, ``RowsForIdsLookup``).

On PostgreSQL the query is also prepared once per connection: planning a join took
longer than running it, and a kept page does little else. ``DATABASE_PREPARED_LOOKUPS =
False`` turns this off behind a pooler that hands each statement to any server
connection (PgBouncer in transaction mode), where a prepared statement is not found.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.signals import connection_created
from django.db.models import QuerySet

_MARKER = "\x00visited-id\x00"
NUMBER_MARKER = -7_319_557_123_468  # for a lookup by a number (a learner's id, say)
_names = itertools.count(1)


class _Compiled(NamedTuple):
    sql: str
    params: tuple
    index: int  # of the visited value among the parameters (the first, if several)
    indices: tuple  # of every use of the visited value
    # What the ORM does to each column it reads (dates from SQLite's text, JSON decoded):
    # (position, converters, expression), applied to the rows as the ORM would.
    converters: tuple


class OneValueLookup:
    """``lookup(value)``: the row of ``build(value)`` (a ``values_list`` query), or None.
    ``build`` must use ``value`` exactly once, as a plain parameter, to find one row by a
    unique column: the query is run without its model's ordering, which would only add a
    sort (and, with a cold planner, an index scan in the wrong order)."""

    uses_value_once = True  # else (a union of lookups) wherever the query uses it

    def __init__(self, build: Callable, marker=_MARKER) -> None:
        self._build = build
        self._marker = marker
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()
        self.statement_name = f"passport_lookup_{next(_names)}"

    def __call__(self, value) -> tuple | None:
        with self._executed(value) as (cursor, converters):
            row = cursor.fetchone()
        return row if row is None else _converted([row], converters)[0]

    def _shaped(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by()[:1]

    def _executed(self, value, extra: Sequence = ()):
        compiled = self._compiled.get(connection.vendor) or self._compile()
        params = list(compiled.params)
        for index in compiled.indices:
            params[index] = value
        sql, params = self._statement(compiled.sql, (*params, *extra), compiled.index)
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_LOOKUPS:
            sql = self._prepared(sql, len(params))
        cursor = connection.cursor()
        cursor.execute(sql, params)
        return _Executed(cursor, compiled.converters)

    def _statement(self, sql: str, params: tuple, index: int) -> tuple[str, tuple]:
        """The SQL and parameters run for one call (``params[index]`` is its value)."""
        return sql, params

    def _compile(self) -> _Compiled:
        with self._lock:
            compiler = self._shaped(self._build(self._marker)).query.get_compiler(
                connection=connection
            )
            sql, params = compiler.as_sql()
            indices = tuple(i for i, param in enumerate(params) if param == self._marker)
            if not indices or (self.uses_value_once and len(indices) != 1):
                raise ValueError("the lookup must use its value exactly once")
            columns = [column for column, *_ in compiler.select[: compiler.col_count]]
            converters = tuple(
                (position, tuple(functions), expression)
                for position, (functions, expression) in compiler.get_converters(columns).items()
            )
            compiled = _Compiled(sql, tuple(params), indices[0], indices, converters)
            self._compiled[connection.vendor] = compiled
            return compiled

    def _prepared(self, sql: str, count: int) -> str:
        return _prepared(self.statement_name, sql, count)


def _prepared(statement_name: str, sql: str, count: int) -> str:
    """The EXECUTE of a statement (``count`` ``%s`` parameters), prepared first on a new
    connection."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's, not the shared proxy
    wrapper.ensure_connection()  # first: a new connection starts with an empty set
    prepared = wrapper.__dict__.setdefault("passport_prepared", set())
    if statement_name not in prepared:
        numbered = iter(range(1, count + 1))
        body = re.sub(r"%s", lambda _: f"${next(numbered)}", sql)
        # Once per connection, like the backend's own session settings: through the
        # driver's cursor, so it is not one of the page's queries.
        with wrapper.connection.cursor() as cursor:
            cursor.execute(f"PREPARE {statement_name} AS {body}")
        prepared.add(statement_name)
    return f"EXECUTE {statement_name} ({', '.join(['%s'] * count)})"


class PreparedSQL:
    """A statement of our own, with named parameters (``%(name)s``), run prepared on
    PostgreSQL: for SQL the ORM does not write whose planning costs more than its
    running (a count across a learner's badges, say)."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.statement_name = f"passport_lookup_{next(_names)}"
        self._order = re.findall(r"%\((\w+)\)s", sql)
        self._positional = re.sub(r"%\(\w+\)s", "%s", sql)

    def execute(self, cursor, params: dict) -> None:
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_LOOKUPS:
            values = [params[name] for name in self._order]
            cursor.execute(_prepared(self.statement_name, self._positional, len(values)), values)
        else:
            cursor.execute(self.sql, params)


class _Executed(NamedTuple):
    cursor: object
    converters: tuple

    def __enter__(self):
        self.cursor.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.cursor.__exit__(*exc)


def _converted(rows: list[tuple], converters: tuple) -> list[tuple]:
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, functions, expression in converters:
            for function in functions:
                values[position] = function(values[position], expression, connection)
        converted.append(tuple(values))
    return converted


class RowsLookup(OneValueLookup):
    """``lookup(value)``: every row of ``build(value)`` (a ``values_list`` query), in its
    order. For the few short lists a page draws after an edit (a profile's links, pages,
    collections): run like a lookup, each costs a round trip, not the ORM's building."""

    def __call__(self, value) -> list[tuple]:
        with self._executed(value) as (cursor, converters):
            return _converted(cursor.fetchall(), converters)

    def _shaped(self, queryset: QuerySet) -> QuerySet:
        return queryset


class ListsLookup(RowsLookup):
    """``lookup(value)``: every row of ``build(value)``, a union of short lists that each
    use ``value``: several lists a page draws in one round trip."""

    uses_value_once = False


class PageOfRowsLookup(RowsLookup):
    """``lookup(value, limit, offset)``: one page of the rows of ``build(value)``, which
    must be ordered and not sliced. The slice is a parameter (the ORM writes it into the
    SQL), so every page of a gallery runs the one statement."""

    def __call__(self, value, limit: int = 0, offset: int = 0) -> list[tuple]:
        with self._executed(value, (int(limit), int(offset))) as (cursor, converters):
            return _converted(cursor.fetchall(), converters)

    def _shaped(self, queryset: QuerySet) -> QuerySet:
        if queryset.query.is_sliced or not queryset.ordered:
            raise ValueError("a page of rows needs an ordered query that is not sliced")
        return queryset

    def _statement(self, sql: str, params: tuple, index: int) -> tuple[str, tuple]:
        return f"{sql} LIMIT %s OFFSET %s", params


class RowsForIdsLookup(RowsLookup):
    """``lookup(ids)``: the rows of ``build(ids)``, which must filter with ``__in`` on the
    list it is given (and use no other list). Run as one statement whatever the number of
    ids: an array on PostgreSQL, as many placeholders as ids elsewhere."""

    def __init__(self, build: Callable) -> None:
        super().__init__(lambda marker: build([marker]), marker=NUMBER_MARKER)

    def __call__(self, ids: Sequence[int]) -> list[tuple]:
        if not ids:
            return []
        with self._executed(list(ids)) as (cursor, converters):
            return _converted(cursor.fetchall(), converters)

    def _statement(self, sql: str, params: tuple, index: int) -> tuple[str, tuple]:
        before, placeholder, after = _split_at_placeholder(sql, index)
        if not before.endswith("IN (") or not after.startswith(")"):
            raise ValueError("the lookup must filter with __in on its list of ids")
        ids = params[index]
        if connection.vendor == "postgresql":
            return f"{before[: -len('IN (')]}= ANY({placeholder}{after}", params
        marks = ", ".join([placeholder] * len(ids))
        return f"{before}{marks}{after}", (*params[:index], *ids, *params[index + 1 :])


def _split_at_placeholder(sql: str, index: int) -> tuple[str, str, str]:
    """``sql`` before and after its ``index``-th ``%s`` (counted from zero)."""
    parts = sql.split("%s")
    return "%s".join(parts[: index + 1]), "%s", "%s".join(parts[index + 1 :])


def _forget_prepared(sender, connection, **kwargs) -> None:
    # A new connection has none of the old one's statements.
    connection.__dict__["passport_prepared"] = set()


connection_created.connect(_forget_prepared)
