"""Presentation helpers of the appendices: claim tables, findings and the data dictionary.

The checks themselves live in :mod:`analysis.checks`; this module only turns their results
and the tables' schemas into the tables that ``book/checks.md`` and ``book/data.md`` show.
"""

from __future__ import annotations

import math
import re

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
        return "keys of references.bib, separated by semicolons"
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
#: Significant figures that print a sourced figure as given (trailing zeros trimmed).
AS_GIVEN_DIGITS = 10
#: A value in unit 'year' from this on is a calendar year, below it a duration [year].
CALENDAR_YEAR_FROM = 1900


def trimmed(value: float, digits: int = 4) -> str:
    """``publish.sig`` without trailing zeros, so a stated figure reads as the note gave it."""
    text = sig(value, digits)
    mantissa, times, power = text.partition(" × ")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}{times}{power}"


def is_calendar_year(value: float, unit: str) -> bool:
    """A figure in years that names a year of the calendar (2027), not a duration."""
    return unit == "year" and value >= CALENDAR_YEAR_FROM


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


def stated_text(
    low: float, high: float, unit: str, digits: int = AS_GIVEN_DIGITS, quote: str = ""
) -> str:
    """A stated value or range as text with its unit: '30–50%', '< 1%', '> 20 PFLOP/s'.

    Money reads as the note writes it ('US$2.9 billion', 'US$1.5–4 an hour'); NaN as 'n/a'.

    Examples
    --------
    >>> stated_text(4.0, 5.0, "year"), stated_text(float("nan"), 1.0, "%")
    ('4–5 years', '< 1%')
    >>> stated_text(1.5, 4.0, "USD/h"), stated_text(2.9, 2.9, "billion USD")
    ('US$1.5–4 an hour', 'US$2.9 billion')
    >>> stated_text(float("nan"), 64.0, "GB", quote="HBM4 up to 64 GB")
    'up to 64 GB'
    >>> stated_text(100.0, 100.0, "%", quote="at near-100% utilisation")
    'near 100%'
    """
    if math.isnan(low) and math.isnan(high):
        return "n/a"

    def fmt(value: float) -> str:
        return number_text(value, unit, digits)

    # an open end reads as the note words it: 'up to 64 GB', '≤ 1%', '< 40%', '> 20 PFLOP/s'
    if math.isnan(low):
        word = "up to " if "up to" in quote else "≤ " if "≤" in quote else "< "
        text, last = f"{word}{fmt(high)}", high
    elif math.isnan(high):
        text, last = f"{'≥ ' if '≥' in quote else '> '}{fmt(low)}", low
    elif low == high:
        # 'near-100%' in the note prints as 'near 100%', not as an exact figure
        near = "near " if re.search(r"\bnear[- ]\d", quote) else ""
        text, last = f"{near}{fmt(low)}", low
    else:
        text, last = f"{fmt(low)}–{fmt(high)}", high
    if unit == "billion USD":
        return f"US${text} billion"
    if unit == "USD/h":
        return f"US${text} an hour"
    return f"{text}{unit_text(unit, last)}"


def recomputed_text(
    value: float, unit: str, kind: str, digits: int = 3, high: float = math.nan
) -> str:
    """A check's primary or recomputed figure as text: a primary document's figure as given
    (a range where the document gives one), a recomputed one to ``digits`` significant
    figures, '–' when there is none.

    Examples
    --------
    >>> recomputed_text(16384.0, "GPU", "primary"), recomputed_text(8.6296, "1/day", "derived")
    ('16,384 GPUs', '8.63 a day')
    >>> recomputed_text(38.0, "%", "primary", high=43.0)
    '38–43%'
    """
    if math.isnan(value):
        return "–"
    top = value if math.isnan(high) else high
    return stated_text(value, top, unit, AS_GIVEN_DIGITS if kind == "primary" else digits)


#: Words longer than this [characters] get break opportunities after '_' and '/'.
LONG_WORD = 20


