"""analysis.evidence: counts of the book's own labels, checked against hand counts."""

import pandas as pd
import pytest

from analysis import evidence
from analysis.data import load

pytestmark = pytest.mark.unit


def test_every_qualifier_of_the_claims_has_a_kind():
    claims = load("claims")
    kinds = evidence.claim_kinds(claims["qualifier"])
    assert kinds.notna().all()
    assert set(kinds) <= set(evidence.KIND_ORDER)


def test_unknown_qualifier_is_named():
    with pytest.raises(ValueError, match="guess"):
        evidence.claim_kinds(pd.Series(["stated", "guess"]))


def test_claims_by_kind_counts_by_hand():
    claims = pd.DataFrame(
        {"section": [1, 1, 1, 9, 9],
         "qualifier": ["stated", "sparse", "estimate", "projection", "vendor-claim"]}
    )  # fmt: skip
    table = evidence.claims_by_kind(claims)
    assert list(table.columns) == list(evidence.KIND_ORDER)
    assert table.loc[1].tolist() == [2, 0, 0, 1]  # stated and sparse are both stated
    assert table.loc[9].tolist() == [0, 0, 1, 1]
    assert table.to_numpy().sum() == len(claims)


def test_verified_counts_by_hand():
    tables = {
        "a": pd.DataFrame({"verified": ["primary", "secondary", "secondary", "note-only"]}),
        "b": pd.DataFrame({"x": [1]}),  # no verified column: not counted
    }
    counts = evidence.verified_counts(tables)
    assert list(counts.index) == ["a"]
    assert counts.loc["a"].tolist() == [1, 2, 1, 4]
    with pytest.raises(ValueError, match="guessed"):
        evidence.verified_counts({"c": pd.DataFrame({"verified": ["guessed"]})})


def test_availability_by_lineage_keeps_empty_cells():
    devices = pd.DataFrame(
        {"lineage": ["nvidia", "nvidia", "amd", "cpu"],
         "availability": ["shipping", "announced", "shipping", "shipping"]}
    )  # fmt: skip
    table = evidence.availability_by_lineage(devices, ["nvidia", "amd", "specialty"])
    assert table.to_numpy().tolist() == [[1, 1], [1, 0], [0, 0]]


def test_rows_citing_counts_rows_once():
    tables = {"t": pd.DataFrame({"source": ["a; b", "b", "c", None]}), "u": pd.DataFrame()}
    assert evidence.rows_citing(tables, ["b", "a"]) == 2
    assert evidence.rows_citing(tables, ["z"]) == 0
