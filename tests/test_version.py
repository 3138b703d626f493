"""One version number, the same everywhere it is shown."""

import re
import tomllib

import analysis

from conftest import ROOT


def test_version_agrees_across_files():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert analysis.__version__ == version
    config = (ROOT / "_config.yml").read_text()
    assert f'release: "{version}"' in config and f"Version {version} " in config
    assert re.search(rf"^version: {re.escape(version)}$", (ROOT / "CITATION.cff").read_text(), re.M)
    assert f"## {version} " in (ROOT / "CHANGELOG.md").read_text()
