"""The claims table holds what the note states: each claim quotes the note."""

from __future__ import annotations

import re

import pytest

from analysis import data, units
from analysis.checks.primary import parse_compare_to

from conftest import IN_CI, NOTE

pytestmark = pytest.mark.unit


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def note_text() -> str:
    if not NOTE.exists():
        if IN_CI:
            pytest.fail(f"{NOTE} is missing: CI must have the source note beside the project")
        pytest.skip("the source note is not beside this checkout")
    return _normalise(NOTE.read_text(encoding="utf-8"))


def test_every_quote_occurs_in_the_note(note_text):
    claims = data.load("claims")
    missing = [c for c, q in zip(claims["claim_id"], claims["quote"], strict=True)
               if _normalise(q) not in note_text]  # fmt: skip
    assert not missing, f"quotes not found in the note: {missing[:5]}"


def test_quotes_are_short():
    for claim_id, quote in data.load("claims")[["claim_id", "quote"]].itertuples(index=False):
        assert len(quote.split()) <= 12, claim_id


def test_every_claim_unit_parses():
    for unit in set(data.load("claims")["unit"]):
        units.parse(unit)


def test_compare_to_names_a_table_key_and_column():
    claims = data.load("claims").dropna(subset=["compare_to"])
    assert len(claims) > 100
    for text in claims["compare_to"]:
        table, _key, column = parse_compare_to(text)
        if table != "devices":
            assert column in [c.name for c in data.load_schema(table).columns], text
