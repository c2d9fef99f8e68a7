"""The course as served: the catalog of the course's files, with the banks published in the browser.

Published versions live in the database, so every app server of a school serves the same banks.
Whoever asks for the current catalog (a request, once) has it checked: at most every
``interval`` seconds one cheap query compares the newest version this server knows with the
database's; when they differ, only the banks whose newest version this server has not put in yet
are read and loaded (a publication costs every server one bank, not all of them). A reloaded
course (a new catalog) gets every published bank put in again. Banks in quizzes/ ship with the
course and cannot be replaced.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from teaching.content.banks import load_bank_text
from teaching.content.catalog import Catalog
from teaching.content.reloading import CatalogSource
from teaching.storage import published_banks
from teaching.storage.db import Database

log = logging.getLogger(__name__)


class ServedCatalog:
    """The one owner of the catalog the app serves: course files and published banks."""

    def __init__(self, files: CatalogSource, database: Database, interval: float = 5.0):
        self.files, self.database, self.interval = files, database, interval
        self._lock = threading.Lock()
        self._checked = -float("inf")
        self._change: int | None = None  # the newest published version put in, by its row id
        self._published_into: Catalog | None = None  # the catalog they were put into
        self._seen: dict[str, int] = {}  # each bank's version put in (or found broken), by row id

    @property
    def catalog(self) -> Catalog:
        """Return the catalog as last loaded, without checking files or database."""
        return self.files.catalog

    def current(self) -> Catalog:
        """Return the catalog, with the files and the published banks checked if they are due."""
        catalog = self.files.current()
        if catalog is not self._published_into or (
                time.monotonic() - self._checked >= self.interval):
            self.refresh(catalog)
        return catalog

    def refresh(self, catalog: Catalog | None = None, force: bool = False) -> None:
        """Serve the newest published version of each bank, if the database has newer ones."""
        catalog = catalog if catalog is not None else self.files.current()
        # A reloaded course is a new catalog: it needs the published banks put in again.
        fresh = catalog is not self._published_into
        force = force or fresh
        # Another request at it: serve the catalog as it is meanwhile (a publication waits).
        if not self._lock.acquire(blocking=force):
            return
        try:
            self._checked = time.monotonic()
            seen = {} if fresh else self._seen
            try:
                with self.database.session() as session:
                    change = published_banks.last_change(session)
                    if change == self._change and not force:
                        return
                    latest = published_banks.latest_ids(session)
                    due = [row_id for quiz_id, row_id in latest.items()
                           if seen.get(quiz_id) != row_id]
                    versions = published_banks.versions_by_id(session, due) if due else []
            except SQLAlchemyError:
                return  # no table yet (before init-db): serve the course's own banks
            for version in versions:
                current = catalog.quizzes.get(version.quiz_id)
                if current is not None and current.origin == "course":
                    continue  # a bank in quizzes/ wins: it ships with the course
                quiz, problems = load_bank_text(version.source, Path(version.filename),
                                                catalog.lessons, zone=self.files.zone)
                if quiz is None:
                    log.warning("published bank %s v%s no longer loads: %s", version.quiz_id,
                                version.version, "; ".join(map(str, problems)))
                    continue
                catalog.quizzes[quiz.id] = replace(quiz, origin="published")
            self._seen = {**seen, **latest}
            self._change, self._published_into = change, catalog
        finally:
            self._lock.release()
