"""Load the sourced tables in ``data/``, validated against the schema beside each.

Each table is ``data/<name>.csv`` with a schema ``data/<name>.schema.toml``::

    title = "..."
    description = "..."

    [[columns]]
    name = "memory_GB"          # the unit is in the name
    type = "float"              # string | category | float | int | bibkeys
    unit = "GB"                 # decimal SI unless the name says otherwise; "-" if none
    description = "..."
    required = false            # true: an empty cell is an error
    min = 0                     # inclusive bounds for float and int
    max = 20000
    # allowed = ["a", "b"]      # for category

Every table has a ``source`` column (type ``bibkeys``: one or more keys of
``references.bib`` separated by ``;``) and a ``note`` column. A file that breaks its
schema raises :class:`DataValidationError` naming the file, line, column, value and
what was expected.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.bib import bib_keys
from analysis.paths import data_dir, record_read

COLUMN_TYPES = ("string", "category", "float", "int", "bibkeys")
MANDATORY_COLUMNS = ("source", "note")


class DataValidationError(ValueError):
    """A table in ``data/`` does not match its schema."""


@dataclass(frozen=True)
class Column:
    """One column of a table's schema."""

    name: str
    type: str
    unit: str
    description: str
    required: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Schema:
    """A table's schema: its title, description and columns, in file order."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]

    @property
    def csv_path(self) -> Path:
        return data_dir() / f"{self.name}.csv"

    @property
    def path(self) -> Path:
        return data_dir() / f"{self.name}.schema.toml"

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.path.name}: no column {name!r}")


def dataset_names() -> list[str]:
    """Names of every table in ``data/`` (each ``<name>.schema.toml``)."""
    return sorted(p.name.removesuffix(".schema.toml") for p in data_dir().glob("*.schema.toml"))


def load_schema(name: str) -> Schema:
    """Read and check ``data/<name>.schema.toml``."""
    path = data_dir() / f"{name}.schema.toml"
    if not path.is_file():
        known = ", ".join(dataset_names()) or "none"
        raise FileNotFoundError(f"{path}: no schema for table {name!r}; tables known: {known}")
    record_read(path)
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    columns = []
    for i, spec in enumerate(raw.get("columns", []), start=1):
        where = f"{path.name}, column entry {i}"
        for field in ("name", "type", "unit", "description"):
            if field not in spec:
                raise DataValidationError(f"{where}: missing field {field!r}")
        if spec["type"] not in COLUMN_TYPES:
            raise DataValidationError(
                f"{where} ({spec['name']}): type {spec['type']!r}; expected one of {COLUMN_TYPES}"
            )
        if spec["type"] == "category" and not spec.get("allowed"):
            raise DataValidationError(f"{where} ({spec['name']}): category needs 'allowed'")
        columns.append(
            Column(
                name=spec["name"],
                type=spec["type"],
                unit=spec["unit"],
                description=spec["description"],
                required=bool(spec.get("required", False)),
                min=spec.get("min"),
                max=spec.get("max"),
                allowed=tuple(spec["allowed"]) if spec.get("allowed") else None,
            )
        )
    names = [c.name for c in columns]
    for mandatory in MANDATORY_COLUMNS:
        if mandatory not in names:
            raise DataValidationError(f"{path.name}: every table needs a {mandatory!r} column")
    return Schema(
        name=name,
        title=raw.get("title", name),
        description=raw.get("description", ""),
        columns=tuple(columns),
    )


def _expectation(column: Column) -> str:
    if column.type in ("float", "int"):
        kind = "a number" if column.type == "float" else "an integer"
        low = "-inf" if column.min is None else f"{column.min:g}"
        high = "inf" if column.max is None else f"{column.max:g}"
        return f"{kind} in [{low}, {high}] {column.unit}".rstrip()
    if column.type == "category":
        return f"one of {list(column.allowed or ())}"
    if column.type == "bibkeys":
        return "one or more keys of references.bib separated by ';'"
    return "text"


def _convert(value: str, column: Column, where: str, keys: frozenset[str]) -> object:
    """Convert one cell, raising a message a reader can act on."""
    if value == "":
        if column.required:
            raise DataValidationError(f"{where}: empty; expected {_expectation(column)}")
        return math.nan if column.type in ("float", "int") else None
    if column.type in ("float", "int"):
        try:
            number = float(value)
        except ValueError:
            raise DataValidationError(
                f"{where}: {value!r} is not a number; expected {_expectation(column)}"
            ) from None
        if column.type == "int" and not number.is_integer():
            raise DataValidationError(
                f"{where}: {value!r} is not an integer; expected {_expectation(column)}"
            )
        too_low = column.min is not None and number < column.min
        too_high = column.max is not None and number > column.max
        if too_low or too_high or math.isnan(number):
            raise DataValidationError(
                f"{where}: {value!r} is out of range; expected {_expectation(column)}"
            )
        return number
    if column.type == "category" and value not in (column.allowed or ()):
        raise DataValidationError(f"{where}: {value!r}; expected {_expectation(column)}")
    if column.type == "bibkeys":
        cited = [k.strip() for k in value.split(";") if k.strip()]
        unknown = [k for k in cited if k not in keys]
        if not cited or unknown:
            raise DataValidationError(
                f"{where}: unknown source key(s) {unknown or [value]}; "
                f"expected {_expectation(column)}"
            )
        return "; ".join(cited)
    return value


def load(name: str, path: Path | None = None, record: bool = True) -> pd.DataFrame:
    """Read ``data/<name>.csv`` and validate it against its schema.

    Parameters
    ----------
    name : str
        Table name, e.g. ``"models"`` for ``data/models.csv``.
    path : Path, optional
        Read this CSV instead, validated against the same schema (a reader's own
        assumptions file, for instance).
    record : bool
        Log the file as an input of the running page (default). The assumptions module
        logs the rows it hands out instead, so a page depends only on those.

    Returns
    -------
    pandas.DataFrame
        One row per CSV row, columns in schema order; numbers as float (NaN where
        empty), text as str (None where empty).

    Raises
    ------
    FileNotFoundError
        The CSV or its schema is missing.
    DataValidationError
        A column is missing or unexpected, or a cell breaks its column's type, range,
        allowed values or source keys. The message names file, line, column and value.
    """
    schema = load_schema(name)
    path = schema.csv_path if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: table {name!r} has a schema but no CSV file")
    if record:
        record_read(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    expected = [c.name for c in schema.columns]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        raise DataValidationError(
            f"{path.name}: columns do not match {schema.path.name}: "
            f"missing {missing}, unexpected {extra}; expected columns {expected}"
        )
    keys = bib_keys()
    converted: dict[str, list[object]] = {c.name: [] for c in schema.columns}
    first = schema.columns[0].name
    for index, row in raw.iterrows():
        line = int(index) + 2  # the header is line 1
        label = row[first]
        for column in schema.columns:
            where = f"{path.name}, line {line} ({first} {label!r}), column {column.name!r}"
            converted[column.name].append(_convert(row[column.name].strip(), column, where, keys))
    frame = pd.DataFrame(converted)
    for column in schema.columns:
        if column.type in ("float", "int"):
            frame[column.name] = frame[column.name].astype(float)
    frame.attrs["schema"] = schema
    return frame


def lookup(frame: pd.DataFrame, key_column: str, key: str, value_column: str) -> float:
    """The single value of ``value_column`` in the row where ``key_column == key``.

    Raises a :class:`KeyError` naming the table when there is not exactly one such row.
    """
    rows = frame.loc[frame[key_column] == key, value_column]
    if len(rows) != 1:
        schema = frame.attrs.get("schema")
        table = schema.csv_path.name if schema else "table"
        raise KeyError(f"{table}: expected one row with {key_column} == {key!r}, found {len(rows)}")
    return rows.iloc[0]
