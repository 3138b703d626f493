"""Ranges carried through computations (analysis.ranges) and printed (analysis.publish)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis.publish import range_text
from analysis.ranges import Range, monte_carlo, propagate

pytestmark = pytest.mark.unit


def test_propagate_finds_the_extremes_of_a_quotient():
    # a / b is largest at (high a, low b) and smallest at (low a, high b): 3/1 and 1/4.
    r = propagate(lambda a, b: a / b, Range(1.0, 2.0, 3.0), Range(1.0, 2.0, 4.0))
    assert_allclose(r.as_tuple(), (0.25, 1.0, 3.0), rtol=1e-12)


def test_propagate_passes_plain_arguments_through():
    r = propagate(lambda a, k: a * k, Range(1.0, 2.0, 3.0), k=10.0)
    assert_allclose(r.as_tuple(), (10.0, 20.0, 30.0), rtol=1e-12)


def test_propagate_bands_over_arrays():
    x = np.array([1.0, 2.0, 3.0])
    r = propagate(lambda s: s * x, Range(0.5, 1.0, 2.0))
    assert_allclose(r.low, 0.5 * x)
    assert_allclose(r.high, 2.0 * x)


def test_monte_carlo_brackets_a_non_monotone_function():
    # (x - 1)^2 over [0, 2]: central 0 at x = 1, near 1 at either end.
    r = monte_carlo(lambda x: (x - 1.0) ** 2, Range(0.0, 1.0, 2.0), samples=4000)
    assert r.central == 0.0
    assert 0.85 < r.high <= 1.0
    assert r.low < 0.01


def test_monte_carlo_is_repeatable():
    first = monte_carlo(lambda x: x**2, Range(0.0, 0.5, 1.0), samples=500)
    second = monte_carlo(lambda x: x**2, Range(0.0, 0.5, 1.0), samples=500)
    assert first == second


def test_a_range_refuses_low_above_high():
    with pytest.raises(ValueError, match="low <= central <= high"):
        Range(2.0, 1.0, 3.0)


@pytest.mark.parametrize(
    ("r", "digits", "unit", "central", "expected"),
    [
        (Range(120.0, 125.0, 130.0), 2, "kW", False, "120–130 kW"),
        (Range(120.0, 135.0, 150.0), 2, "kW", True, "140 kW (120–150 kW)"),
        (Range(0.3, 0.45, 0.6), 2, "", False, "0.30–0.60"),
        (Range.point(3.8e25), 2, "FLOP", False, "3.8 × 10²⁵ FLOP"),
        (Range(1.2e25, 2.0e25, 3.3e25), 2, "FLOP", False, "(1.2–3.3) × 10²⁵ FLOP"),
        (Range(99.6, 100.0, 100.4), 2, "MW", False, "100 MW"),
    ],
)
def test_range_text(r, digits, unit, central, expected):
    assert range_text(r, digits, unit, central) == expected
