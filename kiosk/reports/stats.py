"""Percentiles as PostgreSQL's percentile_cont computes them, so both databases give the same figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(ordered: Sequence[float], fraction: float) -> float | None:
    """Return the continuous percentile of values in ascending order (linear interpolation), None for no values."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Durations:
    """How many durations were measured, their median and their 90th percentile, in seconds."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Durations:
        """Summarise durations given in any order."""
        ordered = sorted(seconds)
        return cls(len(ordered), percentile(ordered, 0.5), percentile(ordered, 0.9))


def percentile_of_counts(counted: Sequence[tuple[float, int]], fraction: float) -> float | None:
    """Return the continuous percentile of values given as (value, how many times) pairs in ascending order."""
    total = sum(count for _value, count in counted)
    if not total:
        return None
    position = fraction * (total - 1)
    below, above = math.floor(position), math.ceil(position)
    return _nth(counted, below) + (_nth(counted, above) - _nth(counted, below)) * (position - below)


def _nth(counted: Sequence[tuple[float, int]], index: int) -> float:
    """Return the value at a position of the ordered values the pairs stand for."""
    seen = 0
    for value, count in counted:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)
