"""Ranges: a low, a central and a high value, carried through a computation.

The note gives many figures as ranges (30-50% MFU, 120-130 kW a rack) and the book's own
assumptions have ranges too (``data/assumptions.csv``). A derived number is computed at
the corners of its inputs' ranges, so that a range stays a range to the printed page:

- :func:`propagate` evaluates a function at every combination of its range arguments'
  low and high ends, and once at their central values. For a function monotone in each
  argument (every formula of this book so far) the extremes lie at those corners, so the
  result's low and high are exact.
- :func:`monte_carlo` samples uniformly inside the ranges with a fixed seed, for a
  function that is not monotone in some argument; its low and high are percentiles.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Range:
    """A value known only to lie between ``low`` and ``high``, with a ``central`` estimate.

    All three are in the same unit; ``low <= central <= high``. Each may be a float or a
    numpy array (a band along a figure's x axis). Example::

        >>> r = Range(0.38, 0.405, 0.43)
        >>> round(float(r.width), 3)
        0.05
    """

    low: Any
    central: Any
    high: Any

    def __post_init__(self) -> None:
        low, central, high = (np.asarray(v, dtype=float) for v in self.as_tuple())
        ok = (low <= central + 1e-12 * np.abs(central)) & (central <= high + 1e-12 * np.abs(high))
        if not np.all(ok | np.isnan(low) | np.isnan(central) | np.isnan(high)):
            raise ValueError(
                f"Range: expected low <= central <= high, got {self.low}, {self.central}, "
                f"{self.high}"
            )

    @classmethod
    def point(cls, value: Any) -> Range:
        """A range of zero width: ``Range(v, v, v)``."""
        return cls(value, value, value)

    @classmethod
    def from_bounds(cls, low: float, high: float, central: float | None = None) -> Range:
        """A range from its two ends; the central value defaults to their mid-point."""
        middle = (low + high) / 2 if central is None else central
        return cls(low, middle, high)

    def as_tuple(self) -> tuple[Any, Any, Any]:
        """(low, central, high)."""
        return (self.low, self.central, self.high)

    @property
    def width(self) -> Any:
        """high - low [unit of the range]."""
        return np.subtract(self.high, self.low)

    @property
    def is_point(self) -> bool:
        """True where low equals high (a single figure, not a range)."""
        return bool(np.all(np.asarray(self.low) == np.asarray(self.high)))

    def scale(self, factor: float) -> Range:
        """Every end multiplied by a positive ``factor`` (a unit conversion)."""
        if factor <= 0:
            raise ValueError(f"Range.scale: factor must be positive, got {factor}")
        return Range(*(np.multiply(v, factor) for v in self.as_tuple()))


def as_range(value: Any) -> Range:
    """``value`` itself if it is a :class:`Range`, else a point range of it."""
    return value if isinstance(value, Range) else Range.point(value)


def propagate(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Range:
    """Evaluate ``function`` over the corners of its :class:`Range` arguments.

    Arguments that are not ranges are passed as they are. The central result is the
    function of the central values; low and high are the element-wise minimum and
    maximum over all 2^k corners of the k range arguments. Exact for functions monotone
    in each range argument.

    Parameters
    ----------
    function : callable
        A pure function of scalars or arrays.
    *args, **kwargs
        Its arguments; any of them may be a :class:`Range`.

    Returns
    -------
    Range
        The function's value at the centre, and its extremes over the corners.

    Examples
    --------
    >>> propagate(lambda a, b: a / b, Range(1.0, 2.0, 3.0), Range(1.0, 2.0, 4.0))
    Range(low=0.25, central=1.0, high=3.0)
    """
    positions = [i for i, a in enumerate(args) if isinstance(a, Range)]
    names = [k for k, v in kwargs.items() if isinstance(v, Range)]
    if len(positions) + len(names) > 12:
        raise ValueError("propagate: more than 12 range arguments; use monte_carlo instead")

    def call(pick: Callable[[Range], Any], ends: tuple[Callable[[Range], Any], ...] = ()) -> Any:
        chosen = list(ends)
        new_args = list(args)
        for i in positions:
            new_args[i] = (chosen.pop(0) if chosen else pick)(args[i])
        new_kwargs = dict(kwargs)
        for name in names:
            new_kwargs[name] = (chosen.pop(0) if chosen else pick)(kwargs[name])
        return function(*new_args, **new_kwargs)

    central = call(lambda r: r.central)
    ends = (lambda r: r.low, lambda r: r.high)
    corners = [
        np.asarray(call(ends[0], combo), dtype=float)
        for combo in itertools.product(ends, repeat=len(positions) + len(names))
    ]
    if not corners:
        return Range.point(central)
    low = np.minimum.reduce(corners)
    high = np.maximum.reduce(corners)
    return Range(
        _plain(np.minimum(low, central)), _plain(central), _plain(np.maximum(high, central))
    )


def monte_carlo(
    function: Callable[..., Any],
    *args: Any,
    samples: int = 20_000,
    seed: int = 20260511,
    percentiles: tuple[float, float] = (2.5, 97.5),
    **kwargs: Any,
) -> Range:
    """Sample range arguments uniformly and report percentiles of ``function``.

    For functions that are not monotone in a range argument. ``function`` must accept
    numpy arrays (it is called once, vectorised over ``samples`` draws). The seed is fixed
    so that the figure and text are the same on every run.

    Examples
    --------
    >>> r = monte_carlo(lambda x: (x - 1.0) ** 2, Range(0.0, 1.0, 2.0), samples=1000)
    >>> round(r.central, 6), r.low < 0.01, r.high > 0.9
    (0.0, True, True)
    """
    rng = np.random.default_rng(seed)

    def draw(value: Any) -> Any:
        if not isinstance(value, Range):
            return value
        return rng.uniform(value.low, value.high, size=samples)

    central = function(
        *[a.central if isinstance(a, Range) else a for a in args],
        **{k: v.central if isinstance(v, Range) else v for k, v in kwargs.items()},
    )
    values = np.asarray(
        function(*[draw(a) for a in args], **{k: draw(v) for k, v in kwargs.items()}),
        dtype=float,
    )
    low, high = np.percentile(values, percentiles)
    return Range(min(float(low), float(central)), float(central), max(float(high), float(central)))


def _plain(value: np.ndarray) -> Any:
    """A 0-d array as a Python float (glue needs plain floats), arrays unchanged."""
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else array


def is_finite(r: Range) -> bool:
    """True when all three values of a scalar range are finite numbers."""
    return all(math.isfinite(float(v)) for v in r.as_tuple())
