"""Where the book's files are, found from the package itself (never the working directory).

Also the log of what a chapter read, which the build (``tools/execute.py``) uses to decide
when the chapter must run again. Each read is logged with a digest of what was read *at
the moment it was read*, so an edit saved while a chapter runs leaves the chapter stale.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

#: Root of the repository (the package is installed editable from it).
REPO_ROOT: Path = Path(__file__).resolve().parent.parent

#: Kinds of input a chapter can depend on: a file's bytes, a folder's listing, a key set,
#: one named row of a table (an assumption).
READ_KINDS = ("file", "listing", "keys", "row")


def data_dir() -> Path:
    """Directory of the sourced tables.

    ``ANALYSIS_DATA_DIR`` overrides it, so that tests can run a chapter on altered data
    without touching the repository.
    """
    return Path(os.environ.get("ANALYSIS_DATA_DIR", REPO_ROOT / "data")).resolve()


def bibliography_file() -> Path:
    """The book's BibTeX file, ``references.bib`` at the repository root."""
    return Path(os.environ.get("ANALYSIS_BIB_FILE", REPO_ROOT / "references.bib")).resolve()


def bytes_digest(content: bytes) -> str:
    """Digest of a file's content [hex SHA-256]."""
    return hashlib.sha256(content).hexdigest()


def listing_digest(directory: Path) -> str:
    """Digest of a folder's listing: the sorted names of its entries, hidden ones excluded.

    Editor swap files and the like start with a dot; they must not make a chapter stale.
    """
    names = sorted(name for name in os.listdir(directory) if not name.startswith("."))
    return bytes_digest("\n".join(names).encode())


def keys_digest(keys: Iterable[str]) -> str:
    """Digest of a set of keys (e.g. a bibliography's), independent of their order."""
    return bytes_digest("\n".join(sorted(keys)).encode())


def row_digest(path: Path, name: str) -> str:
    """Digest of the CSV record whose first field is ``name``; ``missing`` if there is none.

    A page that used one row of a table (one assumption) depends on that row only.
    """
    with open(path, newline="", encoding="utf-8") as handle:
        for record in csv.reader(handle):
            if record and record[0] == name:
                return bytes_digest("\x1f".join(record).encode())
    return "missing"


def record_read(
    path: Path,
    content: bytes | None = None,
    *,
    keys: Iterable[str] | None = None,
    row: str | None = None,
) -> None:
    """Note that a chapter read ``path``, for the build's dependency tracking.

    When ``ANALYSIS_READS_LOG`` names a file, one line ``kind<TAB>digest<TAB>path`` is
    appended to it; the build re-executes a chapter when any input it logged changed.

    Parameters
    ----------
    path : Path
        The file or folder read.
    content : bytes, optional
        The bytes actually parsed; give them so the digest is exactly what was used.
        Without them a file is read again here.
    keys : iterable of str, optional
        The chapter used only this set of keys from the file (e.g. the bibliography's
        keys): an edit that keeps the keys does not make the chapter stale.
    row : str, optional
        The chapter used only the CSV record whose first field is ``row`` (one assumption);
        logged as ``<path>#<row>`` with :func:`row_digest`.
    """
    log = os.environ.get("ANALYSIS_READS_LOG")
    if not log:
        return
    path = Path(path).resolve()
    if row is not None:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"row\t{row_digest(path, row)}\t{path}#{row}\n")
        return
    if keys is not None:
        kind, digest = "keys", keys_digest(keys)
    elif path.is_dir():
        kind, digest = "listing", listing_digest(path)
    else:
        kind, digest = "file", bytes_digest(content if content is not None else path.read_bytes())
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"{kind}\t{digest}\t{path}\n")
