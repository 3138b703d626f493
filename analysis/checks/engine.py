"""The check engine: one registry of checks, one verdict per claim of the note.

A *claim* is a figure the note states (``data/claims.csv``). A *check* recomputes it or
looks up the primary figure it should equal, and returns a
:class:`analysis.verdicts.CheckResult`. Every claim gets exactly one check, of one kind:

- ``primary``: the claim against the primary document's figure named in its
  ``compare_to`` column (a lookup, converted between units with pint);
- ``derived``: recomputed from primary figures and first principles;
- ``bound``: the claim against a limit that physics or a primary figure sets;
- ``arithmetic``: the note's figure against the note's own other figures;
- ``repeated``: the same figure stated again elsewhere in the note (not an independent
  check, and not counted as one);
- ``none``: nothing fixes it (cannot check).

A check may name a *finding*, the root cause it shares with other checks
(:data:`analysis.checks.findings.FINDINGS`), so that one error in the note is reported once,
with its consequences under it. Chapters never compute a verdict themselves: they read
:func:`analysis.checks.result` or glue it with :func:`analysis.checks.glue_result`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from analysis import hardware, units
from analysis.data import load
from analysis.verdicts import CheckResult, compare

KINDS: tuple[str, ...] = ("primary", "derived", "bound", "arithmetic", "repeated", "none")
#: Kinds that count as independent checks in the appendix's statistics.
INDEPENDENT_KINDS: tuple[str, ...] = ("primary", "derived", "bound", "arithmetic")

#: Key columns of the tables a claim's ``compare_to`` may name.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "accelerators": ("device",),
    "devices": ("device",),
    "accelerator_specs": ("device", "quantity"),
    "accelerator_compute": ("device", "precision", "sparsity"),
    "models": ("model",),
    "training_runs": ("run",),
    "fabrics": ("fabric",),
    "hbm_generations": ("generation",),
    "throughput_benchmarks": ("benchmark",),
    "inference_techniques": ("figure",),
    "workload_figures": ("figure",),
    "rental_prices": ("device",),
    "rack_density": ("workload_class",),
    "useful_life": ("company", "effective", "amount_basis"),
}


@dataclass
class Context:
    """The tables the checks read, loaded once (:func:`load_context`)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` of ``data/`` ('devices' is :func:`analysis.hardware.device_table`)."""
        if name not in self.tables:
            if name == "devices":
                self.tables[name] = hardware.device_table(
                    self.table("accelerators"), self.table("accelerator_specs")
                )
            else:
                self.tables[name] = load(name)
        return self.tables[name]

    @cached_property
    def claims(self) -> pd.DataFrame:
        return self.table("claims").set_index("claim_id", drop=False)

    def claim(self, claim_id: str) -> pd.Series:
        if claim_id not in self.claims.index:
            raise KeyError(f"claims.csv: no claim {claim_id!r}")
        return self.claims.loc[claim_id]

    def stated(self, claim_id: str) -> tuple[float, float]:
        """(low, high) of a claim in its own unit; NaN for an open end."""
        row = self.claim(claim_id)
        return float(row.value_low), float(row.value_high)

    def point(self, claim_id: str) -> float:
        """A claim stated as one figure; its mid-point if it is a range."""
        low, high = self.stated(claim_id)
        ends = [v for v in (low, high) if not math.isnan(v)]
        return sum(ends) / len(ends)

    def stated_in(self, claim_id: str, unit: str) -> tuple[float, float]:
        """(low, high) of a claim converted to ``unit`` with pint."""
        row = self.claim(claim_id)
        return tuple(  # type: ignore[return-value]
            units.convert(v, row.unit, unit) if not math.isnan(v) else math.nan
            for v in self.stated(claim_id)
        )

    def row(self, table: str, key: str) -> pd.Series:
        """The one row of ``table`` whose key columns equal ``key`` ('a|b' for two)."""
        frame = self.table(table)
        columns = KEY_COLUMNS[table]
        parts = key.split("|")
        if len(parts) != len(columns):
            raise KeyError(f"{table}: key {key!r} needs {len(columns)} part(s): {columns}")
        mask = pd.Series(True, index=frame.index)
        for column, part in zip(columns, parts, strict=True):
            mask &= frame[column].astype(str) == part
        rows = frame[mask]
        if len(rows) != 1:
            raise KeyError(
                f"{table}.csv: expected one row with {columns} = {parts}, found {len(rows)}"
            )
        return rows.iloc[0]

    def value(self, table: str, key: str, column: str) -> float:
        return float(self.row(table, key)[column])

    def device(self, device: str, column: str) -> float:
        return self.value("devices", device, column)

    def dense(self, device: str, precision: str) -> float:
        """The one definition of a dense peak [TFLOP/s] (:func:`analysis.hardware.dense_peak`)."""
        return hardware.dense_peak(self.table("accelerator_compute"), device, precision)


def load_context() -> Context:
    """A fresh :class:`analysis.checks.engine.Context` reading ``data/``."""
    return Context()


@dataclass(frozen=True)
class Outcome:
    """A check's result with what it needs to be read: how, premise, and what it rests on."""

    result: CheckResult
    how: str
    premise: str = ""
    basis_source: str = ""
    basis_verified: str = ""
    #: The upper end where the primary document gives a range (its lower end is compared).
    recomputed_high: float = math.nan


@dataclass(frozen=True)
class Check:
    """One registered check of one claim."""

    claim_id: str
    kind: str
    function: Callable[[Context], Outcome]
    finding: str | None = None


REGISTRY: dict[str, Check] = {}


def check(
    claim_id: str, kind: str, finding: str | None = None
) -> Callable[[Callable[[Context], Outcome]], Callable[[Context], Outcome]]:
    """Register ``function`` as the one check of ``claim_id``."""
    if kind not in KINDS:
        raise ValueError(f"check {claim_id}: kind {kind!r}; expected one of {KINDS}")

    def register(function: Callable[[Context], Outcome]) -> Callable[[Context], Outcome]:
        if claim_id in REGISTRY:
            raise ValueError(f"claim {claim_id} already has a check ({REGISTRY[claim_id].kind})")
        REGISTRY[claim_id] = Check(claim_id, kind, function, finding)
        return function

    return register


def outcome(
    ctx: Context, claim_id: str, recomputed: float, how: str, premise: str = "", exact: bool = False
) -> Outcome:
    """Compare a recomputed value (in the claim's unit) with the claim's stated range."""
    low, high = ctx.stated(claim_id)
    return Outcome(compare(low, high, recomputed, exact), how, premise)


def cannot_check(ctx: Context, claim_id: str, why: str) -> Outcome:
    low, high = ctx.stated(claim_id)
    return Outcome(CheckResult(low, high, math.nan, math.nan, "cannot check"), why)