def breakable(text: str) -> str:
    """``text`` with a zero-width space after each '_' and '/' of a long word (a file name,
    a key) and after a slash between two words, so that a narrow table column can wrap it
    (print breaks there too: ``_ext/print_transforms.py``).

    Examples
    --------
    >>> breakable("file 'accelerator_memory_capacity'").count("\\u200b")
    2
    >>> breakable("MXFP8/MXFP4 at 8 TB/s").count("\\u200b")
    1
    """
    long = [re.sub(r"([_/])", "\\1\u200b", w) if len(w) > LONG_WORD else w for w in text.split(" ")]
    # a slash between two words of four or more characters ('MXFP8/MXFP4'), never 'TB/s'
    return re.sub(r"(?<=\w{4})/(?=\w{4})", "/\u200b", " ".join(long))


def capitalised(text: str) -> str:
    """``text`` with a first word in lower case capitalised ('vLLM' and 'x86' stay).

    Examples
    --------
    >>> capitalised("decode's ceiling"), capitalised("real-world MFU"), capitalised("vLLM")
    ("Decode's ceiling", 'Real-world MFU', 'vLLM')
    """
    first = text.split(" ", 1)[0].replace("'", "").replace("-", "")
    return text[0].upper() + text[1:] if first.isalpha() and first.islower() else text


def sentence(text: str) -> str:
    """``text`` as a sentence: a lower-case first word capitalised, one closing full stop.

    Examples
    --------
    >>> sentence("the note's own figure"), sentence("vLLM's authors."), sentence("As above")
    ("The note's own figure.", "vLLM's authors.", 'As above.')
    """
    text = capitalised(text.strip())
    return text if text.endswith((".", ".'", '."', "?", "!")) else f"{text}."


def _basis(row: pd.Series, quantity_of: dict[str, tuple[int, str]], cite: bool) -> str:
    """A check's basis in words: what it rests on, its premise, and (``cite``) the document."""
    from analysis.checks import REPEATS  # the engine's map of repetitions

    if row["kind"] == "repeated" and row["claim_id"] in REPEATS:
        section, quantity = quantity_of[REPEATS[row["claim_id"]]]
        return f"Repeats the note's section {section}: {quantity}."
    parts = [sentence(row["how"])]
    if isinstance(row["premise"], str) and row["premise"]:
        parts.append(sentence(row["premise"]))
    parts = [breakable(part) for part in parts]
    keys = [k.strip() for k in str(row.get("basis_source") or "").split(";") if k.strip()]
    if cite and keys:
        parts.append(f"{{cite:p}}`{','.join(keys)}`")
    return " ".join(parts)


