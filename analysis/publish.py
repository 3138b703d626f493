"""Put computed numbers and tables into the book's text.

Numbers reach the prose through myst-nb's ``glue``: a chapter computes a value, glues a
formatted string under a name, and the text says ``{glue:text}`name```. Tables are
emitted as MyST Markdown (a ``{table}`` directive with caption, label, units in the
headers and sources under it), which renders the same in the web page and the PDF.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sig(value: float, digits: int = 2) -> str:
    """``value`` rounded to ``digits`` significant figures, thousands separated by commas.

    Large and small magnitudes use a power of ten: ``sig(3.79e25) == '3.8 × 10²⁵'``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    if exponent >= 7 or exponent <= -4:
        mantissa = value / 10**exponent
        text = f"{mantissa:.{max(digits - 1, 0)}f}"
        if float(text) == 10:  # rounding carried into the next decade
            exponent += 1
            text = f"{mantissa / 10:.{max(digits - 1, 0)}f}"
        return f"{text} × 10{str(exponent).translate(_SUPERSCRIPT)}"
    places = digits - 1 - exponent  # negative: round to tens, hundreds, ...
    rounded = round(value, places)
    return f"{rounded:,.{max(places, 0)}f}"


def pct(fraction: float, digits: int = 2) -> str:
    """A fraction as a percentage to ``digits`` significant figures: ``pct(0.378) == '38%'``."""
    return f"{sig(100 * fraction, digits)}%"


def glue_text(name: str, text: str) -> None:
    """Glue ``text`` under ``name`` for ``{glue:text}`` in the chapter's prose."""
    from myst_nb import glue

    # Glued as a str: its repr is quoted, which myst-nb's literal_eval unquotes intact
    # (an unquoted "16,000" would be read as the tuple (16, 0)).
    glue(name, str(text), display=False)


def glue_number(name: str, value: float, digits: int = 2, unit: str = "") -> None:
    """Glue ``value`` rounded to ``digits`` significant figures, with an optional unit.

    The space before the unit is an ordinary one here (the glued text is compared as
    stored); print ties number and unit with a no-break space (``_ext/print_transforms``).
    """
    glue_text(name, f"{sig(value, digits)}{' ' + unit if unit else ''}")


_POWER = re.compile(r"10\^\{?(-?\d+)\}?")
_TIMES = re.compile(r"(?<=\d) ?[x*] ?(?=\d)")


def typeset(text: str) -> str:
    """Plain-text notation as print would set it: ``10^25`` as 10²⁵, ``3.8 x 10`` as
    3.8 × 10."""
    text = _POWER.sub(lambda m: "10" + m.group(1).translate(_SUPERSCRIPT), text)
    return _TIMES.sub(" × ", text)


def _cell(value: object, digits: int) -> str:
    if isinstance(value, (float, np.floating)):
        return sig(float(value), digits)
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if value is None:
        return "–"
    return typeset(str(value)).replace("|", "\\|")


#: Tables with this many rows or more may break across PDF pages.
LONG_TABLE_ROWS = 15

# Advance widths of Times (FreeSerif's metrics) [1/1000 em], from the AFM files matplotlib
# ships, so that the estimate is the same on every machine.
_MONO_EM = 0.6  # FreeMono, every glyph
_OTHER_EM = 0.55  # characters outside the AFM's encoding (×, –, superscripts...)
_NUMERIC = re.compile(
    r"^[~≈<>≤≥+\-−–]?\s*[\d.,]+(\s*(×\s*10\S*|[%×x]|[–-]\s*[\d.,]+%?))?$|^(n/a|–|-|—|)$"
)


@cache
def _afm_widths(name: str) -> dict[str, float]:
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "afm" / name
    widths = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        match = re.match(r"C (\d+) ; WX (\d+) ;", line)
        if match and 32 <= int(match.group(1)) < 127:
            widths[chr(int(match.group(1)))] = int(match.group(2)) / 1000
    return widths


def text_width_em(text: str, bold: bool = False) -> float:
    """Estimated width of ``text`` set in Times (FreeSerif) [em]; code in backticks is
    measured in a monospaced font.

    Parameters
    ----------
    text : str
        One line of text; segments in backticks are code.
    bold : bool
        Bold face (table headers).
    """
    widths = _afm_widths("ptmb8a.afm" if bold else "ptmr8a.afm")
    total = 0.0
    for index, segment in enumerate(text.split("`")):
        if index % 2:
            total += _MONO_EM * len(segment)
        else:
            total += sum(widths.get(char, _OTHER_EM) for char in segment)
    return total


def _tokens(text: str) -> list[str]:
    """Pieces LaTeX cannot break inside: words, and code between backticks as a whole
    (it breaks only at punctuation, so its longest piece between punctuation counts)."""
    pieces = []
    for index, segment in enumerate(text.split("`")):
        if index % 2:
            pieces += [f"`{part}`" for part in re.split(r"[_/.,:;-]", segment) if part]
        else:
            # not at no-break spaces; identifiers break after "_" (print allows it there)
            pieces += [part for word in re.split(r"[ \t\n]+", segment) for part in word.split("_")]
    return [piece for piece in pieces if piece]


