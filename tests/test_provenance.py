"""Every specification value names its document, the place in it and how it was checked.

The note's own figures live in claims.csv; every other table holds what primary documents
state, with source, source_locator and verified columns (issue: primary data).
"""

from __future__ import annotations

import csv
import re

import pytest

from analysis import data
from analysis.bib import bib_keys
from analysis.publish import as_given

from conftest import ROOT

pytestmark = pytest.mark.unit

SPEC_TABLES = sorted(
    name for name in data.dataset_names() if name not in ("claims", "assumptions", "note_map")
)


def test_there_are_specification_tables():
    assert {"accelerators", "accelerator_specs", "accelerator_compute", "models"} <= set(
        SPEC_TABLES
    )


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_every_row_has_source_locator_and_verification(table):
    frame = data.load(table)
    keys = bib_keys()
    assert {"source", "source_locator", "verified"} <= set(frame.columns), table
    for row in frame.itertuples(index=False):
        cited = [k.strip() for k in row.source.split(";")]
        assert set(cited) <= keys, (table, row[0], cited)
        assert isinstance(row.source_locator, str) and len(row.source_locator) > 5, (table, row[0])
        assert row.verified in ("primary", "secondary", "note-only"), (table, row[0])


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_a_locator_stands_alone(table):
    # A locator is printed beside one row (claims tables, figure sources); "as above" or
    # "same" points at a row the reader may not see.
    frame = data.load(table)
    for row in frame.itertuples(index=False):
        assert not re.match(r"(as above|same|ditto)\b", row.source_locator, re.I), (table, row[0])


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_a_primary_row_cites_a_document_other_than_the_note(table):
    frame = data.load(table)
    for row in frame[frame["verified"] == "primary"].itertuples(index=False):
        cited = {k.strip() for k in row.source.split(";")}
        assert cited - {"leitch-2026"}, f"{table}: {row[0]} is marked primary but cites the note"


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_a_note_only_row_says_so_in_its_locator(table):
    frame = data.load(table)
    for row in frame[frame["verified"] == "note-only"].itertuples(index=False):
        assert re.search(r"note|could not|not found", row.source_locator), (table, row[0])


def _numeric_cells(table: str):
    schema = data.load_schema(table)
    numeric = [c.name for c in schema.columns if c.type in ("float", "int")]
    with open(ROOT / "data" / f"{table}.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in numeric:
                if row[column].strip():
                    yield column, row[column].strip()


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_a_sourced_figure_prints_exactly_as_it_went_in(table):
    for column, text in _numeric_cells(table):
        if "e" in text.lower():
            continue  # 3.8e25 is printed with a power of ten, not digit for digit
        expected = f"{int(text):,}" if re.fullmatch(r"-?\d+", text) else None
        if expected is None:
            whole, _, decimals = text.partition(".")
            expected = f"{int(whole):,}.{decimals}".rstrip("0").rstrip(".")
        assert as_given(float(text)) == expected, (table, column, text)


def test_integer_columns_hold_integers():
    for table in SPEC_TABLES:
        schema = data.load_schema(table)
        for column in (c for c in schema.columns if c.type == "int"):
            values = data.load(table)[column.name].dropna()
            assert (values == values.round()).all(), (table, column.name)
