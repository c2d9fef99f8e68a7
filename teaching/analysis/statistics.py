"""Descriptive statistics and classical test theory, written out so a teacher can check them.

Conventions (the same as Moodle's quiz statistics):
- the standard deviation is the sample one (divided by n - 1);
- the facility index of a question is the mean score on it as a fraction of its points;
- the discrimination index is the Pearson correlation between the score on the question and the
  score on the rest of the quiz (the total without that question), from -1 to 1;
- Cronbach's alpha is k/(k-1) * (1 - sum of item variances / variance of totals); on questions
  scored right or wrong it is the same number as KR-20.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """How a set of scores is spread."""

    count: int
    mean: float | None
    median: float | None
    sd: float | None


def mean(values: Sequence[float]) -> float | None:
    """Return the arithmetic mean, or None for no values."""
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    """Return the middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def variance(values: Sequence[float], sample: bool = True) -> float | None:
    """Return the variance: the sample one (n - 1) by default, else the population one (n)."""
    count = len(values)
    if count < (2 if sample else 1):
        return None
    centre = sum(values) / count
    squares = sum((value - centre) ** 2 for value in values)
    return squares / (count - 1 if sample else count)


def standard_deviation(values: Sequence[float]) -> float | None:
    """Return the sample standard deviation, or None for fewer than two values."""
    spread = variance(values)
    return None if spread is None else math.sqrt(spread)


def summarize(values: Sequence[float]) -> Summary:
    """Return count, mean, median and standard deviation."""
    return Summary(len(values), mean(values), median(values), standard_deviation(values))


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Return Pearson's r, or None when either side does not vary."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def facility(scores: Sequence[float], max_score: float) -> float | None:
    """Return the mean score as a fraction of the points (1: everyone right)."""
    average = mean(scores)
    return None if average is None or not max_score else average / max_score


def discrimination(item_scores: Sequence[float], totals: Sequence[float]) -> float | None:
    """Correlate the question's scores with the rest of the quiz (the total without it)."""
    rest = [total - item for item, total in zip(item_scores, totals, strict=True)]
    return correlation(item_scores, rest)


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Return Cronbach's alpha for rows of item scores (one row per attempt).

    None when it is undefined: fewer than two questions or attempts, or totals that never vary.
    """
    if len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    items = len(matrix[0])
    totals = [sum(row) for row in matrix]
    total_variance = variance(totals, sample=False)
    if not total_variance:
        return None
    item_variances = sum(variance([row[i] for row in matrix], sample=False) or 0.0
                         for i in range(items))
    return items / (items - 1) * (1 - item_variances / total_variance)


def histogram(percents: Sequence[float], bins: int = 10) -> list[int]:
    """Count scores (0 to 100) in equal bins; 100 falls in the last bin."""
    counts = [0] * bins
    width = 100 / bins
    for value in percents:
        index = min(bins - 1, max(0, int(value // width)))
        counts[index] += 1
    return counts
