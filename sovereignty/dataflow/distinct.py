"""Distinct values of integer arrays, and where each first appears, by one fast sort.

``numpy.unique`` gives the same, but asked for first positions it sorts stably (merge sort), and
otherwise it goes through a hash table: both several times slower, on the analyses' arrays, than
the plain sort used here (first positions come from the smallest position among equal values,
so the sort need not be stable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]


def distinct(values: IntArray) -> IntArray:
    """The distinct values, ascending."""
    ordered = np.sort(values)
    return ordered[_starts(ordered)]


def first_places(values: IntArray) -> IntArray:
    """The position of each distinct value's first appearance, ascending (that is, in order of
    appearance)."""
    representatives, _ = classes(values)
    return np.sort(representatives)


def classes(values: IntArray) -> tuple[IntArray, IntArray]:
    """Equal values as classes, numbered by ascending value: the position where each class
    first appears, and each value's class."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(values)
    starts = _starts(values[order])
    first: IntArray = np.minimum.reduceat(order, np.flatnonzero(starts))
    number = np.empty(len(values), dtype=np.int64)
    number[order] = np.cumsum(starts) - 1
    return first, number


def _starts(ordered: IntArray) -> BoolArray:
    """True where a sorted array's value differs from the one before."""
    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return starts
