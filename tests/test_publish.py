"""Formatting of glued numbers and tables, and deterministic figure output."""

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import publish, style  # noqa: E402

pytestmark = pytest.mark.unit


def test_significant_figures_and_separators():
    assert publish.sig(3.7908e25, 3) == "3.79 × 10²⁵"
    assert publish.sig(16000.0, 2) == "16,000"
    assert publish.sig(8848019.0, 2) == "8,800,000"
    assert publish.sig(38.52, 3) == "38.5"
    assert publish.sig(0.0123, 2) == "0.012"
    assert publish.sig(9.96e9, 2) == "1.0 × 10¹⁰"  # rounding carries into the next decade
    assert publish.pct(0.378, 2) == "38%"


def test_table_has_caption_label_units_and_sources():
    frame = pd.DataFrame({"Model": ["a"], "Memory [GB]": [3.14159]})
    text = publish.markdown_table(frame, "Caption.", "tab-x", ["k1", "k2", "k1"])
    assert text.startswith("```{table} Caption.\n:name: tab-x\n")
    assert "| a | 3.14 |" in text
    assert text.endswith("Sources: {cite:p}`k1`; {cite:p}`k2`.")


def test_empty_table_says_none():
    text = publish.markdown_table(pd.DataFrame({"A": [], "B": []}), "C.", "tab-e", ["k"])
    assert "| none | – |" in text


def test_long_tables_may_break_across_pages():
    frame = pd.DataFrame({"A": range(publish.LONG_TABLE_ROWS)})
    assert ":class: longtable" in publish.markdown_table(frame, "C.", "tab-l", ["k"])


def test_svg_is_identical_across_renders():
    style.apply()

    def render() -> str:
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2], label="x")
        ax.legend()
        svg, png = style.figure_bytes(fig)
        plt.close(fig)
        assert png.startswith(b"\x89PNG")
        return svg

    assert render() == render()
