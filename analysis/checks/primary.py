"""Claims against the primary figure their ``compare_to`` column names.

The lookup is generic: find the row, read the column, convert its unit to the claim's with
pint, compare. A memory capacity is compared through :func:`analysis.hardware.capacity_GiB`,
because a capacity the note writes in GB is the vendor's binary figure. A primary row that
is itself only the note's figure (``verified == "note-only"``) cannot check the note.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis import hardware, units
from analysis.checks.engine import Context, Outcome
from analysis.data import load_schema
from analysis.verdicts import CheckResult, compare

#: Units the tables spell as words, in pint's spelling.
_TABLE_UNITS = {"token_per_s": "token/s", "ratio": "x", "percent": "%"}
#: Claim units that count whole things: compared exactly when the note states them plainly.
_COUNT_UNITS = {"chip", "GPU", "CPU", "core", "expert", "NIC", "event"}


def parse_compare_to(text: str) -> tuple[str, str, str]:
    """'table:key:column' -> (table, key, column); the key may contain '|' but not ':'."""
    parts = text.split(":")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"claims.csv compare_to {text!r}; expected table:key:column")
    return parts[0], parts[1], parts[2]


def _column_unit(table: str, column: str, row: pd.Series) -> str:
    if table == "devices":
        return {"memory_GiB": "GiB", "memory_bandwidth_TB_per_s": "TB/s", "tdp_W": "W"}[column]
    unit = load_schema(table).column(column).unit
    if unit == "see unit column":
        unit = str(row["unit"])
    return _TABLE_UNITS.get(unit, unit)


def _provenance(table: str, column: str, row: pd.Series) -> tuple[str, str, str]:
    """(source keys, verification, locator) of the looked-up value."""
    if table == "devices":
        return tuple(str(row[f"{column}_{part}"]) for part in ("source", "verified", "locator"))
    return str(row["source"]), str(row["verified"]), str(row["source_locator"])


def primary_check(ctx: Context, claim_id: str) -> Outcome:
    """Look up the claim's ``compare_to`` figure and compare it with the claim."""
    claim = ctx.claim(claim_id)
    table, key, column = parse_compare_to(claim.compare_to)
    row = ctx.row(table, key)
    source, verified, locator = _provenance(table, column, row)
    value = float(row[column])
    how = locator
    low, high = ctx.stated(claim_id)
    if verified == "note-only" or math.isnan(value):
        why = how if verified == "note-only" else f"no value in {table} for {key}"
        result = CheckResult(low, high, math.nan, math.nan, "cannot check")
        return Outcome(result, why, claim.reading or "", source, verified)
    if column == "memory_GiB":  # the note's GB is the vendor's binary figure
        low, high = (float(hardware.capacity_GiB(v, claim.unit)) for v in (low, high))
        recomputed = value
    else:
        try:
            recomputed = units.convert(value, _column_unit(table, column, row), claim.unit)
        except ValueError as err:
            raise ValueError(f"claims.csv, claim {claim_id!r}, {claim.compare_to}: {err}") from None
    exact = claim.unit in _COUNT_UNITS and claim.qualifier == "stated"
    result = compare(low, high, recomputed, exact)
    if column == "memory_GiB":  # report in the claim's own printed unit (GB, or TB of racks)
        printed = value / float(hardware.capacity_GiB(1.0, claim.unit))
        result = CheckResult(*ctx.stated(claim_id), printed, result.ratio, result.verdict)
    premise = claim.reading if isinstance(claim.reading, str) else ""
    high_end = math.nan  # a range in the document ('38-43%') is shown whole
    if column.endswith("_low") and column.removesuffix("_low") + "_high" in row.index:
        other = float(row[column.removesuffix("_low") + "_high"])
        if not math.isnan(other) and other != value and column != "memory_GiB":
            high_end = float(units.convert(other, _column_unit(table, column, row), claim.unit))
    return Outcome(result, how, premise, source, verified, high_end)
