"""One plotting style for the whole book, and deterministic figure output.

The palette is Okabe and Ito's colour-blind-safe set; every series also gets its own
marker and line style so that a figure still reads when printed in black and white.
:func:`show` emits each figure twice in one output: SVG (the web page, and what nbval
compares as text: byte-identical across runs thanks to a fixed hash salt and no date)
and PNG at 200 dpi (the PDF).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from itertools import cycle

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

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


def show(fig: Figure, alt: str) -> None:
    """Display ``fig`` as SVG + PNG in one output, with ``alt`` as its plain text, then close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the figure shows, for readers who cannot see it (also the text/plain output).
    """
    from IPython.display import display

    svg, png = figure_bytes(fig)
    plt.close(fig)
    display(
        {
            "image/svg+xml": svg,
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": alt,
        },
        raw=True,
    )
