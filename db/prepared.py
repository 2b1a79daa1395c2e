"""Statements for the key path (giving the floor), compiled once for each database and
run on the driver's own cursor.

SQLAlchemy Core spends some 30 µs of Python on every statement it runs (looking the
statement up in its cache, an execution context, a result object), a few times what
SQLite needs for the statement itself; giving the floor runs a dozen. A ``Prepared``
statement is still written in SQLAlchemy, and compiled by it for the database at hand
(SQLite or PostgreSQL: nothing here is one dialect's), with its types' own conversions
for the values going in and the rows coming out; only the running is left to the
driver, inside the transaction the store opened. A driver's error is raised as
SQLAlchemy's (``sqlalchemy.exc.OperationalError`` …), as from any other statement, so
the storage guard and the callers see no difference.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Enum, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement


@dataclass(frozen=True)
class _Form:
    """The statement as one database runs it."""

    sql: str
    compiled: SQLCompiler
    positional: tuple[str, ...] | None  # the parameters' order, for drivers that use "?"
    binds: dict[str, Callable[[Any], Any]]
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, its type's conversion)
    row: Any  # a named tuple of the columns, if any come back


class Prepared:
    """One Core statement (a select, or an insert, update or delete, with or without
    RETURNING), run by the driver. Parameters are given by their bind names; an insert
    without values takes the columns it is given."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._forms: dict[tuple[str, str, str, tuple[str, ...]], _Form] = {}

    def first(self, connection: Connection, **params: Any) -> Any:
        """The first row, or None."""
        rows = self._run(connection, params, fetch=True)
        return rows[0] if rows else None

    def scalar(self, connection: Connection, **params: Any) -> Any:
        """The first column of the first row, or None."""
        row = self.first(connection, **params)
        return None if row is None else row[0]

    def all(self, connection: Connection, **params: Any) -> list[Any]:
        return self._run(connection, params, fetch=True)

    def run(self, connection: Connection, **params: Any) -> None:
        self._run(connection, params, fetch=False)

    def _run(self, connection: Connection, params: dict[str, Any], *, fetch: bool) -> list[Any]:
        dialect = connection.dialect
        key = (dialect.name, dialect.driver, dialect.paramstyle, tuple(params))
        form = self._forms.get(key) or self._forms.setdefault(key, self._form(dialect, params))
        values = form.compiled.construct_params(params)
        for name, process in form.binds.items():
            values[name] = process(values[name])
        arguments: Any = (
            values if form.positional is None else tuple(values[n] for n in form.positional)
        )
        driver = connection.connection.driver_connection
        cursor = driver.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(form.sql, arguments)
            rows = cursor.fetchall() if fetch and cursor.description is not None else []
        except dialect.loaded_dbapi.Error as error:
            raise DBAPIError.instance(
                form.sql,
                arguments,
                error,
                dialect.loaded_dbapi.Error,
                # A lost connection is said as SQLAlchemy says it (the guard retries then).
                connection_invalidated=dialect.is_disconnect(error, driver, cursor),
                dialect=dialect,
            ) from error
        finally:
            cursor.close()
        if form.row is None:
            return rows
        make = form.row._make
        converted = form.converted
        if not converted:
            return [make(row) for row in rows]
        made = []
        for row in rows:  # a list of 1,000 is read at every change to it: no generators
            columns = list(row)
            for index, process in converted:
                columns[index] = process(columns[index])
            made.append(make(columns))
        return made

    def _form(self, dialect: Dialect, params: dict[str, Any]) -> _Form:
        compiled = self.statement.compile(dialect=dialect, column_keys=list(params))
        assert isinstance(compiled, SQLCompiler)
        # Not for statements whose text depends on the values (IN lists, escaped names),
        # nor for defaults worked out in Python at each run: every column is given.
        if compiled.escaped_bind_names or any(b.expanding for b in compiled.binds.values()):
            raise ValueError(f"not a statement to prepare (its text varies): {compiled}")
        if compiled.insert_prefetch or compiled.update_prefetch:
            missing = [c.name for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]
            raise ValueError(f"give every column a value; missing: {', '.join(missing)}")
        binds = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for bind, name in compiled.bind_names.items()
        }
        columns = _columns(self.statement)
        return _Form(
            sql=compiled.string,
            compiled=compiled,
            positional=tuple(compiled.positiontup or ()) if compiled.positional else None,
            binds={name: p for name, p in binds.items() if p is not None},
            converted=tuple(
                (index, process)
                for index, (_name, type_) in enumerate(columns)
                if (process := _conversion(type_, dialect)) is not None
            ),
            row=namedtuple("Row", [name for name, _ in columns], rename=True) if columns else None,
        )


def _conversion(type_: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """How a column's stored value becomes Python's, by the column type's own processor.
    An enumeration's few stored values are converted once, here: a row then looks its
    value up in a table (a list of 1,000 has three such columns)."""
    process: Callable[[Any], Any] | None = type_.dialect_impl(dialect).result_processor(
        dialect, None
    )
    if process is None or not isinstance(type_, Enum) or not type_.enums:
        return process
    table: dict[Any, Any] = {stored: process(stored) for stored in type_.enums}
    table[None] = None
    return table.__getitem__  # a value not of the enumeration: KeyError, a LookupError


def _columns(statement: ClauseElement) -> Sequence[tuple[str, Any]]:
    """The names and types of the columns the statement gives back."""
    if isinstance(statement, Select):
        return [(str(column.key), column.type) for column in statement.selected_columns]
    returning = getattr(statement, "returning_column_descriptions", None)
    if returning:
        return [(found["name"], found["type"]) for found in returning]
    return []
