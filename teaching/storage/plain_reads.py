"""Read statements run straight on a pooled DBAPI connection: for the page every student reloads.

Around one short read, SQLAlchemy's ``Connection`` cost the question page several times what
SQLite took to answer it: the connection object, its transaction begun and rolled back, and an
execution context per statement (together about a tenth of the page's CPU). A ``PlainReader``
takes the pooled DBAPI connection itself (``Engine.raw_connection``, SQLAlchemy's documented
way to it), runs statements that SQLAlchemy compiled once per dialect, and converts each
column with its type's own result processor (``TypeEngine.result_processor``), so that its
rows hold what SQLAlchemy's would. Parameters are passed to the driver as they are, so only
strings and whole numbers are taken (SQLAlchemy would convert other types first), and every
parameter must be given by name: a value written into the statement itself is refused. Errors
arrive as SQLAlchemy's exception classes of the same PEP 249 names, so a busy database is still
a 503. It only reads: a statement that writes or locks is refused.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, exc
from sqlalchemy.engine import Dialect

from teaching.lru import BoundedCache

# PEP 249's errors, most specific first, each raised as SQLAlchemy's class of the same name.
_ERRORS = ("IntegrityError", "OperationalError", "ProgrammingError", "DataError",
           "InternalError", "NotSupportedError", "DatabaseError", "InterfaceError")


@dataclass(frozen=True)
class _Prepared:
    """A statement as one dialect runs it: its SQL, its parameters' order, its row type."""

    sql: str
    positions: tuple[str, ...] | None  # a positional paramstyle's order of the parameters
    row: Callable[..., Any]  # a named tuple of the selected columns
    types: tuple[Any, ...]  # each column's SQLAlchemy type
    names: frozenset[str]  # the parameters the statement takes, all of which must be given


# By statement (the module-level constants of the read paths, a fixed few) and dialect; bounded
# all the same, should a statement ever be built per call.
_prepared: BoundedCache[_Prepared] = BoundedCache(64)
_processors: BoundedCache[tuple[Callable[[Any], Any] | None, ...]] = BoundedCache(64)


def _prepare(statement: Select[Any], dialect: Dialect) -> _Prepared:
    key = (statement, dialect.name)
    found = _prepared.get(key)
    if found is None:
        compiled = statement.compile(dialect=dialect)
        sql = compiled.string
        if sql.lstrip()[:6].upper() != "SELECT" or " FOR " in sql:
            raise ValueError("a plain reader runs only statements that read")
        columns = list(statement.selected_columns)
        row = namedtuple("Row", [column.key for column in columns], rename=True)  # type: ignore[misc]
        positions = compiled.positiontup  # None for a named paramstyle (psycopg's)
        found = _prepared.put(key, _Prepared(
            sql, None if positions is None else tuple(positions), row,
            tuple(column.type for column in columns), frozenset(compiled.params)))
    return found


def _column_processors(statement: Select[Any], prepared: _Prepared, dialect: Dialect,
                       description: Sequence[Any]) -> tuple[Callable[[Any], Any] | None, ...]:
    """Return each column's result processor, as SQLAlchemy would apply it (None: as it is)."""
    key = (statement, dialect.name)
    found = _processors.get(key)
    if found is None:
        found = _processors.put(key, tuple(
            type_.dialect_impl(dialect).result_processor(dialect, column[1])
            for type_, column in zip(prepared.types, description, strict=True)))
    return found


def _as_sqlalchemy(error: Exception, dialect: Dialect, sql: str, arguments: Any) -> exc.DBAPIError:
    """Return the driver's error as SQLAlchemy's exception class of the same PEP 249 name."""
    dbapi = dialect.loaded_dbapi
    for name in _ERRORS:
        if isinstance(error, getattr(dbapi, name)):
            kind: type[exc.DBAPIError] = getattr(exc, name)
            return kind(sql, arguments, error)
    return exc.DBAPIError(sql, arguments, error)


class PlainResult:
    """The rows of one statement, fetched: named tuples, as SQLAlchemy's rows read."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def all(self) -> list[Any]:
        """Return every row."""
        return self.rows

    def first(self) -> Any | None:
        """Return the first row, or None."""
        return self.rows[0] if self.rows else None

    def scalar(self) -> Any:
        """Return the first column of the first row, or None."""
        return self.rows[0][0] if self.rows else None


class PlainReader:
    """A pooled DBAPI connection for statements that only read; close it when done."""

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect
        self.connection = engine.raw_connection()

    def execute(self, statement: Select[Any], parameters: dict[str, Any]) -> PlainResult:
        """Run a read statement with named parameters; return its rows, converted."""
        prepared = _prepare(statement, self.dialect)
        if set(parameters) != prepared.names:
            raise ValueError("a plain reader needs every parameter by name, and only those: "
                             f"the statement takes {sorted(prepared.names)}")
        if not all(isinstance(value, str | int) and not isinstance(value, bool)
                   for value in parameters.values()):
            raise TypeError("a plain reader takes only strings and whole numbers as parameters; "
                            "read other types through a session")
        arguments: Any = (parameters if prepared.positions is None
                          else [parameters[name] for name in prepared.positions])
        cursor = self.connection.cursor()
        try:
            cursor.execute(prepared.sql, arguments)
            fetched = cursor.fetchall()
            processors = _column_processors(statement, prepared, self.dialect,
                                            cursor.description)
        except self.dialect.loaded_dbapi.Error as error:
            if self.dialect.is_disconnect(error, self.connection, cursor):
                self.connection.invalidate(error)
            raise _as_sqlalchemy(error, self.dialect, prepared.sql, arguments) from error
        finally:
            cursor.close()
        row = prepared.row
        if not any(processors):
            return PlainResult([row(*values) for values in fetched])
        return PlainResult([row(*[value if process is None or value is None else process(value)
                                  for process, value in zip(processors, values, strict=True)])
                            for values in fetched])

    def close(self) -> None:
        """Hand the connection back to the pool."""
        self.connection.close()
