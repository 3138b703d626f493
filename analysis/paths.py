"""Where the book's files are, found from the package itself (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

#: Root of the repository (the package is installed editable from it).
REPO_ROOT: Path = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Directory of the sourced tables.

    ``ANALYSIS_DATA_DIR`` overrides it, so that tests can run a chapter on altered data
    without touching the repository.
    """
    return Path(os.environ.get("ANALYSIS_DATA_DIR", REPO_ROOT / "data")).resolve()


def bibliography_file() -> Path:
    """The book's BibTeX file, ``references.bib`` at the repository root."""
    return Path(os.environ.get("ANALYSIS_BIB_FILE", REPO_ROOT / "references.bib")).resolve()


def record_read(path: Path, item: str | None = None) -> None:
    """Note that a chapter read ``path`` (or one ``item`` of it), for dependency tracking.

    When ``ANALYSIS_READS_LOG`` names a file, the path is appended to it, as
    ``<path>#<item>`` when only one named row of a table was used; the build
    (``tools/execute.py``) re-executes a chapter when anything it read has changed.
    """
    log = os.environ.get("ANALYSIS_READS_LOG")
    if log:
        suffix = f"#{item}" if item else ""
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{Path(path).resolve()}{suffix}\n")
