"""Execution is keyed on code, package and data: stale pages run, and only they (issue 8)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the repository whose files a test may edit."""
    copy = tmp_path_factory.mktemp("repo") / "main"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    return copy


def stale(tree: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "tools/execute.py", "--dry-run"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(result.stdout.split())


def readers_of(tree: Path, rel: str) -> list[str]:
    """Pages whose last execution read ``rel``, according to their state files."""
    found = []
    for state in sorted(tree.glob("*/_state/*.json")):
        if rel in json.loads(state.read_text())["reads"]:
            page = state.parent.parent / f"{state.stem}.md"
            found.append(page.relative_to(tree).as_posix())
    return sorted(found)


def test_nothing_is_stale_in_a_fresh_copy(tree):
    assert stale(tree) == []


def test_prose_edit_executes_nothing(tree):
    page = tree / "notebooks" / "01_workloads.md"
    original = page.read_text()
    baseline = stale(tree)  # empty when committed; compared relatively so edits elsewhere show
    page.write_text(original + "\nA new closing sentence.\n")
    try:
        assert stale(tree) == baseline
    finally:
        page.write_text(original)


@pytest.mark.parametrize(
    "rel", ["data/training_runs.csv", "data/utilisation.csv", "data/cooling.csv"]
)
def test_data_edit_marks_only_its_readers(tree, rel):
    readers = readers_of(tree, rel)
    all_pages = len(list(tree.glob("*/_state/*.json")))
    assert readers and len(readers) < all_pages, f"{rel}: read by {readers}"
    baseline = stale(tree)
    path = tree / rel
    original = path.read_text()
    path.write_text(original + "\n")  # any change of bytes counts
    try:
        assert stale(tree) == sorted(set(baseline) | set(readers))
    finally:
        path.write_text(original)


def test_package_edit_marks_every_page(tree):
    module = tree / "analysis" / "workloads.py"
    original = module.read_text()
    module.write_text(original + "\n# an edit\n")
    try:
        assert len(stale(tree)) == len(list(tree.glob("*/_state/*.json")))
    finally:
        module.write_text(original)


def glued(notebook: Path, name: str) -> str:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return output["data"]["application/papermill.record/text/plain"]
    raise KeyError(name)


def test_data_edit_reexecutes_and_changes_the_output(tree):
    path = tree / "data" / "training_runs.csv"
    path.write_text(path.read_text().replace(",15.6,", ",15.7,"))
    notebook = tree / "notebooks" / "01_workloads.ipynb"
    before = glued(notebook, "ch1_llama_tokens")
    subprocess.run(
        [sys.executable, "tools/execute.py", "1"], cwd=tree, check=True, capture_output=True
    )
    assert before == "'15.6 trillion'"
    assert glued(notebook, "ch1_llama_tokens") == "'15.7 trillion'"
    assert "notebooks/01_workloads.md" not in stale(tree)
