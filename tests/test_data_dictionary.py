"""The data dictionary of appendix 'The data': every table documented from its schema."""

from pathlib import Path

import pytest

from analysis import appendix
from analysis.data import dataset_names, load, load_schema

pytestmark = pytest.mark.unit

BOOK = Path(__file__).resolve().parent.parent / "book"


@pytest.mark.parametrize("name", dataset_names())
def test_every_table_loads_and_every_column_is_documented(name):
    frame = load(name)  # validates types, ranges and source keys
    schema = load_schema(name)
    dictionary = appendix.data_dictionary(name)
    assert list(dictionary["Column"]) == [c.name for c in schema.columns] == list(frame.columns)
    assert (dictionary["Meaning"].str.len() > 0).all()
    assert (dictionary["Unit"].str.len() > 0).all()


def test_column_range_in_words():
    claims = load_schema("claims")
    assert appendix.column_range(claims.column("section")) == "1 to 9"
    assert appendix.column_range(claims.column("source")).startswith("keys of references.bib")
    assert "vendor-claim" in appendix.column_range(claims.column("qualifier"))
    assert appendix.column_range(claims.column("note")) == "text"
    year = load_schema("accelerators").column("year")
    assert appendix.column_range(year) == f"{year.min:.0f} to {year.max:.0f}"  # no separator


def test_claims_have_a_value_each():
    claims = load("claims")
    assert (claims["value_low"].notna() | claims["value_high"].notna()).all()
    both = claims.dropna(subset=["value_low", "value_high"])
    assert (both["value_low"] <= both["value_high"]).all()
    assert claims["claim_id"].is_unique


def test_data_page_links_every_csv_download():
    text = (BOOK / "data.md").read_text(encoding="utf-8")
    assert "dataset_names()" in text  # the page loops over the tables, never lists them
    assert "{download}" in text
