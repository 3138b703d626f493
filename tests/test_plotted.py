"""analysis.plotted and style.figure_data: a figure's data must hold exactly what it draws."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import style  # noqa: E402
from analysis.plotted import missing_from_data, plotted_values  # noqa: E402

pytestmark = pytest.mark.unit


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def problems(ax, frame):
    return missing_from_data(frame, *plotted_values(ax.figure))


def test_line_with_its_data_passes(ax):
    x = np.linspace(1, 10, 7)
    ax.plot(x, x**2, label="square")
    assert problems(ax, pd.DataFrame({"x [-]": x, "y [-]": x**2})) == []


def test_a_missing_series_is_reported(ax):
    x = np.linspace(1, 10, 7)
    ax.plot(x, x**2, label="square")
    ax.plot(x, x**3, label="cube")
    found = problems(ax, pd.DataFrame({"x [-]": x, "y [-]": x**2}))
    assert len(found) == 1 and "cube" in found[0]


def test_a_number_not_drawn_is_reported(ax):
    ax.plot([1.0, 2.0], [3.0, 4.0], label="line")
    found = problems(ax, pd.DataFrame({"x [-]": [1.0, 2.0], "y [-]": [3.0, 4.5]}))
    assert any("4.5" in p for p in found)


def test_x_values_do_not_stand_in_for_y_on_a_numeric_axis(ax):
    ax.plot([1.0, 2.0], [3.0, 4.0], label="line")
    assert problems(ax, pd.DataFrame({"x [-]": [1.0, 2.0]}))  # y missing


def test_dot_plot_on_categories_is_covered_by_its_x(ax):
    ax.scatter([300.0, 900.0], [0, 1])
    ax.set_yticks([0, 1], ["H100 FP8", "B200 FP4"])
    frame = pd.DataFrame(
        {"Chip": ["H100 FP8", "B200 FP4"], "Per kW [TFLOP/s per kW]": [300.0, 900.0]}
    )
    assert problems(ax, frame) == []


def test_range_bar_is_covered_by_its_ends_and_stacked_bar_by_its_length(ax):
    ax.barh([0], [20.0], left=[40.0], label="range")  # 40 to 60
    ax.bar([2], [5.0], bottom=[3.0], label="stacked")  # a segment of 5 on top of 3
    frame = pd.DataFrame({"Low [kW]": [40.0], "High [kW]": [60.0], "Segment [kW]": [5.0]})
    assert problems(ax, frame) == []
    assert problems(ax, frame.drop(columns="High [kW]"))


def test_unlabelled_guides_are_exempt_but_labelled_spans_are_not(ax):
    ax.plot([1.0, 2.0], [3.0, 4.0], label="line")
    ax.axhline(3.5)  # a guide
    ax.axvspan(1.2, 1.4, label="band")
    frame = pd.DataFrame({"x [-]": [1.0, 2.0], "y [-]": [3.0, 4.0]})
    assert any("band" in p for p in problems(ax, frame))
    assert problems(ax, frame.assign(**{"Band [-]": [1.2, 1.4]})) == []


def test_figure_data_requires_units_sources_and_method(ax):
    ax.plot([1.0, 2.0], [3.0, 4.0], label="line")
    good = pd.DataFrame({"x [-]": [1.0, 2.0], "y [GB]": [3.0, 4.0]})
    assert style.figure_data(ax.figure, good, ["nvidia-h100"], "Two points.")["csv"]
    with pytest.raises(ValueError, match="unit in brackets"):
        style.figure_data(ax.figure, good.rename(columns={"y [GB]": "y"}), ["nvidia-h100"], "m")
    with pytest.raises(ValueError, match="references.bib"):
        style.figure_data(ax.figure, good, ["no-such-key-2099"], "m")
    with pytest.raises(ValueError, match="say how"):
        style.figure_data(ax.figure, good, ["nvidia-h100"], "  ")


def test_legend_entries_told_apart_by_colour_alone_are_found(ax):
    from analysis.plotted import colour_only_entries

    ax.plot([0, 1], [0, 1], color="C0", label="a")
    ax.plot([0, 1], [1, 0], color="C1", label="b")
    ax.plot([0, 1], [1, 1], color="C2", linestyle="--", label="c")
    ax.bar([0], [1], color="C3", label="d")
    ax.bar([1], [1], color="C4", hatch="//", label="e")
    ax.legend()
    assert colour_only_entries(ax.figure) == [("a", "b")]
