"""One plotting style for the whole book, and deterministic figure output.

The palette is Okabe and Ito's colour-blind-safe set; every series also gets its own
marker and line style so that a figure still reads when printed in black and white.
:func:`show` emits each figure twice in one output: SVG (the web page, and what nbval
compares as text: byte-identical across runs thanks to a fixed hash salt and no date)
and PNG at 200 dpi (the PDF). Given ``data``, ``sources`` and ``method``, the same output
carries the figure's data as CSV with its provenance (output metadata
:data:`FIGURE_DATA_KEY`; nbval ignores metadata, and a made-up mime type would make
myst-nb warn), after
checking that the frame holds what the figure draws; the site's ``figure_data``
extension turns it into downloads under the caption.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator, Sequence
from itertools import cycle

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import Collection, PathCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

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
FIGSIZE_IN = (6.4, 4.0)


def apply() -> None:
    """Set the book's matplotlib style. Call once at the top of each chapter."""
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
            "font.family": "DejaVu Sans",
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
    """Endless colour + marker + line-style combinations for successive series."""
    return (
        {"color": c, "marker": m, "linestyle": ls}
        for c, m, ls in zip(cycle(PALETTE[:7]), cycle(MARKERS), cycle(LINESTYLES), strict=False)
    )


def figure_bytes(fig: Figure) -> tuple[str, bytes]:
    """Render ``fig`` as deterministic SVG text and PNG bytes (200 dpi)."""
    svg = io.StringIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def _data_axes(transform, ax: Axes) -> tuple[bool, bool]:
    """Which of x and y an artist's transform places in data coordinates."""
    x, y = transform.contains_branch_seperately(ax.transData)
    return bool(x), bool(y)


def _finite(values) -> list[float]:
    array = np.ma.filled(np.ma.asarray(values, dtype=float), np.nan).ravel()
    return [float(v) for v in array[np.isfinite(array)]]


def plotted_values(fig: Figure) -> tuple[list[float], list[tuple[str, list[float]]]]:
    """The numbers ``fig`` draws, read back from its artists.

    Returns
    -------
    drawn : list of float
        Every finite data coordinate of lines, markers, bars, spans and filled areas (and
        bar lengths), whatever their role: any number in a figure's data must be one.
    series : list of (str, list of float)
        The values each data series shows, which the data must hold: a labelled line's
        y values (x for a vertical line), each marker's y, each bar's length (or both its
        ends), a labelled filled area's edges. Unlabelled lines are guides and exempt.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["A100", "H100"], [80.0, 80.0], label="memory")
    >>> drawn, series = plotted_values(fig)
    >>> series
    [('memory', [80.0, 80.0])]
    >>> plt.close(fig)
    """
    drawn: list[float] = []
    series: list[tuple[str, list[float]]] = []
    for ax in fig.axes:
        bar_patches = set()
        for container in ax.containers:
            if not isinstance(container, BarContainer):
                continue
            label = container.get_label() or "bars"
            for patch in container.patches:
                bar_patches.add(id(patch))
                x0, y0 = patch.get_x(), patch.get_y()
                w, h = patch.get_width(), patch.get_height()
                horizontal = container.orientation == "horizontal"
                start, length = (x0, w) if horizontal else (y0, h)
                drawn += _finite([x0, x0 + w, y0, y0 + h, length])
                # a bar shows its length (from zero or stacked) or its two ends (a range)
                series.append((f"{label} (bar)", _finite([length, start, start + length])))
        for line in ax.lines:
            x_data, y_data = _data_axes(line.get_transform(), ax)
            xy = np.asarray(line.get_xydata(), dtype=float)
            if xy.size == 0:
                continue
            shown = []
            if x_data:
                drawn += _finite(xy[:, 0])
            if y_data:
                drawn += _finite(xy[:, 1])
                shown = _finite(xy[:, 1])
            elif x_data:
                shown = _finite(xy[:, 0])  # a vertical line shows its x
            if not line.get_label().startswith("_"):
                series.append((line.get_label(), shown))
        for patch in ax.patches:
            if id(patch) in bar_patches or not isinstance(patch, Patch):
                continue
            x_data, y_data = _data_axes(patch.get_transform(), ax)
            vertices = patch.get_path().transformed(patch.get_patch_transform()).vertices
            values = (_finite(vertices[:, 0]) if x_data else []) + (
                _finite(vertices[:, 1]) if y_data else []
            )
            if isinstance(patch, Rectangle):
                values += _finite([patch.get_width()] if x_data else [])
                values += _finite([patch.get_height()] if y_data else [])
            drawn += values
            if not patch.get_label().startswith("_"):
                series.append((patch.get_label(), values))
        for collection in ax.collections:
            drawn_here, shown = _collection_values(collection, ax)
            drawn += drawn_here
            if isinstance(collection, PathCollection) or not collection.get_label().startswith("_"):
                series.append((collection.get_label() or "markers", shown))
    return sorted(set(drawn)), series


