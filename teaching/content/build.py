"""Build the course's documents once and cache them, so later builds parse only what changed.

The cache is a folder: a manifest of every record's size and modification time when it was
parsed (and the problems of those that failed), and the parsed Documents packed into a fixed
number of bucket files by a hash of their slug. A build parses only the records whose stamp
changed and rewrites only their buckets, so one changed record costs one parse and one small
write whatever the size of the course. The manifest carries a fingerprint of the parser's source,
so a new parser rebuilds everything. Files are written under a temporary name and renamed into
place: a reader never sees half a file, and concurrent builds cannot corrupt one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from teaching.content import archive, dates, transcripts
from teaching.content.archive import Document, load_record
from teaching.content.problems import ContentError, Problem

MANIFEST = "manifest.pickle"
BUCKETS = 64
# (size, mtime in nanoseconds) of the record, then of the metadata beside it if there is one
Stamp = tuple[int, ...]
Built = Document | list[Problem]


def _parser_fingerprint() -> str:
    """Hash the parser's source: a cache made by another version of the parser is not used."""
    digest = hashlib.sha256()
    for module in (archive, dates, transcripts):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


@dataclass
class BuildReport:
    """What a build did, and the problems of every record that failed to parse."""

    problems: list[Problem] = field(default_factory=list)
    parsed: int = 0
    unchanged: int = 0
    removed: int = 0
    # The records parsed by this build; load_documents adds those taken from the cache.
    documents: dict[str, Document] = field(default_factory=dict)


@dataclass
class _Manifest:
    stamps: dict[str, Stamp] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)


def scan(folder: Path) -> dict[str, tuple[str, Stamp]]:
    """Return every record in ``folder`` by slug, with its path, size and modification time."""
    # Paths stay strings: building ten thousand Path objects costs more than the stat calls.
    found: dict[str, tuple[str, Stamp]] = {}
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    metadata: dict[str, Stamp] = {}
    for entry in entries:
        if entry.name.endswith((".txt", ".yaml")) and entry.is_file():
            info = entry.stat()
            stamp: Stamp = (info.st_size, info.st_mtime_ns)
            if entry.name.endswith(".txt"):
                found[entry.name[:-4]] = (entry.path, stamp)
            else:
                metadata[entry.name[:-5]] = stamp
    # A record whose metadata changed is parsed again, as if the record itself had changed.
    for slug, extra in metadata.items():
        if slug in found:
            path, record_stamp = found[slug]
            found[slug] = (path, record_stamp + extra)
    return found


def _load(path: Path) -> object:
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # missing, or written by another version: treated as not cached


def _read_manifest(cache_dir: Path, folder: Path) -> _Manifest:
    data = _load(cache_dir / MANIFEST)
    if not isinstance(data, dict) or data.get("parser") != _parser_fingerprint():
        return _Manifest()
    if data.get("folder") != str(folder.resolve()):
        return _Manifest()  # a cache of another course: start afresh
    return data["manifest"]


def _bucket_path(cache_dir: Path, slug: str) -> Path:
    return cache_dir / f"bucket-{zlib.crc32(slug.encode()) % BUCKETS:02d}.pickle"


@contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; on success, rename it to ``path``."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _dump(path: Path, data: object) -> None:
    with _atomic(path) as file:
        pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class BuildPlan:
    """What a build will do: the records found, and which of them changed since the last one."""

    folder: Path
    cache_dir: Path
    manifest: _Manifest
    found: dict[str, tuple[str, Stamp]]
    changed: set[str]
    removed: set[str]

    @classmethod
    def make(cls, folder: Path, cache_dir: Path, *, force: bool = False) -> BuildPlan:
        """Compare the records in ``folder`` with the cache's manifest."""
        manifest = _Manifest() if force else _read_manifest(cache_dir, folder)
        found = scan(folder)
        changed = {slug for slug, (_, stamp) in found.items()
                   if manifest.stamps.get(slug) != stamp}
        return cls(folder, cache_dir, manifest, found, changed,
                   set(manifest.stamps.keys() - found.keys()))

    def run(self, progress: Callable[[int], None] | None = None) -> BuildReport:
        """Parse the changed records, rewrite their buckets and the manifest.

        ``progress`` is called with 1 after each record parsed.
        """
        manifest, cache_dir = self.manifest, self.cache_dir
        report = BuildReport(parsed=len(self.changed),
                             unchanged=len(self.found) - len(self.changed),
                             removed=len(self.removed))
        if not manifest.stamps or not cache_dir.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            for old in cache_dir.glob("bucket-*.pickle"):
                old.unlink()
        by_bucket: dict[Path, list[str]] = {}
        for slug in self.changed | self.removed:
            by_bucket.setdefault(_bucket_path(cache_dir, slug), []).append(slug)
        for bucket_path, slugs in sorted(by_bucket.items()):
            bucket = _load(bucket_path) if manifest.stamps else None
            documents: dict[str, Document] = bucket if isinstance(bucket, dict) else {}
            for slug in sorted(slugs):
                documents.pop(slug, None)
                manifest.problems.pop(slug, None)
                manifest.stamps.pop(slug, None)
                if slug in self.removed:
                    continue
                path, stamp = self.found[slug]
                built = _parse(Path(path))
                if isinstance(built, Document):
                    documents[slug] = built
                    report.documents[slug] = built
                else:
                    manifest.problems[slug] = built
                manifest.stamps[slug] = stamp
                if progress is not None:
                    progress(1)
            _dump(bucket_path, documents)
        if by_bucket or not (cache_dir / MANIFEST).exists():
            _dump(cache_dir / MANIFEST, {"parser": _parser_fingerprint(),
                                         "folder": str(self.folder.resolve()),
                                         "manifest": manifest})
        report.problems = [problem for slug in sorted(manifest.problems)
                           for problem in manifest.problems[slug]]
        return report


def build_documents(folder: Path, cache_dir: Path, *, force: bool = False) -> BuildReport:
    """Parse the records of ``folder`` that changed since the cache in ``cache_dir`` was built."""
    return BuildPlan.make(folder, cache_dir, force=force).run()


def load_documents(folder: Path, cache_dir: Path) -> BuildReport:
    """Bring the cache up to date, then return every document in it (and every problem)."""
    report = build_documents(folder, cache_dir)
    for bucket_path in sorted(cache_dir.glob("bucket-*.pickle")):
        bucket = _load(bucket_path)
        if isinstance(bucket, dict):
            report.documents.update(bucket)
    if len(report.documents) + len({p.path for p in report.problems}) < (
            report.unchanged + report.parsed):
        # A bucket was lost or unreadable: rebuild rather than serve a partial course.
        report = build_documents(folder, cache_dir, force=True)
        for bucket_path in sorted(cache_dir.glob("bucket-*.pickle")):
            report.documents.update(_load(bucket_path) or {})  # type: ignore[call-overload]
    report.documents = dict(sorted(report.documents.items()))
    return report


def _parse(path: Path) -> Built:
    try:
        return load_record(path)
    except ContentError as error:
        return error.problems


class CachedDocuments(Mapping[str, Document]):
    """The built documents, read from the cache bucket by bucket only when asked for.

    Checking the lessons after a build needs only the few records they name; loading all ten
    thousand would cost more than the build itself.
    """

    def __init__(self, folder: Path, cache_dir: Path):
        manifest = _read_manifest(cache_dir, folder)
        self._cache_dir = cache_dir
        self._slugs = sorted(manifest.stamps.keys() - manifest.problems.keys())
        self._known = set(self._slugs)
        self._buckets: dict[Path, dict[str, Document]] = {}

    def __getitem__(self, slug: str) -> Document:
        if slug not in self._known:
            raise KeyError(slug)
        path = _bucket_path(self._cache_dir, slug)
        if path not in self._buckets:
            bucket = _load(path)
            self._buckets[path] = bucket if isinstance(bucket, dict) else {}
        return self._buckets[path][slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._slugs)

    def __len__(self) -> int:
        return len(self._slugs)
