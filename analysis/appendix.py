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


#: Units written straight after the number, without a space.
_ATTACHED = {"x": "×", "%": "%"}
#: Units as printed, after a space: the CSV keeps pint's spelling.
_UNIT_TEXT = {
    "degC": "°C", "mm2": "mm²", "mm^2": "mm²", "1/day": "a day",
    "token/parameter": "tokens per parameter",
}  # fmt: skip
#: Counting units that take a plural 's' when the figure is not 1.
_COUNTABLE = {
    "GPU", "CPU", "chip", "core", "token", "month", "expert", "NIC", "user", "example",
    "event", "day", "request", "year", "parameter",
}  # fmt: skip
#: Significant figures that print a stated or looked-up figure whole (46,255, not 46,260).
AS_STATED_DIGITS = 6


def trimmed(value: float, digits: int = 4) -> str:
    """``publish.sig`` without trailing zeros, so a stated figure reads as the note gave it."""
    text = sig(value, digits)
    mantissa, times, power = text.partition(" × ")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}{times}{power}"


def is_calendar_year(value: float, unit: str) -> bool:
    """A figure in years that names a year of the calendar (2027), not a duration."""
    return unit == "year" and value >= 1900


def number_text(value: float, unit: str, digits: int = 4) -> str:
    """A number as the note would write it: calendar years whole and without a separator."""
    return f"{value:.0f}" if is_calendar_year(value, unit) else trimmed(value, digits)


def unit_text(unit: str, value: float) -> str:
    """How a unit reads after a figure: ' GPUs', '%', ' tokens per parameter', ''.

    Examples
    --------
    >>> unit_text("GPU", 16000.0), unit_text("%", 30.0), unit_text("year", 2027.0)
    (' GPUs', '%', '')
    """
    if unit in _ATTACHED:
        return _ATTACHED[unit]
    if is_calendar_year(value, unit):
        return ""
    if unit in _COUNTABLE:
        return f" {unit}" if value == 1 else f" {unit}s"
    return f" {_UNIT_TEXT.get(unit, unit)}"


def stated_text(low: float, high: float, unit: str, digits: int = 4) -> str:
    """A stated value or range as text with its unit: '30–50%', '< 1%', '> 20 PFLOP/s'.

    Money reads as the note writes it ('US$2.9 billion', 'US$1.5–4 an hour'); NaN as 'n/a'.

    Examples
    --------
    >>> stated_text(4.0, 5.0, "year"), stated_text(float("nan"), 1.0, "%")
    ('4–5 years', '< 1%')
    >>> stated_text(1.5, 4.0, "USD/h"), stated_text(2.9, 2.9, "billion USD")
    ('US$1.5–4 an hour', 'US$2.9 billion')
    """
    if math.isnan(low) and math.isnan(high):
        return "n/a"

    def fmt(value: float) -> str:
        return number_text(value, unit, digits)

    if math.isnan(low):
        text, last = f"< {fmt(high)}", high
    elif math.isnan(high):
        text, last = f"> {fmt(low)}", low
    elif low == high:
        text, last = fmt(low), low
    else:
        text, last = f"{fmt(low)}–{fmt(high)}", high
    if unit == "billion USD":
        return f"US${text} billion"
    if unit == "USD/h":
        return f"US${text} an hour"
    return f"{text}{unit_text(unit, last)}"


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