def _collection_values(collection: Collection, ax: Axes) -> tuple[list[float], list[float]]:
    """Numbers a collection draws, and those it shows (marker y, or all path vertices)."""
    if isinstance(collection, PathCollection):
        offsets = np.ma.asarray(collection.get_offsets(), dtype=float)
        x_data, y_data = _data_axes(collection.get_offset_transform(), ax)
        xs = _finite(offsets[:, 0]) if x_data and offsets.size else []
        ys = _finite(offsets[:, 1]) if y_data and offsets.size else []
        return xs + ys, ys
    x_data, y_data = _data_axes(collection.get_transform(), ax)
    values: list[float] = []
    for path in collection.get_paths():
        if x_data:
            values += _finite(path.vertices[:, 0])
        if y_data:
            values += _finite(path.vertices[:, 1])
    return values, values


def missing_from_data(
    data: pd.DataFrame, drawn: Sequence[float], series: Sequence[tuple[str, Sequence[float]]]
) -> list[str]:
    """What a figure's data frame lacks or adds, as readable problems (empty if none).

    Every number in ``data`` must be drawn in the figure, and every value of every
    series (see :func:`plotted_values`) must be in ``data``. Zero counts as present
    (bars and areas start from it). Relative tolerance 1e-9, which survives the CSV.
    """
    numbers = data.select_dtypes("number").to_numpy(dtype=float).ravel()
    numbers = np.unique(numbers[np.isfinite(numbers)])
    drawn_array = np.unique(np.asarray(drawn, dtype=float))

    def among(value: float, pool: np.ndarray) -> bool:
        return value == 0 or bool(np.any(np.isclose(pool, value, rtol=1e-9, atol=0)))

    problems = [f"{v!r} is in the data but not drawn" for v in numbers if not among(v, drawn_array)]
    for label, values in series:
        absent = [v for v in values if not among(v, numbers)]
        if label.endswith("(bar)"):
            # a bar is covered by its length, or by both of its ends
            length, ends = values[:1], values[1:]
            if not (all(among(v, numbers) for v in length) or all(among(v, numbers) for v in ends)):
                problems.append(f"series {label!r}: bar of length {values[0]!r} not in the data")
        elif absent:
            problems.append(
                f"series {label!r}: {len(absent)} values not in the data, e.g. {absent[0]!r}"
            )
    return problems


def figure_data(
    fig: Figure, data: pd.DataFrame, sources: Sequence[str], method: str
) -> dict[str, object]:
    """Check ``data`` against ``fig`` and package it with its provenance for :func:`show`.

    Raises
    ------
    ValueError
        When a numeric column has no unit in brackets, a source key is not in
        ``references.bib``, the method is empty, or the data and the figure disagree.
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
    problems = missing_from_data(data, drawn, series)
    if problems:
        raise ValueError("figure data does not match the figure: " + "; ".join(problems[:5]))
    return {
        "csv": data.to_csv(index=False, lineterminator="\n"),
        "sources": list(sources),
        "method": " ".join(method.split()),
        "drawn": drawn,
        "series": [[label, values] for label, values in series],
    }


def show(
    fig: Figure,
    alt: str,
    *,
    data: pd.DataFrame | None = None,
    sources: Sequence[str] = (),
    method: str = "",
) -> None:
    """Display ``fig`` as SVG + PNG in one output, with ``alt`` as its plain text, then close it.

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
    """
    from IPython.display import display

    metadata = {} if data is None else {FIGURE_DATA_KEY: figure_data(fig, data, sources, method)}
    svg, png = figure_bytes(fig)
    plt.close(fig)
    display(
        {
            "image/svg+xml": svg,
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": alt,
        },
        metadata=metadata,
        raw=True,
    )
