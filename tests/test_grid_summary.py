"""The summary page prints exactly what the grid chapter derives, and both match the
computation as it stands."""

from __future__ import annotations

import ast

import nbformat
import pytest

from analysis import grid_summary
from analysis.fleet_loads import FLEETS

from conftest import ROOT

pytestmark = pytest.mark.build

SUMMARY = ROOT / "book" / "summary.ipynb"
CHAPTER = ROOT / "notebooks" / "11_grid.ipynb"


def glued(path) -> dict[str, str]:
    """Every glued text of an executed notebook, by name."""
    found = {}
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                text = output["data"]["application/papermill.record/text/plain"]
                found[name] = ast.literal_eval(text)
    return found


@pytest.fixture(scope="module")
def headline():
    return grid_summary.by_name()


@pytest.fixture(scope="module")
def pages():
    return glued(SUMMARY), glued(CHAPTER)


def test_summary_has_about_a_dozen_numbers_each_with_a_range(headline):
    assert 10 <= len(headline) <= 20
    for h in headline.values():
        assert h.value.low <= h.value.central <= h.value.high, h.name
    ranged = [h for h in headline.values() if not h.value.is_point]
    assert len(ranged) == len(headline), "every summary number carries a range"


def test_summary_numbers_equal_the_chapter_that_derives_them(headline, pages):
    summary, chapter = pages
    for name in headline:
        assert name in summary, f"summary page does not glue {name}"
        assert name in chapter, f"grid chapter does not glue {name}"
        assert summary[name] == chapter[name], name


def test_printed_numbers_equal_the_computation(headline, pages):
    summary, _ = pages
    for name, h in headline.items():
        assert summary[name] == h.text(), f"{name}: page is stale, run make book"


def test_summary_links_each_number_to_its_derivation(headline):
    source = (ROOT / "book" / "summary.md").read_text(encoding="utf-8")
    chapter = (ROOT / "notebooks" / "11_grid.md").read_text(encoding="utf-8")
    for h in headline.values():
        assert f"{{glue:text}}`{h.name}`" in source, h.name
        assert f"{{ref}}`{h.label}`" in source, h.label
        assert f"({h.label})=" in chapter, f"{h.label} is not a section of the grid chapter"


def test_percentages_print_as_percentages():
    h = grid_summary.Headline("x", "", grid_summary.Range(0.31, 0.46, 0.6), 2, "", "", True)
    assert h.text() == "46% (31–60%)"
    assert set(FLEETS) == {"Training cluster", "Chat fleet", "Reasoning-heavy fleet"}
