"""The verdict framework of the appendix's checks: results, tolerances and the tables read.

A check compares the note's stated value or range with a recomputed value and returns a
:class:`CheckResult`: stated range, recomputed value, ratio (recomputed over the nearer end
of the stated range, 1 inside it) and one of the :data:`VERDICTS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.data import load, lookup

CONSISTENT_TOLERANCE = 0.05
ROUNDING_TOLERANCE = 0.15

VERDICTS: dict[str, str] = {
    "consistent": "recomputed value within 5% of the stated one (or inside the stated range)",
    "rounding": "within 15%: a gap the note's rounded inputs can explain (not for counts)",
    "inconsistent": "more than 15% apart (any gap for exact counts)",
    "within bound": "the stated value respects a limit we compute from physics or the note",
    "exceeds bound": "the stated value breaks that limit",
    "cannot check": "no other figure in the note, and no first principle, fixes it",
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
    """Recomputed over the nearer end of [low, high]; 1 inside it. NaN ends are open [-]."""
    low = -math.inf if math.isnan(low) else low
    high = math.inf if math.isnan(high) else high
    if low <= recomputed <= high:
        return 1.0
    return recomputed / (low if recomputed < low else high)


def verdict_for_ratio(ratio: float, exact: bool = False) -> str:
    """Verdict for a recomputed/stated ratio; ``exact`` for counts, which are never rounded."""
    gap = abs(ratio - 1.0)
    if gap <= (1e-9 if exact else CONSISTENT_TOLERANCE):
        return "consistent"
    if not exact and gap <= ROUNDING_TOLERANCE:
        return "rounding"
    return "inconsistent"


def compare(low: float, high: float, recomputed: float, exact: bool = False) -> CheckResult:
    """Check a stated value or range [low, high] against a recomputed value."""
    ratio = ratio_to_range(float(recomputed), low, high)
    return CheckResult(low, high, float(recomputed), ratio, verdict_for_ratio(ratio, exact))


def stated_at_most(low: float, high: float, limit: float) -> CheckResult:
    """The stated value should not exceed ``limit``; ratio = limit / stated high end."""
    top = low if math.isnan(high) else high
    ratio = float(limit) / top
    return CheckResult(low, high, float(limit), ratio, _bound(ratio >= 1.0))


def stated_at_least(low: float, high: float, floor: float) -> CheckResult:
    """The stated value should be at least ``floor``; ratio = stated low end / floor.

    Arranged, like :func:`stated_at_most`, so that a ratio of at least 1 is possible.
    """
    bottom = high if math.isnan(low) else low
    ratio = bottom / float(floor)
    return CheckResult(low, high, float(floor), ratio, _bound(ratio >= 1.0))


def _bound(ok: bool) -> str:
    return "within bound" if ok else "exceeds bound"


@dataclass(frozen=True)
class Tables:
    """The tables the checks read: claims, models, accelerators and fluid properties."""

    claims: pd.DataFrame
    models: pd.DataFrame
    accelerators: pd.DataFrame
    fluids: pd.DataFrame

    def range(self, claim_id: str) -> tuple[float, float]:
        """(low, high) of a claim, in the claim's unit."""
        low = lookup(self.claims, "claim_id", claim_id, "value_low")
        return float(low), float(lookup(self.claims, "claim_id", claim_id, "value_high"))

    def point(self, claim_id: str) -> float:
        """The single value of a claim stated as a point; an error names a range."""
        low, high = self.range(claim_id)
        if low != high:
            raise ValueError(f"claims.csv: {claim_id} is a range ({low}-{high}), not a point")
        return low

    def model(self, name: str, column: str) -> float:
        return float(lookup(self.models, "model", name, column))

    def device(self, name: str, column: str) -> float:
        return float(lookup(self.accelerators, "device", name, column))

    def water(self, temperature_C: float, column: str) -> float:
        rows = self.fluids[(self.fluids["fluid"] == "water")]
        return float(lookup(rows, "temperature_C", temperature_C, column))


def load_tables() -> Tables:
    """Load the four tables from ``data/``."""
    return Tables(load("claims"), load("models"), load("accelerators"), load("fluid_properties"))
