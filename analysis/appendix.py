"""Presentation helpers of the appendices: claim tables and the data dictionary.

The checks themselves live in :mod:`analysis.checks`; this module only turns their results
and the tables' schemas into the tables that ``book/checks.md`` and ``book/data.md`` show.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.data import Column, load_schema
from analysis.publish import sig


def column_range(column: Column) -> str:
    """What a column may hold, in words: bounds with unit, allowed values, or free text."""
    if column.type in ("float", "int"):
        low = "" if column.min is None else number_text(column.min, column.unit, 3)
        high = "" if column.max is None else number_text(column.max, column.unit, 3)
        return f"{low} to {high}".strip() if (low or high) else "any number"
    if column.type == "category":
        return ", ".join(column.allowed or ())
    if column.type == "bibkeys":
        return "keys of references.bib, separated by ;"
    return "text"


def data_dictionary(name: str) -> pd.DataFrame:
    """One row per column of table ``name``, from its schema (analysis.data.load_schema).

    Columns: Column, Meaning, Unit, 'Type: allowed values', Required. Used by the appendix
    "The data", so that each column is described once, in its schema file.
    """
    schema = load_schema(name)
    return pd.DataFrame(
        {
            "Column": [c.name for c in schema.columns],
            "Meaning": [c.description for c in schema.columns],
            "Unit": [c.unit for c in schema.columns],
            "Type: allowed values": [f"{c.type}: {column_range(c)}" for c in schema.columns],
            "Required": ["yes" if c.required else "no" for c in schema.columns],
        }
    )


#: Units as printed: the CSV keeps ASCII names.
_UNIT_TEXT = {"x": "×", "degC": "°C", "mm2": "mm²", "mm^2": "mm²"}
#: Significant figures that print a stated or looked-up figure whole (46,255, not 46,260).
AS_STATED_DIGITS = 6


def trimmed(value: float, digits: int = 4) -> str:
    """``publish.sig`` without trailing zeros, so a stated figure reads as the note gave it."""
    text = sig(value, digits)
    mantissa, times, power = text.partition(" × ")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}{times}{power}"


def number_text(value: float, unit: str, digits: int = 4) -> str:
    """A number as the note would write it: calendar years whole and without a separator."""
    return f"{value:.0f}" if unit == "year" else trimmed(value, digits)


def stated_text(low: float, high: float, unit: str, digits: int = 4) -> str:
    """A stated value or range as text with its unit: '30–50 %', '< 1 %', '> 20 PFLOP/s'."""

    def fmt(value: float) -> str:
        return number_text(value, unit, digits)

    unit = _UNIT_TEXT.get(unit, unit)
    if math.isnan(low):
        text = f"< {fmt(high)}"
    elif math.isnan(high):
        text = f"> {fmt(low)}"
    elif low == high:
        text = fmt(low)
    else:
        text = f"{fmt(low)}–{fmt(high)}"
    return f"{text} {unit}"


def claims_table(results: pd.DataFrame, claim_ids: list[str] | None = None) -> pd.DataFrame:
    """The note's figures beside the primary or recomputed ones, with ratio and verdict.

    Parameters
    ----------
    results : pandas.DataFrame
        :func:`analysis.checks.run_checks`.
    claim_ids : list of str, optional
        The claims to show, in this order; all of ``results`` if None.

    Returns
    -------
    pandas.DataFrame
        Columns ``Claim``, ``The note``, ``Primary or recomputed``, ``Ratio [-]``,
        ``Verdict`` and ``Basis`` (the check's how and premise), values with their units.
    """
    rows = results.set_index("claim_id")
    rows = rows if claim_ids is None else rows.loc[list(claim_ids)]
    # A figure looked up in a primary table prints as stated; a derived one to 3 figures.
    recomputed = [
        "–"
        if math.isnan(r.recomputed)
        else stated_text(
            r.recomputed, r.recomputed, r.unit, AS_STATED_DIGITS if r.kind == "primary" else 3
        )
        for r in rows.itertuples()
    ]
    ratio = ["–" if math.isnan(x) else f"{sig(x, 3)}" for x in rows["ratio"]]
    basis = [
        f"{r.how}. {r.premise}." if isinstance(r.premise, str) and r.premise else f"{r.how}."
        for r in rows.itertuples()
    ]
    return pd.DataFrame(
        {
            "Claim": rows["quantity"].to_numpy(),
            "The note": [
                stated_text(r.value_low, r.value_high, r.unit, AS_STATED_DIGITS)
                for r in rows.itertuples()
            ],
            "Primary or recomputed": recomputed,
            "Ratio [-]": ratio,
            "Verdict": rows["verdict"].to_numpy(),
            "Basis": basis,
        }
    )


def sources_of(results: pd.DataFrame, section: int | None = None) -> list[str]:
    """Bib keys behind the claims of one section (all if None): the note's and the checks'."""
    rows = results if section is None else results[results["section"] == section]
    cells = list(rows["source"])
    if "basis_source" in rows.columns:
        cells += [c for c in rows["basis_source"] if isinstance(c, str) and c]
    keys = [k.strip() for cell in cells for k in cell.split(";") if k.strip()]
    return list(dict.fromkeys(keys))
