"""Formatting of glued numbers and tables, and deterministic figure output."""

import io
import re

import matplotlib
import pytest
from pypdf import PdfReader

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis import publish, style, table_layout  # noqa: E402

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


def test_empty_table_is_left_out():
    assert publish.markdown_table(pd.DataFrame({"A": [], "B": []}), "C.", "tab-e", ["k"]) == ""


def test_no_sources_line_without_sources():
    text = publish.markdown_table(pd.DataFrame({"A": [1]}), "C.", "tab-n", [], note="Note.")
    assert "Sources" not in text and text.endswith("Note.")


def test_plain_notation_is_typeset():
    assert publish.typeset("order 10^25 FLOP") == "order 10²⁵ FLOP"
    assert publish.typeset("roughly 3.8 x 10^25") == "roughly 3.8 × 10²⁵"


def test_column_layout_fits_or_says_it_cannot():
    header, rows = ["Device", "Memory [GB]"], [["H100 SXM", "80"], ["GB200 NVL72", "13,400"]]
    layout = table_layout.column_layout(header, rows, 200.0, 9.0)
    assert [align for _, align in layout] == ["l", "r"]  # numbers right-aligned
    assert sum(width for width, _ in layout) + 2 * 8.0 <= 200.0
    # "NVL72" cannot break: a column narrower than it is refused
    assert table_layout.column_layout(header, rows, 40.0, 9.0) is None
    spec = table_layout.latex_colspec(layout)
    assert spec.count("p{") == 2 and "RaggedLeft" in spec


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


def test_print_figure_is_deterministic_fits_the_page_and_has_no_small_text():
    style.apply()

    def render() -> bytes:
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        ax.loglog([1e20, 1e26], [1, 100], label="a series")
        ax.annotate("tiny", (1e22, 10), fontsize=6)
        ax.legend(fontsize=7, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.2))
        style.figure_bytes(fig)
        pdf = style.figure_pdf(fig)
        plt.close(fig)
        return pdf

    first = render()
    assert first == render()
    page = PdfReader(io.BytesIO(first)).pages[0]
    assert float(page.mediabox.width) <= style.PRINT_WIDTH_IN * 72
    sizes = re.findall(rb"/F\d+ ([\d.]+) Tf", page.get_contents().get_data())
    assert sizes and min(float(s) for s in sizes) >= style.MIN_PRINT_PT


def test_money_in_a_table_cell_is_not_maths():
    frame = pd.DataFrame({"Basis": ["US$2 B of US$7 B"]})
    text = publish.markdown_table(frame, "Money.", "tab-money", ["leitch-2026"])
    assert "US\\$2 B of US\\$7 B" in text
