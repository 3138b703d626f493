"""The schema of each table in ``data/``: its columns, keys and rules (``<name>.schema.toml``).

See :mod:`analysis.data` for the format; :func:`analysis.data.load` applies the schema.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

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
    #: Columns whose values (together) identify a row: no two rows may share them.
    keys: tuple[str, ...] = ()
    #: (column, table, column there): each non-empty value must appear in that table.
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    #: Whether a header with no rows is a valid table.
    allow_empty: bool = False

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
    """Names of every table in ``data/`` (each ``<name>.schema.toml``).

    The folder's listing is logged as read: a page that loops over the tables runs again
    when one is added or removed.
    """
    record_read(data_dir())
    return sorted(p.name.removesuffix(".schema.toml") for p in data_dir().glob("*.schema.toml"))


def load_schema(name: str) -> Schema:
    """Read and check ``data/<name>.schema.toml``."""
    path = data_dir() / f"{name}.schema.toml"
    if not path.is_file():
        known = ", ".join(dataset_names()) or "none"
        raise FileNotFoundError(f"{path}: no schema for table {name!r}; tables known: {known}")
    content = path.read_bytes()
    record_read(path, content)
    raw = tomllib.loads(content.decode("utf-8"))
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
    keys, foreign = _key_rules(path, raw.get("keys", {}), names)
    return Schema(
        name=name,
        title=raw.get("title", name),
        description=raw.get("description", ""),
        columns=tuple(columns),
        keys=keys,
        foreign_keys=foreign,
        allow_empty=bool(raw.get("allow_empty", False)),
    )


def _key_rules(
    path: Path, spec: dict, names: list[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]:
    """The ``[keys]`` table of a schema: unique columns and foreign keys, checked."""
    unique = tuple(spec.get("unique", ()))
    unknown = [c for c in unique if c not in names]
    if unknown:
        raise DataValidationError(f"{path.name}: [keys] unique names unknown columns {unknown}")
    foreign = []
    for column, target in spec.get("foreign", {}).items():
        table, _, target_column = str(target).partition(".")
        if column not in names or not table or not target_column:
            raise DataValidationError(
                f"{path.name}: [keys] foreign {column} = {target!r}; expected a column of this "
                'table = "<table>.<column>"'
            )
        foreign.append((column, table, target_column))
    return unique, tuple(foreign)
