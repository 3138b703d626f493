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

    [keys]
    unique = ["device"]                       # one row per value (or combination)
    foreign = { device = "accelerators.device" }   # every value names a row there

A table may not be empty unless its schema says ``allow_empty = true`` (top level).
Every table has a ``source`` column (type ``bibkeys``: one or more keys of
``references.bib`` separated by ``;``) and a ``note`` column. A file that breaks its
schema raises :class:`analysis.schema.DataValidationError` naming the file, line, column, value and
what was expected. Lines are physical lines of the file: a quoted value that spans two
lines makes the next row start two lines down.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from analysis.bib import bib_keys
from analysis.paths import record_read
from analysis.schema import (  # noqa: F401  (re-exported: the data layer's one entry point)
    COLUMN_TYPES,
    MANDATORY_COLUMNS,
    Column,
    DataValidationError,
    Schema,
    dataset_names,
    load_schema,
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


def _unterminated_field(text: str) -> tuple[int, int]:
    """Field index and position of the last quote opened in a record's text."""
    field, opened, at, quoted, i = 0, 0, 0, False, 0
    while i < len(text):
        char = text[i]
        if quoted and char == '"':
            if text[i + 1 : i + 2] == '"':
                i += 1  # an escaped quote inside the value
            else:
                quoted = False
        elif not quoted and char == '"':
            quoted, opened, at = True, field, i
        elif not quoted and char == ",":
            field += 1
        i += 1
    return opened, at


def _records(path: Path, content: bytes, header: list[str]) -> list[tuple[int, list[str]]]:
    """Each CSV record with the physical line it starts on (the header is line 1).

    Blank lines are skipped. Raises on a file that is not UTF-8, on an unterminated quote
    and on any other malformed quoting, naming the line the record starts on.
    """
    first = header[0]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise DataValidationError(
            f"{path.name}, line {line}: byte {content[error.start]:#x} is not UTF-8 text; "
            "expected a UTF-8 file"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, start = [], 1
    try:
        for fields in reader:
            if fields:
                records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as error:
        rest = "".join(text.splitlines(keepends=True)[start - 1 :])
        index, at = _unterminated_field(rest)
        column = header[index] if records and index < len(header) else first
        raise DataValidationError(
            f"{path.name}, line {start}, column {column!r}: {rest[at : at + 40]!r} breaks the CSV "
            f"quoting ({error}); expected each quoted value to end with a closing '\"' "
            "(is the file cut off?)"
        ) from None
    return records


def _rows(path: Path, schema: Schema, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The file's data rows as (line, {column: raw text}), its shape checked."""
    expected = [c.name for c in schema.columns]
    first = expected[0]
    if not content.strip():
        raise DataValidationError(
            f"{path.name}, line 1, column {first!r}: no value (the file is empty, "
            f"{len(content)} bytes); expected the header row {','.join(expected)!r}"
        )
    records = _records(path, content, expected)
    header = records[0][1]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if missing or extra or doubled:
        raise DataValidationError(
            f"{path.name}: columns do not match {schema.path.name}: "
            f"missing {missing}, unexpected {extra}, repeated {doubled}; "
            f"expected columns {expected}"
        )
    rows = []
    for line, fields in records[1:]:
        label = fields[header.index(first)] if header.index(first) < len(fields) else ""
        if len(fields) < len(header):
            raise DataValidationError(
                f"{path.name}, line {line} ({first} {label!r}), column {header[len(fields)]!r}: "
                f"no value (the row ends after {len(fields)} of {len(header)} fields); "
                f"expected {len(header)} fields, as in the header (is the file cut off mid-row?)"
            )
        if len(fields) > len(header):
            raise DataValidationError(
                f"{path.name}, line {line} ({first} {label!r}), field {len(header) + 1} after "
                f"column {header[-1]!r}: {fields[len(header)]!r}; expected {len(header)} fields, "
                "as in the header (an unquoted comma inside a value?)"
            )
        rows.append((line, dict(zip(header, fields, strict=True))))
    if not rows and not schema.allow_empty:
        raise DataValidationError(
            f"{path.name}, line 2, column {first!r}: no value (the file has a header and no "
            f"rows); expected at least one row ({schema.path.name} does not allow an empty "
            "table: set allow_empty = true if it may be)"
        )
    return rows


def _check_keys(path: Path, schema: Schema, rows: list[tuple[int, dict[str, str]]]) -> None:
    """No two rows share a key; every foreign key names a row of its table."""
    first = schema.columns[0].name
    if schema.keys:
        seen: dict[tuple[str, ...], int] = {}
        columns = ", ".join(schema.keys)
        for line, row in rows:
            key = tuple(row[c].strip() for c in schema.keys)
            value = key[0] if len(key) == 1 else key
            where = f"{path.name}, line {line} ({first} {row[first].strip()!r}), column {columns!r}"
            if key in seen:
                raise DataValidationError(
                    f"{where}: {value!r} is already on line {seen[key]}; expected one row per "
                    f"{columns} (a key of {schema.path.name})"
                )
            seen[key] = line
    for column, table, target in schema.foreign_keys:
        known = set(load(table)[target].dropna())
        for line, row in rows:
            value = row[column].strip()
            if value and value not in known:
                listed = sorted(known)
                shown = ", ".join(map(repr, listed[:30])) + (", ..." if len(listed) > 30 else "")
                raise DataValidationError(
                    f"{path.name}, line {line} ({first} {row[first].strip()!r}), column "
                    f"{column!r}: {value!r} is not a {target} of {table}.csv; expected one of "
                    f"{shown}"
                )


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
        logs the rows it hands out instead, so that a page depends on those alone.

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
        The file is empty, cut off, or badly quoted; a column is missing, repeated or
        unexpected; the table has no rows (unless allowed); two rows share a key; a
        foreign key names no row of its table; or a cell breaks its column's type, range,
        allowed values or source keys. The message names file, line, column and value.
    """
    schema = load_schema(name)
    path = schema.csv_path if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: table {name!r} has a schema but no CSV file")
    content = path.read_bytes()
    if record:
        record_read(path, content)
    rows = _rows(path, schema, content)
    keys = bib_keys()
    converted: dict[str, list[object]] = {c.name: [] for c in schema.columns}
    first = schema.columns[0].name
    for line, row in rows:
        label = row[first]
        for column in schema.columns:
            where = f"{path.name}, line {line} ({first} {label!r}), column {column.name!r}"
            converted[column.name].append(_convert(row[column.name].strip(), column, where, keys))
    _check_keys(path, schema, rows)
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