def _min_width_em(text: str, bold: bool) -> float:
    """The widest piece of ``text`` that should not be broken [em]. Long plain words may
    hyphenate, so only their first eight letters must fit."""
    widest = 0.0
    for token in _tokens(text):
        if re.fullmatch(r"[A-Za-z]+[,.;:)]?", token) and len(token) > 12:
            token = token[:8] + "-"
        widest = max(widest, text_width_em(token, bold))
    return widest


def column_layout(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width_pt: float,
    size_pt: float,
    pad_pt: float = 8.0,
    force: bool = False,
) -> list[tuple[float, str]] | None:
    """Column widths and alignments that fit a table into ``width_pt``, or None.

    Each column gets at least its widest unbreakable piece (a number, a code name, the
    head of a word) and at most its longest line; the space between is shared in
    proportion to what each column would still need. Columns of numbers are right-aligned.

    Parameters
    ----------
    header : sequence of str
        Column headers (set in bold).
    rows : sequence of sequence of str
        Cell texts; code in backticks.
    width_pt : float
        Width available for the whole table [pt].
    size_pt : float
        Font size of the table's text [pt].
    pad_pt : float
        Space LaTeX adds around each column (two ``\tabcolsep``) [pt].
    force : bool
        Return the narrowest layout even when it does not fit (never None).

    Returns
    -------
    list of (float, str) or None
        Per column: the text width [pt] and ``"l"`` (ragged right) or ``"r"`` (numbers).
    """
    columns = list(zip(header, *rows, strict=False)) if header else list(zip(*rows, strict=False))
    lows, highs, aligns = [], [], []
    for index, cells in enumerate(columns):
        head, body = (cells[0], cells[1:]) if header else ("", cells)
        low = max([_min_width_em(head, True)] + [_min_width_em(c, False) for c in body])
        high = max([text_width_em(head, True)] + [text_width_em(c) for c in body])
        lows.append(low * size_pt + 1.0)
        highs.append(max(high * size_pt, low * size_pt) + 1.0)
        numeric = [bool(_NUMERIC.match(c.strip())) for c in body if c.strip()]
        aligns.append("r" if numeric and sum(numeric) >= 0.8 * len(numeric) else "l")
        del index
    room = width_pt - pad_pt * len(columns)
    if sum(lows) > room and not force:
        return None
    if sum(highs) <= room:
        widths = highs
    else:
        spare = max(room - sum(lows), 0.0)
        need = sum(h - lo for h, lo in zip(highs, lows, strict=True))
        widths = [lo + spare * (h - lo) / need for h, lo in zip(highs, lows, strict=True)]
    return [(round(w, 1), a) for w, a in zip(widths, aligns, strict=True)]


def latex_colspec(layout: Sequence[tuple[float, str]]) -> str:
    """LaTeX column specification for :func:`column_layout`: ragged-right text and
    right-aligned numbers in columns of fixed width."""
    kinds = {"l": r">{\RaggedRight\arraybackslash}", "r": r">{\RaggedLeft\arraybackslash}"}
    return "".join(f"{kinds[align]}p{{{width}pt}}" for width, align in layout)


def column_widths(frame: pd.DataFrame, digits: int = 3) -> list[int]:
    """Relative column widths (for the web page's ``:widths:``): each column's natural
    width in print, from :func:`column_layout`, in tenths of an em."""
    header = [str(name) for name in frame.columns]
    rows = [[_cell(v, digits) for v in row] for row in frame.itertuples(index=False)]
    layout = column_layout(header, rows, 1e9, 10.0, force=True) or []
    return [max(int(round(width)), 4) for width, _ in layout]


def markdown_table(
    frame: pd.DataFrame,
    caption: str,
    label: str,
    sources: Sequence[str],
    digits: int = 3,
    note: str = "",
) -> str:
    """MyST source of a numbered, captioned table with its sources under it.

    Parameters
    ----------
    frame : pandas.DataFrame
        Headers should carry units, e.g. ``"Memory [GB]"``.
    caption : str
        What the table shows.
    label : str
        Cross-reference name, e.g. ``"tab-workloads"``.
    sources : sequence of str
        Bib keys of the data shown, cited under the table.
    digits : int
        Significant figures for floating-point cells.
    note : str
        Extra sentence placed after the sources (e.g. which values are estimates).
    """
    if frame.empty:  # nothing to show: no table, no caption, no sources
        return ""
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = [
        "| " + " | ".join(_cell(v, digits) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    cites = "; ".join(f"{{cite:p}}`{key}`" for key in dict.fromkeys(sources))
    under = " ".join(part for part in (f"Sources: {cites}." if cites else "", note) if part)
    options = [f":name: {label}", f":widths: {' '.join(map(str, column_widths(frame, digits)))}"]
    if len(frame) >= LONG_TABLE_ROWS:  # may run past a page in the PDF: let it break
        options.append(":class: longtable")
    lines = [f"```{{table}} {caption}", *options, "", header, rule, *rows, "```"]
    if under:
        lines += ["", under]
    return "\n".join(lines)


def show_table(
    frame: pd.DataFrame,
    caption: str,
    label: str,
    sources: Sequence[str],
    digits: int = 3,
    note: str = "",
) -> None:
    """Display :func:`markdown_table` as Markdown output (web page and PDF alike); an
    empty table displays nothing."""
    from IPython.display import Markdown, display

    text = markdown_table(frame, caption, label, sources, digits, note)
    if text:
        display(Markdown(text))
