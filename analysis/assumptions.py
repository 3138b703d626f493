"""The book's own assumptions, each with a low, central and high value.

Every number the book assumes rather than reads from a source (a PUE, a batch size, a
depreciation life, a diurnal profile's shape) is one row of ``data/assumptions.csv``:
name, central, low and high values, unit, the reason for the value and a source where
one exists. Chapters ask for an assumption by name and get a
:class:`analysis.ranges.Range`; nothing else in the package or the chapters types such a
number.

A reader can build the book with their own file: set ``ANALYSIS_ASSUMPTIONS`` to its path
(``make book ASSUMPTIONS=my.csv`` does). :func:`check_file` validates such a file
completely before anything executes: every name of the default table present once, no
unknown name, numbers inside the schema's bounds, ``low <= central <= high``.

Each lookup is logged as ``data/assumptions.csv#<name>`` for the build's dependency
tracking, so a page depends on the rows it used, not on the whole file.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

from analysis.data import DataValidationError, load
from analysis.paths import data_dir, record_read
from analysis.ranges import Range

#: Environment variable naming a reader's own assumptions file.
ENVIRONMENT_VARIABLE = "ANALYSIS_ASSUMPTIONS"
TABLE = "assumptions"


def default_path() -> Path:
    """The book's own assumptions file, ``data/assumptions.csv``."""
    return data_dir() / f"{TABLE}.csv"


def active_path() -> Path:
    """The assumptions file in use: the reader's (``ANALYSIS_ASSUMPTIONS``) or the default."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(chosen).resolve() if chosen else default_path()


def check_file(path: Path) -> pd.DataFrame:
    """Validate an assumptions file against the schema and the default table's names.

    Returns the table (indexed by ``name``) or raises :class:`analysis.schema.DataValidationError`
    naming the file, the line, the column, the value and what was expected.
    """
    path = Path(path)
    frame = load(TABLE, path=path, record=False)
    where = path.name
    default = load(TABLE, record=False)
    seen: dict[str, int] = {}
    for line, name in zip(range(2, len(frame) + 2), frame["name"], strict=True):
        if name in seen:
            raise DataValidationError(
                f"{where}, line {line}, column 'name': {name!r} appears twice "
                f"(first on line {seen[name]}); expected each assumption once"
            )
        seen[name] = line
        if name not in set(default["name"]):
            raise DataValidationError(
                f"{where}, line {line}, column 'name': unknown assumption {name!r}; "
                f"expected one of the names in {default_path().name}"
            )
    missing = [n for n in default["name"] if n not in seen]
    if missing:
        raise DataValidationError(
            f"{where}: missing row(s) for {missing}; expected every assumption of "
            f"{default_path().name} (copy that file and edit its values)"
        )
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(index=False), strict=True):
        base = default.set_index("name").loc[row.name]
        if row.unit != base.unit:
            raise DataValidationError(
                f"{where}, line {line} (name {row.name!r}), column 'unit': {row.unit!r}; "
                f"expected {base.unit!r}, the unit the book computes with"
            )
        for column in ("low", "central", "high"):
            if math.isnan(getattr(row, column)):
                raise DataValidationError(
                    f"{where}, line {line} (name {row.name!r}), column {column!r}: empty; "
                    "expected a number"
                )
        if not row.low <= row.central <= row.high:
            raise DataValidationError(
                f"{where}, line {line} (name {row.name!r}), columns 'low', 'central', 'high': "
                f"{row.low:g}, {row.central:g}, {row.high:g}; expected low <= central <= high"
            )
    return frame.set_index("name", drop=False)


_CACHE: dict[tuple[Path, float], pd.DataFrame] = {}


def table() -> pd.DataFrame:
    """The active assumptions table, validated, indexed by ``name``."""
    path = active_path()
    key = (path, path.stat().st_mtime if path.exists() else -1.0)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = check_file(path)
    return _CACHE[key]


def get(name: str) -> Range:
    """Assumption ``name`` as a :class:`analysis.ranges.Range` [its unit, see :func:`unit`].

    Raises a :class:`KeyError` listing the known names when ``name`` is unknown.
    """
    frame = table()
    if name not in frame.index:
        known = ", ".join(frame.index)
        raise KeyError(f"{default_path().name}: no assumption {name!r}; known: {known}")
    record_read(default_path(), row=name)  # the page depends on this row of the default file
    row = frame.loc[name]
    return Range(float(row.low), float(row.central), float(row.high))


def central(name: str) -> float:
    """The central value of assumption ``name`` [its unit]."""
    return float(get(name).central)


def unit(name: str) -> str:
    """The unit of assumption ``name``, as the table states it."""
    return str(table().loc[name, "unit"])


def changed(path: Path) -> list[str]:
    """Names whose low, central or high in ``path`` differ from the default table."""
    mine = check_file(path)
    base = check_file(default_path())
    columns = ["low", "central", "high"]
    return [
        name for name in base.index if not mine.loc[name, columns].equals(base.loc[name, columns])
    ]
