"""Choosing pages to execute by name or chapter number (tools/execute.py)."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import execute  # noqa: E402

pytestmark = pytest.mark.unit


def test_a_page_name_never_selects_a_longer_name_it_begins():
    assert [p.stem for p in execute.select(["checks"])] == ["checks"]
    assert [p.stem for p in execute.select(["checks_brief"])] == ["checks_brief"]


def test_a_number_selects_its_chapter_and_each_page_is_chosen_once():
    chosen = execute.select(["6", "06_throughput", "checks", "checks"])
    assert [p.stem for p in chosen] == ["06_throughput", "checks"]


def test_an_unknown_page_is_refused():
    with pytest.raises(SystemExit, match="no page"):
        execute.select(["nonesuch"])
