"""Building the course: the first build parses every record, later ones only what changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from teaching.content.archive import load_record
from teaching.content.build import BuildPlan, CachedDocuments, build_documents, load_documents
from teaching.content.synthetic import write_records

RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Return a documents folder holding twenty synthetic records."""
    documents = tmp_path / "documents"
    write_records(documents, 20)
    return documents


def edit(path: Path, extra: str = "\nA paragraph the teacher added.\n") -> None:
    """Change a record as a teacher saving it would (new size, new modification time)."""
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_the_first_build_parses_everything_and_the_next_nothing(
    folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"

    first = build_documents(folder, cache)
    second = build_documents(folder, cache)

    assert (first.parsed, first.unchanged) == (20, 0)
    assert (second.parsed, second.unchanged) == (0, 20)


def test_only_the_changed_record_is_parsed_again_and_served_changed(
    folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)
    changed = folder / "synthetic-00007.txt"
    edit(changed)

    report = load_documents(folder, cache)

    assert (report.parsed, report.unchanged) == (1, 19)
    assert report.documents["synthetic-00007"].paragraphs[-1].text == (
        "A paragraph the teacher added."
    )
    # What comes out of the cache is exactly what parsing the files gives.
    assert report.documents == {path.stem: load_record(path) for path in sorted(folder.iterdir())}


def test_a_record_whose_metadata_changed_is_served_with_the_new_metadata(
    folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    metadata = folder / "synthetic-00003.yaml"
    metadata.write_text("url: https://example.org/public/3\n", encoding="utf-8")
    build_documents(folder, cache)
    edit(metadata, extra="")
    metadata.write_text("url: https://example.org/public/three\n", encoding="utf-8")

    report = load_documents(folder, cache)

    assert (report.parsed, report.unchanged) == (1, 19)
    assert report.documents["synthetic-00003"].link == "https://example.org/public/three"


def test_a_removed_record_leaves_the_cache(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)
    (folder / "synthetic-00003.txt").unlink()

    report = load_documents(folder, cache)

    assert report.removed == 1
    assert "synthetic-00003" not in report.documents
    assert len(report.documents) == 19


def test_a_broken_record_is_reported_on_every_build_and_the_others_load(
    folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    shutil.copy(RECORDS / "missing-citation.txt", folder)

    first = load_documents(folder, cache)
    again = load_documents(folder, cache)

    for report in (first, again):
        assert [problem.path.name for problem in report.problems] == ["missing-citation.txt"]
        assert len(report.documents) == 20
    assert again.parsed == 0


def test_forcing_a_build_parses_everything_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)

    assert build_documents(folder, cache, force=True).parsed == 20


def test_a_cache_built_for_another_folder_is_not_trusted(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    edit(other / "synthetic-00001.txt", "\nOnly in the other course.\n")

    report = load_documents(other, cache)

    assert report.parsed == 20
    assert report.documents["synthetic-00001"].paragraphs[-1].text == "Only in the other course."


def test_a_lost_cache_file_is_rebuilt_not_served_partly(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)
    next(cache.glob("bucket-*.pickle")).write_bytes(b"not a pickle")

    assert len(load_documents(folder, cache).documents) == 20


def test_the_plan_counts_what_a_build_will_parse(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)
    edit(folder / "synthetic-00002.txt")
    edit(folder / "synthetic-00011.txt")

    plan = BuildPlan.make(folder, cache)
    ticks: list[int] = []
    plan.run(progress=ticks.append)

    assert plan.changed == {"synthetic-00002", "synthetic-00011"}
    assert ticks == [1, 1]


def test_built_documents_are_read_only_when_asked_for(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_documents(folder, cache)

    documents = CachedDocuments(folder, cache)

    assert len(documents) == 20
    assert list(documents)[:2] == ["synthetic-00001", "synthetic-00002"]
    assert documents["synthetic-00005"] == load_record(folder / "synthetic-00005.txt")
    assert documents.get("nowhere") is None


def test_synthetic_records_say_they_are_invented(folder: Path) -> None:
    record = load_record(folder / "synthetic-00001.txt")

    assert record.title.startswith("Synthetic record 1:")
    assert "invented for benchmarks" in record.citation
    assert record.dated is not None
