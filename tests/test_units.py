"""Unit strings parse with pint and agree with the column names' suffixes."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from analysis import data, units

pytestmark = pytest.mark.unit

NO_UNIT = ("-", "see unit column")


def _columns():
    for table in data.dataset_names():
        for column in data.load_schema(table).columns:
            yield table, column


@pytest.mark.parametrize(("table", "column"), list(_columns()), ids=lambda v: getattr(v, "name", v))
def test_schema_units_parse_and_match_the_suffix(table, column):
    if column.unit in NO_UNIT:
        assert units.suffix_unit(column.name) is None, f"{table}.{column.name} has a unit suffix"
        return
    units.parse(column.unit)  # raises on a unit pint cannot read
    expected = units.suffix_unit(column.name)
    if expected in ("billion", "trillion"):  # a scale of a count: 'billion parameter'
        assert column.unit.split()[0] == expected, (table, column.name, column.unit)
    elif expected is not None:
        assert units.same_unit(column.unit, expected), (table, column.name, column.unit)


def test_unit_columns_in_tables_parse():
    for table in data.dataset_names():
        frame = data.load(table)
        if "unit" in frame.columns:
            for value in set(frame["unit"].dropna()):
                spelled = {"token_per_s": "token/s", "ratio": "x", "percent": "%"}.get(value, value)
                units.parse(spelled)


def test_a_suffix_means_one_thing():
    # _B once meant billions in one table and bytes in another: neither suffix survives.
    for table, column in _columns():
        assert not column.name.endswith(("_B", "_T")), f"{table}.{column.name}"


def test_conversions():
    assert_allclose(units.convert(96, "GiB", "GB"), 96 * 2**30 / 1e9, rtol=1e-12)
    assert_allclose(units.convert(400, "Gbit/s", "GB/s"), 50.0, rtol=1e-12)
    assert_allclose(units.convert(9, "PFLOP/s", "TFLOP/s"), 9000.0, rtol=1e-12)
    assert_allclose(units.convert(40, "%", "fraction"), 0.4, rtol=1e-12)
    assert_allclose(units.convert(0.7, "billion USD", "USD"), 7e8, rtol=1e-12)


def test_gigabits_must_be_spelled_out():
    with pytest.raises(ValueError, match="Gbit/s"):
        units.parse("Gb/s")  # pint would read a gilbert per second


def test_unknown_unit_is_named():
    with pytest.raises(ValueError, match="'bogons per second'"):
        units.parse("bogons per second")
