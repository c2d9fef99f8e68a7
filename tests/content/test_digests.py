"""Digests: real records summarized for the course, and the limit on quoting inside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teaching.content.digests import load_digest, load_digests
from teaching.content.quotes import MAX_QUOTE_WORDS, quotes
from tests.helpers.paths import LESSONS_DIR

DIGESTS = sorted((LESSONS_DIR / "digests").glob("*.yaml"))
HEAD = """title: A cable
date: 8 July 1945
author: W. Averell Harriman
recipient: The Secretary of State
citation: FRUS 1945, vol. VII, doc. 652
url: https://history.state.gov/historicaldocuments/frus1945v07/d652
summary: |
"""
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def write(tmp_path: Path, summary_lines: list[str]) -> Path:
    """Write a digest as a teacher would, its summary a block of the given lines."""
    path = tmp_path / "a-cable.yaml"
    path.write_text(HEAD + "".join(f"  {line}\n" for line in summary_lines), encoding="utf-8")
    return path


def test_the_course_has_at_least_eight_digests_of_real_records() -> None:
    digests, problems = load_digests(LESSONS_DIR / "digests")

    assert problems == []
    assert len(digests) >= 8
    for digest in digests.values():
        assert digest.url.startswith("https://")
        assert digest.citation and digest.author and digest.recipient and digest.summary
        assert "FACTS" not in digest.citation + digest.summary


@pytest.mark.parametrize("path", DIGESTS, ids=lambda path: path.name)
def test_every_quotation_in_a_course_digest_is_under_a_dozen_words(path: Path) -> None:
    digest, problems = load_digest(path)

    assert digest is not None and problems == []
    assert all(quote.words <= MAX_QUOTE_WORDS for quote in quotes(digest.summary))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(WORD, max_size=6), quoted=st.lists(WORD, min_size=1, max_size=20),
       lines_above=st.integers(min_value=0, max_value=3), typographic=st.booleans())
def test_a_quotation_of_twelve_words_or_more_is_refused_where_it_begins(
        tmp_path: Path, before: list[str], quoted: list[str], lines_above: int,
        typographic: bool) -> None:
    opening, closing = ("“", "”") if typographic else ('"', '"')
    line = " ".join([*before, f"{opening}{' '.join(quoted)}{closing}", "ends here."])
    path = write(tmp_path, ["Plain words of our own."] * lines_above + [line])

    digest, problems = load_digest(path)

    if len(quoted) < 12:
        assert digest is not None and problems == []
        return
    assert digest is None
    (problem,) = problems
    text_line = HEAD.count("\n") + lines_above + 1
    column = 3 + len(" ".join(before)) + (1 if before else 0)
    assert (problem.line, problem.column) == (text_line, column)
    assert f"a quotation of {len(quoted)} words" in problem.message
    assert str(problem).startswith(f"{path}:{text_line}:{column}: ")


def test_a_long_quotation_folded_over_two_lines_is_found_at_its_first_line(
        tmp_path: Path) -> None:
    path = write(tmp_path, ['He said "one two three four five six', 'seven eight nine ten eleven '
                            'twelve" and left.'])

    digest, problems = load_digest(path)

    assert digest is None
    assert [(problem.line, problem.column) for problem in problems] == [(8, 11)]


def test_a_date_the_library_cannot_sort_needs_sorted_as(tmp_path: Path) -> None:
    path = write(tmp_path, ["Short."])
    path.write_text(path.read_text().replace("date: 8 July 1945", "date: 10/11 July 1945"))

    digest, problems = load_digest(path)

    assert digest is None
    assert [problem.line for problem in problems] == [2]
    assert "sorted_as" in problems[0].message
    path.write_text(path.read_text() + "sorted_as: 10 July 1945\n")
    digest, problems = load_digest(path)
    assert digest is not None and problems == [] and digest.date == "10/11 July 1945"
