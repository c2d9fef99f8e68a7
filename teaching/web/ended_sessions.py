"""Which sessions have ended: signed out, or from before a password change, on any worker.

A cookie outlives its sign-out: anyone who copied it could replay it. So the session also
carries the account's session generation from when it signed in, and signing out or changing
the password raises the account's generation in the database: a session of an older
generation is over. The re-read of the account compares generations; until that is due, each
worker knows the generations raised lately (EndedSessions), learning its own at once and the
others' by one small query. It asks when a sign-out on this machine has touched a signal file
in the instance folder (one stat() per request, about a microsecond), and in any case every
SESSION_CHECK_SECONDS for sign-outs on other app servers. A replayed cookie therefore gets the
sign-in page at once from every worker of the server that signed it out, and within a second
from other servers, for no query on the requests in between.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from teaching.storage.models import utcnow
from teaching.storage.users import sessions_ended_since
from teaching.web.state import app_state

# How long a session's copy of who it is may go unread from the database (see web.auth).
IDENTITY_RECHECK_SECONDS = 60
SESSION_CHECK_SECONDS = 1.0
# Time allowed for clocks of different app servers to disagree, and for a sign-out's
# transaction to commit after the time it recorded; a query the signal file prompted looks back
# only SIGNAL_MARGIN_SECONDS (the sign-out was on this machine's clock, and is committed).
CLOCK_MARGIN_SECONDS = 10
SIGNAL_MARGIN_SECONDS = 1
SIGNAL_FILE = "sessions-ended"  # in the instance folder, unless SESSIONS_ENDED_FILE says


@dataclass
class EndedSessions:
    """The session generations this worker knows were raised lately, by account."""

    interval: float
    signal: Path  # touched by every sign-out on this machine
    latest: dict[int, tuple[int, float]] = field(default_factory=dict)  # id: (generation, when)
    checked: float | None = None  # time.monotonic() of the last query
    read_from: float | None = None  # wall-clock time (Unix s) the last query by the clock started
    signalled_from: float = 0.0  # wall-clock time (Unix s) the last query of either kind started
    signal_seen: tuple[int, int] = (0, 0)  # the signal file's stamp at the last query
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _signal_stamp(self) -> tuple[int, int]:
        try:
            status = os.stat(self.signal)
        except OSError:
            return (0, 0)
        return (status.st_mtime_ns, status.st_size)

    def announce(self) -> None:
        """Tell the other workers of this machine that sessions ended (after the commit)."""
        # One byte more each time: file times tick only every few milliseconds, so two
        # sign-outs close together could leave the time as it was, but never the size.
        try:
            descriptor = os.open(self.signal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if os.write(descriptor, b".") and os.fstat(descriptor).st_size >= 65_536:
                    os.ftruncate(descriptor, 0)
            finally:
                os.close(descriptor)
        except OSError:  # a read-only instance folder: they learn it by the clock instead
            pass

    def learn(self, user_id: int, generation: int) -> None:
        """Remember that sessions of this account before ``generation`` are over."""
        known = self.latest.get(user_id)
        if known is None or known[0] < generation:
            self.latest[user_id] = (generation, time.monotonic())

    def is_over(self, user_id: int, generation: int) -> bool:
        """Say whether a session of this generation is known to be over."""
        known = self.latest.get(user_id)
        return known is not None and generation < known[0]

    def _due(self, now: float) -> bool | None:
        """Say why a query is due: True for the clock, False for the signal, None if not."""
        if self.checked is None or now - self.checked >= self.interval:
            return True
        return False if self._signal_stamp() != self.signal_seen else None

    def refresh(self) -> None:
        """Ask the database for generations raised since the last time, when that is due."""
        now = time.monotonic()
        if self._due(now) is None:
            return
        with self.lock:  # with threaded workers, one thread asks while the others go on
            now = time.monotonic()
            by_clock = self._due(now)
            if by_clock is None:
                return
            stamp, started = self._signal_stamp(), time.time()
            if not by_clock:  # sign-outs on this machine, since the last query of either kind
                since = self.signalled_from - SIGNAL_MARGIN_SECONDS
            elif self.read_from is not None:
                since = self.read_from - CLOCK_MARGIN_SECONDS
            else:  # the first time, as far back as a session could go unread
                since = started - IDENTITY_RECHECK_SECONDS - 2 * CLOCK_MARGIN_SECONDS
            with app_state().database.session() as db:
                rows = sessions_ended_since(db, utcnow() - timedelta(seconds=started - since))
            for user_id, generation in rows:
                self.learn(user_id, generation)
            # Once every session older than an entry has been re-read, the entry has done its job.
            forget_before = now - IDENTITY_RECHECK_SECONDS - 2 * CLOCK_MARGIN_SECONDS
            for user_id, (_, learned) in list(self.latest.items()):
                if learned < forget_before:
                    del self.latest[user_id]
            self.signalled_from, self.signal_seen = started, stamp
            if by_clock:
                self.read_from, self.checked = started, now


def ended_sessions() -> EndedSessions:
    """Return this worker's record of sessions that ended lately."""
    ended = app_state().ended_sessions
    assert ended is not None, "auth.init_app sets it"
    return ended
