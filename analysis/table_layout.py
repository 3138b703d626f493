"""Table layout for print: column widths measured from the cells, numbers right-aligned.

LaTeX sets a table in fixed columns; too narrow a column makes text run under its
neighbour. :func:`column_layout` estimates every cell's width from the font metrics of
Times (FreeSerif has the same), gives each column at least its widest unbreakable piece
and shares the rest of the line, and :func:`latex_colspec` writes the column specification.
Used by the print extension (``_ext/print_tables.py``) and :func:`analysis.publish.column_widths`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

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

    Examples
    --------
    >>> round(text_width_em("1,979"), 2), round(text_width_em("`abc`"), 2)
    (2.25, 1.8)
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
            # not at no-break spaces; identifiers break after "_" and text after a zero-width
            # space (print allows both there)
            pieces += [
                part
                for word in re.split(r"[ \t\n]+", segment)
                for part in re.split("[_\u200b]", word)
            ]
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

    Examples
    --------
    >>> column_layout(["Device", "Memory [GB]"], [["H100 SXM", "80"]], 300.0, 9.0)
    [(42.8, 'l'), (55.2, 'r')]
    >>> column_layout(["Device"], [["a" * 200]], 20.0, 9.0) is None  # cannot fit
    True
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
    r"""LaTeX column specification for :func:`column_layout`: ragged-right text and
    right-aligned numbers in columns of fixed width.

    Examples
    --------
    >>> print(latex_colspec([(40.0, "l"), (30.0, "r")]))
    >{\RaggedRight\arraybackslash}p{40.0pt}>{\RaggedLeft\arraybackslash}p{30.0pt}
    """
    kinds = {"l": r">{\RaggedRight\arraybackslash}", "r": r">{\RaggedLeft\arraybackslash}"}
    return "".join(f"{kinds[align]}p{{{width}pt}}" for width, align in layout)
