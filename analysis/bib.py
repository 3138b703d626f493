"""The bibliography's keys, read from ``references.bib`` without a BibTeX dependency."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from analysis.paths import bibliography_file, record_read

_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def keys_in(text: str) -> frozenset[str]:
    """Every entry key in BibTeX ``text`` (``@comment`` blocks excluded)."""
    return frozenset(key for kind, key in _ENTRY.findall(text) if kind.lower() != "comment")


@cache
def _keys_in(path: Path) -> frozenset[str]:
    return keys_in(path.read_text(encoding="utf-8"))


def bib_keys(path: Path | None = None) -> frozenset[str]:
    """Every entry key in the bibliography file.

    Only the key set is logged as read (:func:`analysis.paths.record_read`): a chapter
    uses the bibliography to check source keys, so an edit of a title or a URL that keeps
    the keys does not make it stale.

    Parameters
    ----------
    path : Path, optional
        BibTeX file; default :func:`analysis.paths.bibliography_file`.
    """
    path = Path(path) if path is not None else bibliography_file()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: bibliography file not found; expected references.bib")
    keys = _keys_in(path)
    record_read(path, keys=keys)
    return keys
