"""Put computed numbers and tables into the book's text.

Numbers reach the prose through myst-nb's ``glue``: a chapter computes a value, glues a
formatted string under a name, and the text says ``{glue:text}`name```. Tables are
emitted as MyST Markdown (a ``{table}`` directive with caption, label, units in the
headers and sources under it), which renders the same in the web page and the PDF.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from analysis.table_layout import column_layout

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sig(value: float, digits: int = 2) -> str:
    """``value`` rounded to ``digits`` significant figures, thousands separated by commas.

    Large and small magnitudes use a power of ten: ``sig(3.79e25) == '3.8 × 10²⁵'``.

    Examples
    --------
    >>> from analysis import publish
    >>> publish.sig(3.79e25), publish.sig(16384, 2), publish.sig(0.0349, 2)
    ('3.8 × 10²⁵', '16,000', '0.035')
    >>> publish.sig(625, 2), publish.sig(0.125, 2)  # halves round away from zero
    ('630', '0.13')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    if exponent >= 7 or exponent <= -4:
        mantissa = value / 10**exponent
        text = f"{_half_up(mantissa, digits - 1):.{max(digits - 1, 0)}f}"
        if float(text) == 10:  # rounding carried into the next decade
            exponent += 1
            text = f"{_half_up(mantissa / 10, digits - 1):.{max(digits - 1, 0)}f}"
        return f"{text} × 10{str(exponent).translate(_SUPERSCRIPT)}"
    places = digits - 1 - exponent  # negative: round to tens, hundreds, ...
    return f"{_half_up(value, places):,.{max(places, 0)}f}"


