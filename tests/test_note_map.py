"""Every part of the note leads to the place in the book that treats it (data/note_map.csv)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from note_parts import note_parts

from analysis import data

from conftest import IN_CI, NOTE

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def note() -> str:
    if not NOTE.exists():
        if IN_CI:
            pytest.fail(f"{NOTE} is missing: CI must have the source note beside the project")
        pytest.skip("the source note is not beside this checkout")
    return NOTE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def note_map():
    return data.load("note_map")


def test_every_part_of_the_note_has_a_row(note, note_map):
    rows = [
        (int(r.section), int(r.ordinal), r.kind, r.quote) for r in note_map.itertuples(index=False)
    ]
    assert rows == note_parts(note)


def test_every_quote_occurs_in_the_note(note, note_map):
    flat = " ".join(note.split())
    for row in note_map.itertuples(index=False):
        assert len(row.quote.split()) <= 8, row.quote
        assert " ".join(row.quote.split()) in flat, row.quote


def test_every_part_is_mapped_or_has_a_reason(note_map):
    unmapped = [
        f"section {r.section:.0f}, part {r.ordinal:.0f}: {r.quote}"
        for r in note_map.itertuples(index=False)
        if not ((isinstance(r.page, str) and isinstance(r.label, str)) or isinstance(r.reason, str))
    ]
    assert not unmapped, "\n".join(unmapped[:20])


def test_every_mapped_place_exists_in_the_site(note_map, html_dir):
    anchors: dict[str, set[str]] = {}
    missing = []
    for row in note_map.dropna(subset=["page", "label"]).itertuples(index=False):
        page = html_dir / f"{row.page}.html"
        if not page.exists():
            missing.append(f"{row.page}: no such page in the site")
            continue
        if row.page not in anchors:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            anchors[row.page] = {tag["id"] for tag in soup.find_all(id=True)}
        if re.sub(r"[^a-z0-9-]", "-", row.label.lower()) not in anchors[row.page]:
            missing.append(f"{row.page}#{row.label}: no such section")
    assert not missing, "\n".join(missing[:20])
