"""nbval compares each figure's SVG: a changed data value must make the stored output fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build


def run_nbval(data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-q",
            "notebooks/01_workloads.ipynb",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_changed_plotted_value_fails_nbval(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    runs = data / "training_runs.csv"
    # The reported compute only moves a marker in a figure and one glued number.
    runs.write_text(runs.read_text().replace(",3.8e25,", ",5.0e25,"))
    result = run_nbval(data)
    assert result.returncode == 1, result.stdout[-2000:]
    # the figure, not only the text, differs (nbval names the first differing figure output:
    # the print PDF sorts before the web SVG)
    assert "image/svg+xml" in result.stdout or "application/pdf" in result.stdout
    # The control, in the same run: the cells that do not show the compute still pass, so
    # the failure is the changed value, not a broken kernel (and nbval over the committed
    # notebooks with unchanged data is the main nbval run of make test).
    failed, passed = (
        int(n) for n in re.search(r"(\d+) failed, (\d+) passed", result.stdout).groups()
    )
    assert 0 < failed < passed, result.stdout[-500:]
