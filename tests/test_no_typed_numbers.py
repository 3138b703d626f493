"""No numeric assumption is typed in chapter code (issue 14): every number a chapter
computes with comes from data/ (a sourced table or data/assumptions.csv). The scan allows
formatting, indices, plot cosmetics and unit conversions, from a short explicit list."""

from __future__ import annotations

import ast

import jupytext
import pytest

from conftest import ROOT

pytestmark = pytest.mark.unit

#: Unit conversions and small counts that are arithmetic, not assumptions.
ALLOWED_VALUES = {0, 1, 2, -1, 3, 10, 100, 1000, 1e6, 1e9, 1e12, 1e-3, 1e-6, 1e-9, 1e-12,
                  24, 60, 3600, 8760, 7, 1024, 2**30, 0.5}  # fmt: skip
#: Keyword arguments that set how a figure or a number looks, not what it says.
COSMETIC_KEYWORDS = {
    "figsize", "fontsize", "labelsize", "linewidth", "lw", "linewidths", "alpha", "s",
    "markersize", "ms", "dpi", "zorder", "pad", "labelpad", "digits", "ncol", "ncols",
    "rotation", "width", "height", "size", "xytext", "loc", "bbox_to_anchor", "height_ratios",
    "width_ratios", "hspace", "wspace", "capsize", "markevery", "handlelength", "columnspacing",
    "borderaxespad", "labelspacing", "framealpha", "elinewidth", "top", "bottom", "left",
    "right", "x", "y", "ha", "va", "base", "decimals", "nbins", "edgewidth", "markeredgewidth",
    "headwidth", "headlength", "shrink", "length", "frac", "mutation_scale", "offset",
}  # fmt: skip
#: Calls whose positional numbers are formatting (significant figures) or axis cosmetics.
COSMETIC_CALLS = {
    "sig", "pct", "glue_number", "glue_range", "range_text", "round", "set_xlim", "set_ylim",
    "set_xticks", "set_yticks", "annotate", "text", "subplots", "margins", "locator_params",
    "axhline", "axvline", "tick_params", "MaxNLocator", "MultipleLocator", "FixedLocator",
    "LogLocator", "arange", "linspace", "geomspace", "logspace", "range", "ylim", "xlim",
    "grid", "legend", "fill_between", "set_aspect", "add_axes",
    "glue_result",  # its number is the chapter whose glue names it makes (ch4_...)
    "sources_of",  # its number is a section of the note, selecting rows
}  # fmt: skip


def code_of(page):
    notebook = jupytext.read(page)
    return [c.source for c in notebook.cells if c.cell_type == "code"]


class Numbers(ast.NodeVisitor):
    """Numeric literals outside subscripts, cosmetic keywords and cosmetic calls."""

    def __init__(self):
        self.found: list[tuple[int, float]] = []
        self._exempt = 0

    def _visit_exempt(self, node):
        self._exempt += 1
        self.generic_visit(node)
        self._exempt -= 1

    def visit_Subscript(self, node):
        self.visit(node.value)
        self._visit_exempt(node.slice)

    def visit_keyword(self, node):
        if node.arg in COSMETIC_KEYWORDS:
            self._visit_exempt(node)
        else:
            self.generic_visit(node)

    def visit_Call(self, node):
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        self.visit(node.func)
        for argument in node.args:
            if name in COSMETIC_CALLS:
                self._visit_exempt(argument)
            else:
                self.visit(argument)
        for keyword in node.keywords:
            self.visit(keyword)

    def visit_Constant(self, node):
        value = node.value
        if self._exempt or isinstance(value, bool) or not isinstance(value, (int, float)):
            return
        if value in ALLOWED_VALUES:
            return
        self.found.append((node.lineno, value))


PAGES = sorted(
    p for p in [*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")]
    if "kernelspec:" in p.read_text(encoding="utf-8")[:600]
)  # fmt: skip


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_chapter_code_types_no_assumption(page):
    typed = []
    for index, source in enumerate(code_of(page)):
        visitor = Numbers()
        try:
            visitor.visit(ast.parse(source))
        except SyntaxError:
            continue  # magics; the lint step reports real syntax errors
        typed += [f"cell {index}, line {line}: {value!r}" for line, value in visitor.found]
    assert not typed, f"{page.name}: numbers typed in code (put them in data/):\n" + "\n".join(
        typed[:20]
    )


def test_the_scan_catches_a_typed_assumption():
    visitor = Numbers()
    visitor.visit(ast.parse("pue = 1.4\nax.plot(x, y, lw=1.5)\nglue_number('a', v, 3)"))
    assert visitor.found == [(1, 1.4)]
