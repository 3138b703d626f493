"""What a figure draws, read back from its matplotlib artists, and whether a data frame
holds exactly that.

:func:`analysis.style.show` calls :func:`missing_from_data` before it offers a figure's
data as a CSV: every number in the frame must be drawn, and every value a series shows
must be in the frame. The same check runs again on the built site's CSV files.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.category import StrCategoryFormatter
from matplotlib.collections import Collection, PathCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator

#: One series: its label and the alternative sets of values it shows; the data must hold
#: every value of at least one set (a bar: its length, or both ends; a line or markers:
#: its y, or its x when the y axis is labelled with categories, as in a dot plot).
Series = tuple[str, list[list[float]]]


def _labelled(artist) -> bool:
    """Whether the artist has a legend label (matplotlib marks unlabelled ones with _)."""
    label = artist.get_label()
    return bool(label) and not label.startswith("_")


def _categories_on_y(ax: Axes) -> bool:
    """Whether the y axis is labelled with categories (y values are positions, not data)."""
    axis = ax.yaxis
    formatter = axis.get_major_formatter()
    if isinstance(formatter, StrCategoryFormatter):
        return True
    if not isinstance(axis.get_major_locator(), FixedLocator):
        return False
    for i, value in enumerate(axis.get_ticklocs()):
        try:
            float(str(formatter(value, i)).replace(",", "").replace("\N{MINUS SIGN}", "-"))
        except ValueError:
            return True  # a tick labelled with a word: a category
    return False


def _data_axes(transform, ax: Axes) -> tuple[bool, bool]:
    """Which of x and y an artist's transform places in data coordinates."""
    x, y = transform.contains_branch_seperately(ax.transData)
    return bool(x), bool(y)


def _finite(values) -> list[float]:
    array = np.ma.filled(np.ma.asarray(values, dtype=float), np.nan).ravel()
    return [float(v) for v in array[np.isfinite(array)]]


def _xy(points: np.ndarray, x_data: bool, y_data: bool) -> tuple[list[float], list[float]]:
    points = np.ma.asarray(points, dtype=float).reshape(-1, 2)
    return (_finite(points[:, 0]) if x_data else []), (_finite(points[:, 1]) if y_data else [])


def _bars(ax: Axes, drawn: list[float], series: list[Series]) -> set[int]:
    patches = set()
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        label = container.get_label() or "bars"
        for patch in container.patches:
            patches.add(id(patch))
            x0, y0, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
            start, length = (x0, w) if container.orientation == "horizontal" else (y0, h)
            drawn += _finite([x0, x0 + w, y0, y0 + h, length])
            series.append((f"{label} (bar)", [_finite([length]), _finite([start, start + length])]))
    return patches


def plotted_values(fig: Figure) -> tuple[list[float], list[Series]]:
    """The numbers ``fig`` draws, read back from its artists.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    drawn : list of float
        Every finite data coordinate of lines, markers, bars, spans and collections (and
        bar lengths), whatever their role: any number in a figure's data must be one.
    series : list of (str, list of list of float)
        What each data series shows, which the data must hold: every bar; every marker
        collection; every labelled line, span or collection. Unlabelled lines and spans
        (guides, thresholds without a legend entry) are exempt.

    Examples
    --------
    >>> from analysis import plotted
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1.0, 2.0], [80.0, 141.0], label="memory [GB]")
    >>> _ = ax.axhline(100.0)  # an unlabelled guide: drawn, but not a series
    >>> drawn, series = plotted_values(fig)
    >>> drawn
    [1.0, 2.0, 80.0, 100.0, 141.0]
    >>> series
    [('memory [GB]', [[80.0, 141.0]])]
    >>> plt.close(fig)
    """
    drawn: list[float] = []
    series: list[Series] = []
    for ax in fig.axes:
        bar_patches = _bars(ax, drawn, series)
        categories = _categories_on_y(ax)
        for line in ax.lines:
            x_data, y_data = _data_axes(line.get_transform(), ax)
            xs, ys = _xy(line.get_xydata(), x_data, y_data)
            drawn += xs + ys
            if _labelled(line):
                series.append(
                    (line.get_label(), [ys, xs] if categories else [ys] if y_data else [xs])
                )
        for patch in ax.patches:
            if id(patch) in bar_patches:
                continue
            x_data, y_data = _data_axes(patch.get_transform(), ax)
            path = patch.get_path().transformed(patch.get_patch_transform())
            xs, ys = _xy(path.vertices, x_data, y_data)
            drawn += xs + ys
            if _labelled(patch):
                series.append((patch.get_label(), [xs + ys]))
        for collection in ax.collections:
            xs, ys = _collection_xy(collection, ax)
            drawn += xs + ys
            if isinstance(collection, PathCollection) or _labelled(collection):
                series.append(
                    (collection.get_label() or "markers", [ys, xs] if categories else [ys])
                )
    return sorted(set(drawn)), series


