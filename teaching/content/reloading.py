"""Keep the course in step with its files while the app runs, without a restart.

Requests ask the source for the current catalog. At most every ``interval`` seconds one request
checks the files' sizes and modification times; when they changed, the catalog is rebuilt (only
the changed records are parsed, thanks to the build cache) and swapped in whole. A request holds
on to the catalog it started with, so nothing changes under it; quizzes already under way are
untouched, since each attempt keeps a snapshot of the questions it served.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from teaching.content.catalog import Catalog, load_catalog
from teaching.local_time import UTC_TIME, LocalTime


def content_fingerprint(lessons_dir: Path, quizzes_dir: Path) -> str:
    """Hash the names, sizes and modification times of every course file."""
    digest = hashlib.sha256()
    # A record's metadata (.yaml beside its .txt) is a course file too.
    for folder, suffixes in ((lessons_dir, (".yaml",)),
                             (lessons_dir / "documents", (".txt", ".yaml")),
                             (lessons_dir / "digests", (".yaml",)),
                             (lessons_dir / "maps", (".yaml",)),
                             (quizzes_dir, (".yaml",))):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.endswith(suffixes) and entry.is_file():
                info = entry.stat()
                digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class CatalogSource:
    """The course as files, handing out the current catalog and reloading it when they change."""

    def __init__(self, lessons_dir: Path, quizzes_dir: Path, cache_dir: Path | None = None,
                 interval: float = 2.0, on_reload: Callable[[Catalog], None] | None = None,
                 catalog: Catalog | None = None, zone: LocalTime = UTC_TIME):
        """Load the course from its folders, or start from ``catalog`` already loaded from them.

        The test suite parses the course once and hands each app a copy as ``catalog``. Banks'
        times without a zone are read in ``zone``, the school's.
        """
        self.lessons_dir, self.quizzes_dir, self.cache_dir = lessons_dir, quizzes_dir, cache_dir
        self.zone = zone
        self.interval = interval
        self.on_reload = on_reload
        self._lock = threading.Lock()
        self._fingerprint = content_fingerprint(lessons_dir, quizzes_dir)
        self._catalog = (catalog if catalog is not None
                         else load_catalog(lessons_dir, quizzes_dir, cache_dir, zone=zone))
        self._checked = time.monotonic()

    @property
    def catalog(self) -> Catalog:
        """Return the catalog as last loaded, without checking the files."""
        return self._catalog

    def current(self) -> Catalog:
        """Return the catalog, reloading it first if the files changed since the last check."""
        if self.interval > 0 and time.monotonic() - self._checked >= self.interval:
            self.reload_if_changed()
        return self._catalog

    def reload_if_changed(self) -> bool:
        """Reload if the files changed; return whether it did. Another reload in progress wins."""
        if not self._lock.acquire(blocking=False):
            return False  # someone else is reloading; serve the current catalog meanwhile
        try:
            self._checked = time.monotonic()
            fingerprint = content_fingerprint(self.lessons_dir, self.quizzes_dir)
            if fingerprint == self._fingerprint:
                return False
            catalog = load_catalog(self.lessons_dir, self.quizzes_dir, self.cache_dir,
                                   previous=self._catalog, zone=self.zone)
            self._catalog, self._fingerprint = catalog, fingerprint
        finally:
            self._lock.release()
        if self.on_reload is not None:
            self.on_reload(catalog)
        return True