def _half_up(value: float, places: int) -> float:
    """``value`` rounded to ``places`` decimals, halves away from zero as a reader rounds
    (625 to two figures is 630; Python's round() gives 620)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def pct(fraction: float, digits: int = 2) -> str:
    """A fraction as a percentage to ``digits`` significant figures: ``pct(0.378) == '38%'``.

    Examples
    --------
    >>> from analysis import publish
    >>> publish.pct(0.378)
    '38%'
    """
    return f"{sig(100 * fraction, digits)}%"


def glue_text(name: str, text: str) -> None:
    """Glue ``text`` under ``name`` for ``{glue:text}`` in the chapter's prose.

    Examples
    --------
    >>> from analysis import publish
    >>> # in a notebook, then {glue:text}`ch1_tokens` in the chapter's text
    >>> publish.glue_text("ch1_tokens", "15.6 trillion")
    """
    from myst_nb import glue

    # Glued as a str: its repr is quoted, which myst-nb's literal_eval unquotes intact
    # (an unquoted "16,000" would be read as the tuple (16, 0)).
    glue(name, str(text), display=False)


def glue_number(name: str, value: float, digits: int = 2, unit: str = "") -> None:
    """Glue ``value`` rounded to ``digits`` significant figures, with an optional unit.

    The space before the unit is an ordinary one here (the glued text is compared as
    stored); print ties number and unit with a no-break space (``_ext/print_transforms``).

    Examples
    --------
    >>> from analysis import publish
    >>> publish.glue_number("ch1_flop", 3.79e25, 2, "FLOP")  # glued as '3.8 × 10²⁵ FLOP'
    """
    glue_text(name, f"{sig(value, digits)}{' ' + unit if unit else ''}")


_POWER = re.compile(r"10\^\{?(-?\d+)\}?")
_TIMES = re.compile(r"(\w*)(?<=\d) ?[x*] ?(?=\d)")


def _times(match: re.Match) -> str:
    """' × ' after a number; an identifier such as h100x8_fp8 is left as written."""
    word = match.group(1)
    return match.group(0) if re.search(r"[A-Za-z_]", word) else f"{word} × "


def typeset(text: str) -> str:
    """Plain-text notation as print would set it: ``10^25`` as 10²⁵, ``3.8 x 10`` as
    3.8 × 10.

    Examples
    --------
    >>> typeset("order 10^25 FLOP")
    'order 10²⁵ FLOP'
    >>> typeset("3.8 x 10^25 and 2x4, but h100x8_fp8 is a key")
    '3.8 × 10²⁵ and 2 × 4, but h100x8_fp8 is a key'
    """
    text = _POWER.sub(lambda m: "10" + m.group(1).translate(_SUPERSCRIPT), text)
    return _TIMES.sub(_times, text)


def _cell(value: object, digits: int) -> str:
    if isinstance(value, (float, np.floating)):
        return sig(float(value), digits)
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if value is None:
        return "–"
    # code in backticks is left as written (h100x8_fp8 is a key, not a product)
    parts = str(value).split("`")
    # a dollar sign is money ("US$2 B"), never the start of maths
    text = "`".join(
        part if i % 2 else typeset(part).replace("$", "\\$") for i, part in enumerate(parts)
    )
    return text.replace("|", "\\|")


#: Tables with this many rows or more may break across PDF pages.
LONG_TABLE_ROWS = 15


def column_widths(frame: pd.DataFrame, digits: int = 3) -> list[int]:
    """Relative column widths (for the web page's ``:widths:``): each column's natural
    width in print, from :func:`analysis.table_layout.column_layout`, in tenths of an em.

    Examples
    --------
    >>> import pandas as pd
    >>> widths = column_widths(pd.DataFrame({"Device": ["H100 SXM"], "Memory [GB]": [80.0]}))
    >>> len(widths), all(w >= 4 for w in widths)
    (2, True)
    """
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

    Examples
    --------
    >>> from analysis import publish
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Device": ["H100 SXM"], "Memory [GB]": [80.0]})
    >>> text = publish.markdown_table(frame, "Memory.", "tab-memory", ["nvidia-h100"])
    >>> print(text.splitlines()[0])
    ```{table} Memory.
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
    empty table displays nothing.

    Examples
    --------
    >>> from analysis import publish
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Device": ["H100 SXM"], "Memory [GB]": [80.0]})
    >>> publish.show_table(frame, "Memory.", "tab-memory", ["nvidia-h100"])  # doctest: +ELLIPSIS
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    text = markdown_table(frame, caption, label, sources, digits, note)
    if text:
        display(Markdown(text))


def range_text(value: object, digits: int = 2, unit: str = "", central: bool = False) -> str:
    """A :class:`analysis.ranges.Range` (or a number) as text: ``'120–150 kW'``.

    A zero-width range prints as one number. With ``central=True`` the central value
    leads: ``'135 kW (120–150 kW)'``. Both ends are rounded to ``digits`` significant
    figures of the larger end, so the two read alike.

    Examples
    --------
    >>> from analysis.ranges import Range
    >>> range_text(Range(0.3, 0.45, 0.6), 2, "kW")
    '0.30–0.60 kW'
    >>> range_text(Range(120.0, 135.0, 150.0), 2, "kW", central=True)
    '140 kW (120–150 kW)'
    >>> range_text(Range(1_048_576.0, 3e6, 9_765_625.0), 2)
    '1,000,000–9,800,000'
    """
    from analysis.ranges import as_range

    r = as_range(value)
    suffix = f" {unit}" if unit else ""
    low, mid, high = (float(v) for v in r.as_tuple())
    if sig(low, digits) == sig(high, digits):
        return f"{sig(mid, digits)}{suffix}"
    span = f"{_same_places(low, high, digits)}{suffix}"
    return f"{sig(mid, digits)}{suffix} ({span})" if central else span


def _same_places(low: float, high: float, digits: int) -> str:
    """'low–high' with both ends to the decimal places that ``digits`` gives the larger."""
    top = max(abs(low), abs(high))
    exponent = math.floor(math.log10(top)) if top > 0 else 0
    if exponent >= 7 or exponent <= -4:  # one power of ten for both: (1.2–3.3) × 10²⁵
        scale = 10.0**exponent
        power = str(exponent).translate(_SUPERSCRIPT)
        return f"({_same_places(low / scale, high / scale, digits)}) × 10{power}"
    places = digits - 1 - exponent  # negative: round to tens, thousands...
    shown = max(places, 0)
    return f"{round(low, places):,.{shown}f}–{round(high, places):,.{shown}f}"


def glue_range(
    name: str, value: object, digits: int = 2, unit: str = "", central: bool = False
) -> None:
    """Glue :func:`range_text` of ``value`` under ``name`` (see :func:`glue_text`).

    Examples
    --------
    >>> from analysis.ranges import Range
    >>> glue_range("ch11_example", Range(1.1, 1.2, 1.58), 2)  # in a notebook: glued, no output
    """
    glue_text(name, range_text(value, digits, unit, central))


def month_text(year_fraction: float) -> str:
    """A date stored as a fraction of a year (its month's start) as 'August 2022'.

    Examples
    --------
    >>> month_text(2022.583), month_text(2022.75)
    ('August 2022', 'October 2022')
    """
    year = int(year_fraction)
    month = int(round((year_fraction - year) * 12)) + 1  # month starts at twelfths of a year
    return f"{calendar.month_name[month]} {year}"


def as_given(value: object) -> str:
    """A sourced figure printed as its source states it: no rounding, thousands separated.

    Integers stay integers ('1,979'), decimals keep their digits ('2.039', '989.5');
    NaN prints as 'n/a'. Rounding is for derived numbers only (:func:`sig`).

    Examples
    --------
    >>> as_given(1979.0), as_given(2.039), as_given(362448), as_given(float("nan"))
    ('1,979', '2.039', '362,448', 'n/a')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    number = float(value)  # type: ignore[arg-type]
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.12g}"