def _collection_xy(collection: Collection, ax: Axes) -> tuple[list[float], list[float]]:
    """x and y a collection draws: marker positions, or its paths' vertices."""
    if isinstance(collection, PathCollection):
        offsets = collection.get_offsets()
        if not np.size(offsets):
            return [], []
        return _xy(offsets, *_data_axes(collection.get_offset_transform(), ax))
    x_data, y_data = _data_axes(collection.get_transform(), ax)
    xs: list[float] = []
    ys: list[float] = []
    for path in collection.get_paths():
        px, py = _xy(path.vertices, x_data, y_data)
        xs, ys = xs + px, ys + py
    return xs, ys


def missing_from_data(
    data: pd.DataFrame, drawn: Sequence[float], series: Sequence[Series]
) -> list[str]:
    """What a figure's data frame adds to or lacks from the figure (empty list if nothing).

    Parameters
    ----------
    data : pandas.DataFrame
        The figure's data; its numeric columns are compared.
    drawn, series
        From :func:`plotted_values`.

    Returns
    -------
    list of str
        Every number of ``data`` not drawn, and every series with a value missing from
        ``data``. Zero always counts as present (bars and areas start from it); values
        match to a relative tolerance of 1e-9, which survives a CSV round trip.

    Examples
    --------
    >>> from analysis import plotted
    >>> import pandas as pd
    >>> drawn, series = [1.0, 2.0, 80.0, 141.0], [("memory", [[80.0, 141.0]])]
    >>> missing_from_data(pd.DataFrame({"Memory [GB]": [80.0, 141.0]}), drawn, series)
    []
    >>> missing_from_data(pd.DataFrame({"Memory [GB]": [80.0, 140.0]}), drawn, series)
    ['140.0 is in the data but not drawn', "series 'memory': 141.0 is not in the data"]
    """
    numbers = data_numbers(data)
    drawn_array = np.unique(np.asarray(drawn, dtype=float))
    problems = [
        f"{float(v)!r} is in the data but not drawn" for v in numbers if not _among(v, drawn_array)
    ]
    for label, alternatives in series:
        if shown_values(alternatives, numbers) is None:
            absent = [v for v in alternatives[0] if not _among(v, numbers)]
            problems.append(f"series {label!r}: {absent[0]!r} is not in the data")
    return problems


def data_numbers(data: pd.DataFrame) -> np.ndarray:
    """The distinct finite numbers of ``data``'s numeric columns.

    Examples
    --------
    >>> from analysis import plotted
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Chip": ["H100", "H200"], "Memory [GB]": [80.0, 141.0],
    ...                       "Bandwidth [TB/s]": [3.35, float("nan")]})
    >>> plotted.data_numbers(frame).tolist()
    [3.35, 80.0, 141.0]
    """
    numbers = data.select_dtypes("number").to_numpy(dtype=float).ravel()
    return np.unique(numbers[np.isfinite(numbers)])


def _among(value: float, pool: np.ndarray) -> bool:
    return value == 0 or bool(np.any(np.isclose(pool, value, rtol=1e-9, atol=0)))


def shown_values(alternatives: list[list[float]], numbers: np.ndarray) -> list[float] | None:
    """The distinct values of the first alternative wholly in ``numbers``, else None.

    Examples
    --------
    >>> from analysis import plotted
    >>> import numpy as np
    >>> # a bar of length 60 spanning 80 to 140: its ends are in the data, its length is not
    >>> plotted.shown_values([[60.0], [80.0, 140.0]], np.array([80.0, 140.0]))
    [80.0, 140.0]
    """
    for values in alternatives:
        if all(_among(v, numbers) for v in values):
            return sorted(set(values))
    return None


def _look(handle) -> tuple:
    """What tells a legend entry apart when colour is lost: line style and width, marker,
    fill, hatch."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def hollow(colour) -> bool:
        rgba = np.atleast_2d(to_rgba(colour) if isinstance(colour, str) else colour)
        return bool(rgba.size) and (rgba[0][3] == 0 or bool(np.all(rgba[0][:3] > 0.95)))

    if isinstance(handle, Line2D):
        style = handle.get_linestyle() if len(handle.get_xdata()) != 1 else "None"
        width = round(float(handle.get_linewidth()), 1)
        return ("line", style, width, handle.get_marker(), hollow(handle.get_markerfacecolor()))
    if isinstance(handle, Patch):
        return ("patch", handle.get_hatch() or "", hollow(handle.get_facecolor()))
    if isinstance(handle, Collection):
        paths = handle.get_paths()
        shape = paths[0].vertices.round(3).tobytes() if paths else b""
        faces = handle.get_facecolors()
        widths = tuple(np.round(handle.get_linewidths(), 1))
        fill = hollow(faces[0]) if len(faces) else True
        return ("markers", shape, fill, widths, handle.get_hatch())
    return (type(handle).__name__,)


def colour_only_entries(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of legend entries that differ only in colour (unreadable in black and white).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from analysis import plotted
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1], "-", color="C0", label="training")
    >>> _ = ax.plot([0, 1], [1, 0], "-", color="C1", label="inference")
    >>> _ = ax.legend()
    >>> plotted.colour_only_entries(fig)
    [('training', 'inference')]
    >>> plt.close(fig)
    """
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    pairs = []
    for legend in (leg for leg in legends if leg is not None):
        entries = [
            (text.get_text(), _look(handle))
            for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=False)
        ]
        for i, (label, look) in enumerate(entries):
            pairs += [(other, label) for other, seen in entries[:i] if seen == look]
    return pairs
