"""The statistics a teacher reads, checked against a small class worked out by hand.

The fixture class: four students, three one-point questions, scored (1 right, 0 wrong)

    student   A  B  C   total   percent
    Ana       1  1  1     3     100
    Ben       1  1  0     2      66.67
    Cai       1  0  0     1      33.33
    Dev       0  0  0     0       0

By hand: mean 50; median (66.67 + 33.33) / 2 = 50; sample SD sqrt((2 * 50² + 2 * (50/3)²) / 3)
= sqrt(50000/27) = 43.03. Facility A = 3/4, B = 2/4, C = 1/4. Discrimination (item against the rest
of the quiz): A: item 1,1,1,0 vs rest 2,1,0,0 gives r = 0.75 / sqrt(0.75 * 2.75) = sqrt(3/11)
= 0.5222; B: 1,1,0,0 vs 2,1,1,0 gives 1 / sqrt(1 * 2) = 0.7071; C: 1,0,0,0 vs 2,2,1,0 gives
sqrt(3/11) again. KR-20: item variances p(1-p) = 0.1875 + 0.25 + 0.1875 = 0.625, variance of
totals 3,2,1,0 = 1.25, so 3/2 * (1 - 0.625/1.25) = 0.75.
"""

from __future__ import annotations

import math

import pytest

from teaching.analysis import statistics as stats

MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
TOTALS = [sum(row) for row in MATRIX]
PERCENTS = [100 * total / 3 for total in TOTALS]


def column(index: int) -> list[float]:
    return [row[index] for row in MATRIX]


def test_summary_of_the_fixture_class() -> None:
    summary = stats.summarize(PERCENTS)
    assert summary.count == 4
    assert summary.mean == pytest.approx(50)
    assert summary.median == pytest.approx(50)
    assert summary.sd == pytest.approx(math.sqrt(50000 / 27))
    assert summary.sd == pytest.approx(43.03, abs=0.005)


def test_median_of_an_odd_count_is_the_middle_value() -> None:
    assert stats.median([7, 1, 3]) == 3


def test_facility_of_each_question() -> None:
    assert [stats.facility(column(i), 1) for i in range(3)] == [0.75, 0.5, 0.25]


def test_facility_counts_partial_credit_as_a_share_of_the_points() -> None:
    assert stats.facility([2, 1, 0, 1], max_score=2) == pytest.approx(0.5)


def test_discrimination_against_the_rest_of_the_quiz() -> None:
    found = [stats.discrimination(column(i), TOTALS) for i in range(3)]
    assert found == pytest.approx([math.sqrt(3 / 11), 1 / math.sqrt(2), math.sqrt(3 / 11)])


def test_a_question_everyone_got_right_does_not_discriminate() -> None:
    assert stats.discrimination([1, 1, 1], [3, 2, 1]) is None


def test_a_question_the_weak_students_got_right_discriminates_negatively() -> None:
    assert stats.discrimination([0, 0, 1, 1], [3, 2, 1, 1]) < 0


def test_kr20_of_the_fixture_class() -> None:
    assert stats.cronbach_alpha(MATRIX) == pytest.approx(0.75)


def test_alpha_is_undefined_when_nobody_differs_or_there_is_one_question() -> None:
    assert stats.cronbach_alpha([[1, 1], [1, 1]]) is None
    assert stats.cronbach_alpha([[1], [0]]) is None
    assert stats.cronbach_alpha([[1, 0]]) is None


def test_empty_and_single_values_give_none_rather_than_an_error() -> None:
    assert stats.summarize([]) == stats.Summary(0, None, None, None)
    assert stats.summarize([80]).sd is None


def test_histogram_puts_each_score_in_its_band_and_100_in_the_last() -> None:
    counts = stats.histogram(PERCENTS)
    assert counts == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]
    assert stats.histogram([9.99, 10, 99.9]) == [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
