"""Verdicts: how a stated figure compares with a recomputed one or with a limit.

A check returns a :class:`CheckResult`: the stated value or range, the recomputed value,
their ratio (recomputed over the nearer end of the stated range; 1 inside it) and one of
the :data:`VERDICTS`. The tolerances are conventions of this edition, stated here once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

AGREES_TOLERANCE = 0.05
CLOSE_TOLERANCE = 0.15

VERDICTS: dict[str, str] = {
    "agrees": "the recomputed or primary figure is within 5% of the note's (or inside its range)",
    "close": "within 15%: a gap that rounding or a different variant can explain (not for counts)",
    "differs": "more than 15% apart (any gap for a count the note states exactly)",
    "within bound": "the note's figure respects a limit set by physics or a primary figure",
    "exceeds bound": "the note's figure breaks that limit",
    "misread": "the number is the source's, but the note attaches it to a different comparison",
    "repeated, agrees": "the same figure stated again in the note, the same both times",
    "repeated, differs": "the same figure stated again in the note, differently",
    "cannot check": "no primary document that could be read, and no first principle, fixes it",
}


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check: stated range [unit of the claim], recomputed value, ratio, verdict."""

    stated_low: float
    stated_high: float
    recomputed: float
    ratio: float
    verdict: str


def ratio_to_range(recomputed: float, low: float, high: float) -> float:
    """Recomputed over the nearer end of [low, high]; 1 inside it. NaN ends are open [-].

    Examples
    --------
    >>> ratio_to_range(5.0, 2.0, 4.0), ratio_to_range(3.0, 2.0, 4.0)
    (1.25, 1.0)
    """
    low = -math.inf if math.isnan(low) else low
    high = math.inf if math.isnan(high) else high
    if low <= recomputed <= high:
        return 1.0
    return recomputed / (low if recomputed < low else high)


def verdict_for_ratio(ratio: float, exact: bool = False) -> str:
    """Verdict for a recomputed/stated ratio; ``exact`` for counts, which are never rounded.

    Examples
    --------
    >>> verdict_for_ratio(1.04), verdict_for_ratio(0.9), verdict_for_ratio(1.04, exact=True)
    ('agrees', 'close', 'differs')
    """
    gap = abs(ratio - 1.0)
    if gap <= (1e-9 if exact else AGREES_TOLERANCE):
        return "agrees"
    if not exact and gap <= CLOSE_TOLERANCE:
        return "close"
    return "differs"


def compare(low: float, high: float, recomputed: float, exact: bool = False) -> CheckResult:
    """Check a stated value or range [low, high] against a recomputed value.

    Examples
    --------
    >>> compare(180.0, 192.0, 186.0).verdict  # inside the stated range
    'agrees'
    >>> round(compare(192.0, float("nan"), 180.0).ratio, 4)  # HGX B200's 180 GB against 192
    0.9375
    """
    ratio = ratio_to_range(float(recomputed), low, high)
    return CheckResult(low, high, float(recomputed), ratio, verdict_for_ratio(ratio, exact))


def stated_at_most(low: float, high: float, limit: float) -> CheckResult:
    """The stated value should not exceed ``limit``; ratio = limit / stated high end.

    Examples
    --------
    >>> stated_at_most(350.0, float("nan"), 400.0).verdict  # 350 GB/s under a 400 GB/s bound
    'within bound'
    """
    top = low if math.isnan(high) else high
    ratio = float(limit) / top
    return CheckResult(low, high, float(limit), ratio, _bound(ratio >= 1.0))


def stated_at_least(low: float, high: float, floor: float) -> CheckResult:
    """The stated value should be at least ``floor``; ratio = stated low end / floor.

    Examples
    --------
    >>> stated_at_least(10.0, 20.0, 12.0).verdict
    'exceeds bound'
    """
    bottom = high if math.isnan(low) else low
    ratio = bottom / float(floor)
    return CheckResult(low, high, float(floor), ratio, _bound(ratio >= 1.0))


def repeated(low: float, high: float, first_low: float, first_high: float) -> CheckResult:
    """A figure the note states twice: 'repeated, agrees' when both statements match.

    Examples
    --------
    >>> repeated(38.0, 43.0, 38.0, 43.0).verdict, repeated(40.0, 45.0, 38.0, 43.0).verdict
    ('repeated, agrees', 'repeated, differs')
    """
    same = (low == first_low or (math.isnan(low) and math.isnan(first_low))) and (
        high == first_high or (math.isnan(high) and math.isnan(first_high))
    )
    middle = first_low if not math.isnan(first_low) else first_high
    ratio = 1.0 if same else ratio_to_range(middle, low, high)
    return CheckResult(
        low, high, middle, ratio, "repeated, agrees" if same else "repeated, differs"
    )


def _bound(ok: bool) -> str:
    return "within bound" if ok else "exceeds bound"
