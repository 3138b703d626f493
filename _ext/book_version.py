"""Sphinx extension: the book's version, read from the one place it is typed.

``pyproject.toml``'s ``[project] version`` is the version; the release date is that of the
latest heading of ``CHANGELOG.md`` (``## 0.1.0 — 2026-11-27``), which must name the same
version. Both set Sphinx's ``version`` and ``release`` (the PDF's title page shows
"Release ...") and fill ``{version}`` and ``{date}`` in the footer text of ``_config.yml``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sphinx.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^## (\S+) — (\d{4}-\d{2}-\d{2})\s*$", re.M)


def book_version(root: Path = ROOT) -> tuple[str, str]:
    """(version, release date) of the book: pyproject's version, CHANGELOG's date for it."""
    version = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
    latest = HEADING.search((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    if latest is None or latest.group(1) != version:
        found = latest.group(1) if latest else "no '## <version> — <date>' heading"
        raise ConfigError(
            f"CHANGELOG.md's latest heading is {found}, but pyproject.toml's version is "
            f"{version}: add a heading '## {version} — YYYY-MM-DD' at the top"
        )
    return version, latest.group(2)


def set_version(app, config) -> None:
    version, date = book_version()
    config.version = config.release = version
    options = dict(config.html_theme_options or {})
    if "extra_footer" in options:
        options["extra_footer"] = options["extra_footer"].format(version=version, date=date)
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", set_version)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
