"""The assumptions table: every assumption a range, and a reader's file checked first."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis import assumptions
from analysis.data import DataValidationError

pytestmark = pytest.mark.unit


@pytest.fixture
def reader_file(tmp_path):
    """A copy of the default assumptions file that a test may edit."""
    path = tmp_path / "mine.csv"
    shutil.copy(assumptions.default_path(), path)
    return path


def edit(path, row, **values):
    """Set ``values`` (column -> text) in the row named ``row``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, value in values.items():
        frame.loc[frame["name"] == row, column] = value
    frame.to_csv(path, index=False)


def test_every_assumption_is_an_ordered_range():
    table = assumptions.table()
    assert len(table) > 0
    assert (table["low"] <= table["central"]).all()
    assert (table["central"] <= table["high"]).all()


def test_get_returns_the_row(monkeypatch):
    monkeypatch.delenv(assumptions.ENVIRONMENT_VARIABLE, raising=False)
    row = pd.read_csv(assumptions.default_path()).set_index("name").loc["pue"]
    assert assumptions.get("pue").as_tuple() == (row["low"], row["central"], row["high"])


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="known: .*pue"):
        assumptions.get("no_such_assumption")


def test_a_reader_file_overrides_the_default(reader_file, monkeypatch):
    edit(reader_file, "pue", low="1.3", central="1.5", high="1.7")
    monkeypatch.setenv(assumptions.ENVIRONMENT_VARIABLE, str(reader_file))
    assert assumptions.get("pue").as_tuple() == (1.3, 1.5, 1.7)
    assert assumptions.changed(reader_file) == ["pue"]


def test_missing_row_is_named(reader_file):
    frame = pd.read_csv(reader_file, dtype=str, keep_default_na=False)
    frame[frame["name"] != "pue"].to_csv(reader_file, index=False)
    with pytest.raises(DataValidationError, match=r"mine.csv: missing row\(s\) for \['pue'\]"):
        assumptions.check_file(reader_file)


def test_unknown_name_in_a_reader_file_is_named(reader_file):
    edit(reader_file, "pue", name="puee")
    with pytest.raises(DataValidationError, match=r"mine.csv, line \d+, column 'name'.*'puee'"):
        assumptions.check_file(reader_file)


def test_low_above_high_is_named(reader_file):
    edit(reader_file, "pue", low="1.9", central="1.2", high="1.3")
    with pytest.raises(DataValidationError, match=r"name 'pue'.*1.9, 1.2, 1.3.*low <= central"):
        assumptions.check_file(reader_file)


def test_malformed_number_is_named(reader_file):
    edit(reader_file, "pue", central="1,2")
    with pytest.raises(DataValidationError, match=r"mine.csv, line \d+ .*'central'.*'1,2'"):
        assumptions.check_file(reader_file)


def test_value_outside_the_schema_is_named(reader_file):
    edit(reader_file, "pue", high="-1")
    with pytest.raises(DataValidationError, match=r"'high'.*'-1'.*out of range"):
        assumptions.check_file(reader_file)


def test_changed_unit_is_refused(reader_file):
    edit(reader_file, "depreciation_life", unit="month")
    with pytest.raises(DataValidationError, match=r"column 'unit'.*'month'.*expected 'year'"):
        assumptions.check_file(reader_file)
