"""Rate-limit counters in the app's own database, shared by every worker and every server.

A ``limits`` store (``limits.storage.Storage``, its documented extension point) for the limits
that must count once for a whole school: sign-in, registration, class codes. One row a key: its
count and the time its fixed window ends. A count is one statement, ``INSERT ... ON CONFLICT DO
UPDATE ... RETURNING``, atomic on SQLite (3.35 or later) and on PostgreSQL alike, so two workers
counting the same key at once both see their own, distinct totals: no read-then-write race.

Ended windows read as zero and restart at the next count; their rows are deleted by the counts
themselves, at most every ``SWEEP_SECONDS`` per process, so the table stays small.
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import Engine, Float, Integer, String, bindparam, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from teaching.storage.db import Base

SCHEME = "teaching-database"
SWEEP_SECONDS = 60.0
KEY_LENGTH = 255


class RateCounter(Base):
    """One limit's count in its current window."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    window_ends: Mapped[float] = mapped_column(Float)  # seconds since the epoch


def _upsert(dialect: str) -> Any:
    """Build the counting statement in the dialect's words (both say ON CONFLICT)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    amount, ends = bindparam("amount", type_=Integer), bindparam("ends", type_=Float)
    # In DO UPDATE the column names the row already stored: its window, if not ended, goes on.
    ended = RateCounter.window_ends <= bindparam("now")
    statement = insert(RateCounter).values(key=bindparam("key"), count=amount, window_ends=ends)
    return statement.on_conflict_do_update(
        index_elements=[RateCounter.key],
        set_={"count": case((ended, amount), else_=RateCounter.count + amount),
              "window_ends": case((ended, ends), else_=RateCounter.window_ends)},
    ).returning(RateCounter.count)


_READ = select(RateCounter.count, RateCounter.window_ends).where(
    RateCounter.key == bindparam("key"))


class DatabaseCounters(Storage):
    """Fixed-window counters in the ``rate_limit_counter`` table of the app's database."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 engine: Engine | None = None, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if engine is None:
            raise ValueError(f"The {SCHEME} store counts in the app's database: pass its engine.")
        self.engine = engine
        self.count_statement = _upsert(engine.dialect.name)
        self.next_sweep = 0.0

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Return the errors this store may raise: the database's."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count ``amount`` in the key's window (a new one if it has ended); return the count."""
        now = time.time()
        with self.engine.connect() as connection:
            count = connection.execute(self.count_statement, {
                "key": key[:KEY_LENGTH], "amount": amount, "ends": now + expiry, "now": now,
            }).scalar_one()
            if now >= self.next_sweep:
                self.next_sweep = now + SWEEP_SECONDS
                connection.execute(delete(RateCounter).where(RateCounter.window_ends <= now))
            connection.commit()
        return int(count)

    def _window(self, key: str) -> tuple[int, float]:
        with self.engine.connect() as connection:
            row = connection.execute(_READ, {"key": key[:KEY_LENGTH]}).first()
        return (int(row[0]), float(row[1])) if row is not None else (0, 0.0)

    def get(self, key: str) -> int:
        """Return the count in the key's window (0 if it has ended)."""
        count, ends = self._window(key)
        return count if ends > time.time() else 0

    def get_expiry(self, key: str) -> float:
        """Return when the key's window ends (now, if it has no window)."""
        now = time.time()
        ends = self._window(key)[1]
        return ends if ends > now else now

    def check(self) -> bool:
        """Say whether the database answers."""
        try:
            self._window("")
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; return how many there were."""
        with self.engine.connect() as connection:
            removed = connection.execute(delete(RateCounter)).rowcount
            connection.commit()
        return removed

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with self.engine.connect() as connection:
            connection.execute(delete(RateCounter).where(RateCounter.key == key[:KEY_LENGTH]))
            connection.commit()
