"""One plotting style for the whole book, and deterministic figure output.

The palette is Okabe and Ito's colour-blind-safe set; every series also gets its own
marker and line style so that a figure still reads when printed in black and white.
:func:`show` emits each figure three times in one output: SVG (the web page, and what
nbval compares as text: byte-identical across runs thanks to a fixed hash salt and no
date), vector PDF laid out for the printed page (:mod:`analysis.print_figures`; the PDF
build prefers it) and PNG at 200 dpi (notebook viewers). Text is set in FreeSans, the
sans-serif of the printed book's type family (latex/tviprint.sty), with DejaVu Sans for
any glyph FreeSans lacks. Given ``data``, ``sources`` and ``method``, the same output
carries the figure's data as CSV with its provenance (output metadata
:data:`FIGURE_DATA_KEY`; nbval ignores metadata, and a made-up mime type would make
myst-nb warn), after checking that the frame holds what the figure draws; the site's
``figure_data`` extension turns it into downloads under the caption.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator, Sequence
from itertools import cycle

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from analysis.plotted import (
    colour_only_entries,
    data_numbers,
    missing_from_data,
    plotted_values,
    shown_values,
)
from analysis.print_figures import MIN_PRINT_PT, PRINT_WIDTH_IN, figure_pdf  # noqa: F401

#: Key of the figure's data, sources and method in the metadata of :func:`show`'s output.
FIGURE_DATA_KEY = "figure_data"
_UNIT = re.compile(r"\[[^\]]+\]")

#: Okabe & Ito colour-blind-safe palette, black first.
PALETTE: tuple[str, ...] = (
    "#000000",  # black
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow (use last: weak on white)
)
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES: tuple[str | tuple, ...] = ("-", "--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1)))
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")

#: Colours with fixed meanings across chapters.
TRAINING_COLOUR = PALETTE[4]
INFERENCE_COLOUR = PALETTE[1]
BOTH_COLOUR = PALETTE[3]
HOST_COLOUR = PALETTE[0]

PNG_DPI = 200
#: Vertical offset [row heights] that separates two bars drawn on one category row.
PAIR_OFFSET = 0.14
#: Width [category units] over which a strip plot spreads the points of one category.
STRIP_WIDTH = 0.6
#: Tick values of a logarithmic axis of ratios [-], around 1.
RATIO_TICKS = (0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8)
FIGSIZE_IN = (6.4, 4.0)


def apply() -> None:
    """Set the book's matplotlib style. Call once at the top of each chapter.

    Examples
    --------
    >>> from analysis import style
    >>> style.apply()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["svg.hashsalt"]
    'training-vs-inference'
    """
    mpl.rcParams.update(
        {
            "figure.figsize": FIGSIZE_IN,
            "figure.dpi": 100,
            "axes.prop_cycle": mpl.cycler(color=PALETTE[:7]),
            "axes.grid": True,
            "grid.color": "#bbbbbb",
            "grid.linewidth": 0.5,
            "grid.alpha": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.fontsize": 8.5,
            "legend.frameon": False,
            "xtick.labelsize": 9,
            "ytick.labelsize": 9,
            "font.family": ["FreeSans", "DejaVu Sans"],
            "lines.linewidth": 1.8,
            "lines.markersize": 6,
            "svg.hashsalt": "training-vs-inference",  # fixed ids: identical SVG every run
            "svg.fonttype": "path",
            "figure.facecolor": "white",  # legible on the theme's dark background too
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
        }
    )


def series_styles() -> Iterator[dict[str, object]]:
    """Endless colour + marker + line-style combinations for successive series.

    Examples
    --------
    >>> from analysis import style
    >>> styles = style.series_styles()
    >>> next(styles)
    {'color': '#000000', 'marker': 'o', 'linestyle': '-'}
    >>> next(styles)
    {'color': '#E69F00', 'marker': 's', 'linestyle': '--'}
    """
    return (
        {"color": c, "marker": m, "linestyle": ls}
        for c, m, ls in zip(cycle(PALETTE[:7]), cycle(MARKERS), cycle(LINESTYLES), strict=False)
    )


def figure_bytes(fig: Figure) -> tuple[str, bytes]:
    """Render ``fig`` as deterministic SVG text and PNG bytes (200 dpi).

    Examples
    --------
    >>> from analysis import style
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2], [3, 4])
    >>> svg, png = style.figure_bytes(fig)
    >>> svg == style.figure_bytes(fig)[0], png[1:4]
    (True, b'PNG')
    >>> plt.close(fig)
    """
    svg = io.StringIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def _numbers_text(values) -> str:
    return " ".join(repr(float(v)) for v in values)


def figure_data(
    fig: Figure, data: pd.DataFrame, sources: Sequence[str], method: str
) -> dict[str, object]:
    """Check ``data`` against ``fig`` and package it with its provenance for :func:`show`.

    Raises
    ------
    ValueError
        When a numeric column has no unit in brackets, a source key is not in
        ``references.bib``, the method is empty, or the data and the figure disagree.

    Examples
    --------
    >>> from analysis import style
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1.0, 2.0], [80.0, 141.0], label="H100, H200")
    >>> frame = pd.DataFrame({"Chip": ["H100", "H200"], "Position [-]": [1.0, 2.0],
    ...                       "Memory [GB]": [80.0, 141.0]})
    >>> print(style.figure_data(fig, frame, ["nvidia-h200"], "Two chips.")["csv"], end="")
    Chip,Position [-],Memory [GB]
    H100,1.0,80.0
    H200,2.0,141.0
    >>> wrong = frame.assign(**{"Memory [GB]": [80.0, 140.0]})
    >>> style.figure_data(fig, wrong, ["nvidia-h200"], "Two chips.")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ValueError: figure data does not match the figure: 140.0 is in the data but not drawn; ...
    >>> plt.close(fig)
    """
    from analysis.bib import bib_keys

    no_unit = [c for c in data.select_dtypes("number").columns if not _UNIT.search(str(c))]
    if no_unit:
        raise ValueError(f"figure data: numeric columns need a unit in brackets: {no_unit}")
    unknown = sorted(set(sources) - bib_keys())
    if unknown or not sources:
        raise ValueError(f"figure data: sources must be keys of references.bib; got {unknown}")
    if not method.strip():
        raise ValueError("figure data: say how the figure was made (tables, functions)")
    drawn, series = plotted_values(fig)
    numbers = data_numbers(data)
    problems = missing_from_data(data, drawn, series)
    if problems:
        raise ValueError("figure data does not match the figure: " + "; ".join(problems[:5]))
    return {
        "csv": data.to_csv(index=False, lineterminator="\n"),
        "sources": list(sources),
        "method": " ".join(method.split()),
        # for the site's re-check: every number drawn, and the values that showed each
        # series to be in the data; as text, one line each (a JSON list takes a line a value)
        "drawn": _numbers_text(drawn),
        "series": [[label, _numbers_text(shown_values(alts, numbers))] for label, alts in series],
        # legend entries told apart by colour alone (the site's tests require none)
        "colour_only": [list(pair) for pair in colour_only_entries(fig)],
    }


def show(
    fig: Figure,
    alt: str,
    *,
    data: pd.DataFrame | None = None,
    sources: Sequence[str] = (),
    method: str = "",
) -> None:
    """Display ``fig`` as SVG + PDF + PNG in one output, with ``alt`` as its plain text, then
    close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the figure shows, for readers who cannot see it (also the text/plain output).
    data : pandas.DataFrame, optional
        Exactly what the figure plots, one column per quantity, units in brackets in the
        numeric columns' names (``"Memory [GB]"``); offered as a CSV under the figure.
    sources : sequence of str
        Bib keys of the sources of the plotted values (required with ``data``).
    method : str
        Which tables, assumptions and functions produced the values.

    Examples
    --------
    >>> from analysis import style
    >>> import contextlib, io, matplotlib.pyplot as plt, pandas as pd
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["H100", "H200"], [80.0, 141.0])
    >>> frame = pd.DataFrame({"Chip": ["H100", "H200"], "Memory [GB]": [80.0, 141.0]})
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside a notebook, display() prints
    ...     style.show(fig, alt="Memory of the H100 and H200", data=frame,
    ...                sources=["nvidia-h100", "nvidia-h200"], method="table accelerators")
    """
    from IPython.display import display

    metadata = {} if data is None else {FIGURE_DATA_KEY: figure_data(fig, data, sources, method)}
    svg, png = figure_bytes(fig)
    pdf = figure_pdf(fig)
    plt.close(fig)
    display(
        {
            "image/svg+xml": svg,
            "application/pdf": base64.b64encode(pdf).decode("ascii"),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": alt,
        },
        metadata=metadata,
        raw=True,
    )
