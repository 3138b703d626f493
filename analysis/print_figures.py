"""Figures laid out for the printed page: full text-block width, no text under 8 pt.

:func:`figure_pdf` resizes a finished matplotlib figure so that it prints across the
text block of the book's PDF (latex/tviprint.sty) and enlarges any text below
:data:`MIN_PRINT_PT`; tick-label exponents become superscript digits. The web page keeps
the SVG that :mod:`analysis.style` makes; the PDF build prefers this vector PDF.
"""

from __future__ import annotations

import io
import re

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

#: Width of the printed page's text block [in] (latex/tviprint.sty: 12.2 cm).
PRINT_WIDTH_IN = 12.2 / 2.54
#: Smallest text size a printed figure may carry [pt].
MIN_PRINT_PT = 8.0


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


_MATH_SIMPLE = re.compile(r"^\$(?:\\mathdefault\{)?([^${}]*(?:\^\{-?\d+\}|_\{\d+\})?[^${}]*)\}?\$$")


def _plain(label: str) -> str:
    """A tick label such as ``$\\mathdefault{10^{25}}$`` as plain text, ``10²⁵``: mathtext
    sets exponents at 70 % of the label's size, under 8 pt in print."""
    match = _MATH_SIMPLE.match(label)
    if not match or not re.search(r"mathdefault|\^\{|_\{", label):
        return label  # other mathematics keeps its italic
    text = match.group(1).replace("\\times", "×").replace("\\cdot", "·").replace("\\,", " ")
    text = re.sub(r"\^\{(-?\d+)\}", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = re.sub(r"_\{(\d+)\}", lambda m: m.group(1).translate(_SUBSCRIPT), text)
    return text.replace("\\", "")


def _plain_formatter(original):
    return FuncFormatter(lambda value, pos: _plain(original(value, pos)))


def _enforce_minimum(fig: Figure) -> None:
    """No text under :data:`MIN_PRINT_PT`, exponents included."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for which in ("major", "minor"):
                formatter = (
                    axis.get_major_formatter() if which == "major" else axis.get_minor_formatter()
                )
                if not isinstance(formatter, FuncFormatter) or not getattr(
                    formatter, "_tvi_plain", False
                ):
                    plain = _plain_formatter(formatter)
                    plain._tvi_plain = True
                    (axis.set_major_formatter if which == "major" else axis.set_minor_formatter)(
                        plain
                    )
            labels = [t for t in axis.get_ticklabels(which="both") if t.get_text()]
            if labels and min(t.get_fontsize() for t in labels) < MIN_PRINT_PT:
                axis.set_tick_params(which="both", labelsize=MIN_PRINT_PT)
    for text in _texts(fig):
        if "$" in text.get_text():
            text.set_text(_plain(text.get_text()))
        if text.get_fontsize() < MIN_PRINT_PT:
            text.set_fontsize(MIN_PRINT_PT)


def _tight_width(fig: Figure) -> float:
    """Width of ``fig`` as saved with ``bbox_inches="tight"`` [in]."""
    return fig.get_tightbbox(fig.canvas.get_renderer()).width + 0.2  # pad_inches, both sides


def _narrow_a_legend(fig: Figure, target: float) -> bool:
    """Rebuild a legend wider than the page with one column fewer; False when none is.

    Its text cannot shrink (it is at the minimum size), so only fewer columns make it fit.
    """
    renderer = fig.canvas.get_renderer()
    owners = [(fig, legend) for legend in fig.legends]
    owners += [(ax, ax.get_legend()) for ax in fig.axes if ax.get_legend() is not None]
    for owner, legend in owners:
        if legend._ncols <= 1 or legend.get_window_extent(renderer).width / fig.dpi <= (
            0.8 * target
        ):
            continue
        texts = legend.get_texts()
        title = legend.get_title().get_text()
        anchor = legend._bbox_to_anchor  # as given, in its own coordinates
        where = {}
        if anchor is not None:
            (x0, y0), (x1, y1) = anchor._bbox.get_points()
            box = (x0, y0) if (x0, y0) == (x1, y1) else (x0, y0, x1 - x0, y1 - y0)
            where = {"bbox_to_anchor": box, "bbox_transform": anchor._transform}
        if owner is fig:
            legend.remove()
        replacement = owner.legend(
            handles=legend.legend_handles,
            labels=[t.get_text() for t in texts],
            loc=legend._loc,
            **where,
            ncols=legend._ncols - 1,
            fontsize=texts[0].get_fontsize() if texts else None,
            frameon=legend.get_frame_on(),
            title=title or None,
        )
        replacement.set_zorder(legend.get_zorder())
        return True
    return False


def figure_pdf(fig: Figure) -> bytes:
    """Render ``fig`` as a deterministic vector PDF laid out for the printed page.

    The figure is resized (same aspect ratio) so that it prints at full size across the
    text block, and text still under :data:`MIN_PRINT_PT` is enlarged to it (exponents of
    tick labels become superscript digits), so that nothing in a printed figure is smaller
    than 8 pt. Call after :func:`analysis.style.figure_bytes`: it changes ``fig``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2))
    >>> _ = ax.plot([1, 2], [3, 4])
    >>> figure_pdf(fig)[:5]
    b'%PDF-'
    >>> plt.close(fig)
    """
    target = PRINT_WIDTH_IN * 0.995
    _enforce_minimum(fig)
    aspect = fig.get_size_inches()[1] / fig.get_size_inches()[0]
    tried: list[tuple[float, float]] = []  # (figure width, printed width) [in]
    for _ in range(10):  # text keeps its size as the figure shrinks: a secant search
        width = fig.get_size_inches()[0]
        tight = _tight_width(fig)
        if 0.97 * target <= tight <= target:
            break
        if tight > target and _narrow_a_legend(fig, target):
            tried.clear()
            continue
        tried.append((width, tight))
        if len(tried) >= 2 and tried[-1][1] != tried[-2][1]:
            (w0, t0), (w1, t1) = tried[-2:]
            width = w1 + (target - t1) * (w1 - w0) / (t1 - t0)
        else:
            width = width * target / tight
        width = max(width, 0.4 * PRINT_WIDTH_IN)
        fig.set_size_inches(width, width * aspect)
    pdf = io.BytesIO()
    fig.savefig(pdf, format="pdf", bbox_inches="tight", metadata={"CreationDate": None})
    return pdf.getvalue()