def claims_table(
    results: pd.DataFrame, claim_ids: list[str] | None = None, cite: bool = False
) -> pd.DataFrame:
    """The note's figures beside the primary or recomputed ones, with ratio and verdict.

    Parameters
    ----------
    results : pandas.DataFrame
        :func:`analysis.checks.run_checks`.
    claim_ids : list of str, optional
        The claims to show, in this order; all of ``results`` if None.
    cite : bool
        Cite the document a check rests on at the end of its basis (``{cite:p}`` role).

    Returns
    -------
    pandas.DataFrame
        Columns ``Claim``, ``The note``, ``Primary or recomputed``, ``Ratio [-]``,
        ``Verdict`` and ``Basis`` (the check's how and premise; for a repetition, the
        statement it repeats), values with their units.

    Examples
    --------
    >>> from analysis import checks
    >>> table = claims_table(checks.run_checks(), ["s2_b200_fp4_dense"])
    >>> table.loc[0, ["The note", "Primary or recomputed", "Verdict"]].tolist()
    ['4.5 PFLOP/s', '9 PFLOP/s', 'differs']
    """
    quantity_of = {
        r.claim_id: (int(r.section), r.quantity) for r in results.itertuples(index=False)
    }
    rows = results.set_index("claim_id", drop=False)
    rows = rows if claim_ids is None else rows.loc[list(claim_ids)]
    # A primary document's figure prints as given; a recomputed one to three figures.
    recomputed = [
        recomputed_text(r.recomputed, r.unit, r.kind, high=r.recomputed_high)
        for r in rows.itertuples()
    ]
    ratio = ["–" if math.isnan(x) else f"{sig(x, 3)}" for x in rows["ratio"]]
    return pd.DataFrame(
        {
            "Claim": [capitalised(q) for q in rows["quantity"]],
            "The note": [
                stated_text(r.value_low, r.value_high, r.unit, AS_GIVEN_DIGITS, r.quote)
                for r in rows.itertuples()
            ],
            "Primary or recomputed": recomputed,
            "Ratio [-]": ratio,
            "Verdict": rows["verdict"].to_numpy(),
            "Basis": [_basis(row, quantity_of, cite) for _, row in rows.iterrows()],
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


# --- Findings and the chapters that tell them ----------------------------------------------

#: The label on each chapter's title, by number (1-9 follow the note's sections; 11 is the
#: synthesis for the grid).
CHAPTER_LABELS: dict[int, str] = {
    1: "ch-workloads",
    2: "ch-hardware",
    3: "ch-memory-networking",
    4: "ch-power-cooling",
    5: "ch-utilisation",
    6: "ch-throughput",
    7: "ch-lifecycle",
    8: "ch-blurring",
    9: "ch-caveats",
    11: "ch-grid",
}

#: The chapter that tells each finding of ``analysis.checks.FINDINGS`` (once); every
#: other page cross-references it.
FINDING_CHAPTERS: dict[str, int] = {
    "reasoning-query": 1,
    "b200-halved": 2,
    "rubin-dense": 2,
    "misread-source": 6,
    "interruptions": 5,
    "air-multiple": 4,
    "coolant-balance": 4,
    "sustained-decode": 9,
    "per-watt": 7,
    "memory-bound-value": 7,
    "gpt4-h100": 7,
}


def chapter_ref(chapter: int, short: bool = False) -> str:
    """A MyST cross-reference to a chapter: '{ref}`Chapter 2 <ch-hardware>`' ('Ch. 2').

    Examples
    --------
    >>> chapter_ref(6), chapter_ref(6, short=True)
    ('{ref}`Chapter 6 <ch-throughput>`', '{ref}`Ch. 6 <ch-throughput>`')
    """
    if chapter not in CHAPTER_LABELS:
        raise KeyError(f"chapter {chapter}: no label; known: {sorted(CHAPTER_LABELS)}")
    name = "Ch." if short else "Chapter"
    return f"{{ref}}`{name} {chapter} <{CHAPTER_LABELS[chapter]}>`"


def finding_label(finding: str) -> str:
    """The label of a finding's section in the checks appendix: 'finding-<id>'."""
    return f"finding-{finding}"


def verdict_tally(verdicts: list[str]) -> str:
    """Verdicts counted, in order of first appearance: 'differs (3); repeated, agrees (1)'.

    Examples
    --------
    >>> verdict_tally(["differs", "differs", "repeated, agrees"])
    'differs (2); repeated, agrees (1)'
    """
    counts = pd.Series(verdicts, dtype=object).value_counts(sort=False)
    return "; ".join(f"{verdict} ({count})" for verdict, count in counts.items())


def findings_overview(findings: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.checks.findings_table` for the page: one row per finding.

    Columns ``Finding`` (a reference to its section, which gives its title),
    ``Claims [count]``, ``Verdicts`` (tallied) and ``Told in`` (the chapter).
    """
    missing = set(findings["finding"]) - set(FINDING_CHAPTERS)
    if missing:
        raise KeyError(f"findings {sorted(missing)}: add them to appendix.FINDING_CHAPTERS")
    return pd.DataFrame(
        {
            "Finding": [f"{{ref}}`{finding_label(f)}`" for f in findings["finding"]],
            "Claims [count]": [len(c) for c in findings["claims"]],
            "Verdicts": [verdict_tally(list(v)) for v in findings["verdicts"]],
            "Told in": [chapter_ref(FINDING_CHAPTERS[f]) for f in findings["finding"]],
        }
    )
