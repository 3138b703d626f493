"""One version number, typed once (pyproject.toml), the same everywhere it is shown.

The package, Sphinx (``version``, ``release``: the PDF title page) and the site's footer read
it (``_ext/book_version.py``). Two files cannot read it and are checked here instead:
CITATION.cff and CHANGELOG.md's latest heading (whose date is the release date).
"""

import re
import shutil
import sys
import tomllib

import pytest

import analysis

from conftest import ROOT

pytestmark = pytest.mark.unit

sys.path.insert(0, str(ROOT / "_ext"))
import book_version  # noqa: E402


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_package_reads_pyproject():
    assert analysis.__version__ == pyproject_version()


def test_sphinx_and_footer_read_pyproject():
    config = (ROOT / "_config.yml").read_text()
    assert "book_version: _ext/" in config
    assert "Version {version} ({date})" in config  # filled in by the extension
    assert not re.search(r"^\s*(version|release):", config, re.M)  # never typed here
    assert book_version.book_version()[0] == pyproject_version()


def test_citation_file_agrees():
    cff = (ROOT / "CITATION.cff").read_text()
    assert re.search(r"^version: (\S+)$", cff, re.M).group(1) == pyproject_version()


def test_changelog_latest_heading_is_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = re.search(r"^## (\S+) — (\d{4}-\d{2}-\d{2})", text, re.M)
    assert latest.group(1) == pyproject_version()
    assert book_version.book_version() == (latest.group(1), latest.group(2))
    date = re.search(r"^date-released: (\S+)$", (ROOT / "CITATION.cff").read_text(), re.M)
    assert date.group(1) == latest.group(2)


def test_a_version_bump_without_a_changelog_heading_stops_the_build(tmp_path):
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path)
    pyproject = (ROOT / "pyproject.toml").read_text()
    bumped = pyproject.replace(f'version = "{pyproject_version()}"', 'version = "99.0.0"')
    (tmp_path / "pyproject.toml").write_text(bumped)
    with pytest.raises(Exception, match=r"CHANGELOG.md's latest heading is .*99\.0\.0"):
        book_version.book_version(tmp_path)
