"""The bibliography's keys, read from ``references.bib`` without a BibTeX dependency."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from analysis.paths import bibliography_file, record_read

_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


@cache
def _keys_in(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8")
    return frozenset(key for kind, key in _ENTRY.findall(text) if kind.lower() != "comment")


def bib_keys(path: Path | None = None) -> frozenset[str]:
    """Every entry key in the bibliography file.

    Parameters
    ----------
    path : Path, optional
        BibTeX file; default :func:`analysis.paths.bibliography_file`.
    """
    path = Path(path) if path is not None else bibliography_file()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: bibliography file not found; expected references.bib")
    record_read(path)
    return _keys_in(path)
