"""A reader can run any chapter top to bottom in a fresh kernel from any working directory."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

import kernel
from conftest import ROOT

pytestmark = pytest.mark.build


@pytest.mark.parametrize("stem", ["01_workloads"])
def test_chapter_runs_from_an_unrelated_directory(tmp_path, monkeypatch, stem):
    for name in ("ANALYSIS_DATA_DIR", "ANALYSIS_BIB_FILE", "ANALYSIS_READS_LOG", "PYTHONPATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    stored = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    fresh = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    NotebookClient(
        fresh,
        timeout=300,
        kernel_manager_class=kernel.ThisPythonKernelManager,  # never a user's kernelspec
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    assert os.listdir(tmp_path) == []  # nothing written where the reader happened to be
    for old, new in zip(stored.cells, fresh.cells, strict=True):
        if old.cell_type == "code":
            assert [o.get("data") for o in old.outputs] == [o.get("data") for o in new.outputs]
