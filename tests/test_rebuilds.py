"""Execution is keyed on what each page depends on: stale pages run, and only they.

Each test edits a copy of the repository and asks ``tools/execute.py --dry-run`` (or
``--check``) of that copy what is stale. The committed state must be current (``make
check-outputs`` runs first in ``make test``), so a fresh copy starts with nothing stale.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A copy of the repository whose files a test may edit (and must restore)."""
    copy = tmp_path_factory.mktemp("repo") / "main"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    return copy


def run(tree: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "tools/execute.py", *args],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
    )


def stale(tree: Path) -> list[str]:
    result = run(tree, "--dry-run")
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.split())


def all_pages(tree: Path) -> list[str]:
    states = sorted(tree.glob("*/_state/*.json"))
    return sorted((s.parent.parent / f"{s.stem}.md").relative_to(tree).as_posix() for s in states)


def readers_of(tree: Path, name: str) -> list[str]:
    """Pages whose last execution read input ``name``, according to their state files."""
    found = []
    for state in sorted(tree.glob("*/_state/*.json")):
        if name in json.loads(state.read_text())["reads"]:
            page = state.parent.parent / f"{state.stem}.md"
            found.append(page.relative_to(tree).as_posix())
    return sorted(found)


def restore(tree: Path, stem: str = "01_workloads") -> None:
    """Put back a page's committed .ipynb and state, after a test executed it in ``tree``."""
    for rel in (f"notebooks/{stem}.ipynb", f"notebooks/_state/{stem}.json"):
        shutil.copyfile(ROOT / rel, tree / rel)


class edited:
    """Context manager: ``path`` holds ``new`` text inside the block, its own text after."""

    def __init__(self, path: Path, new: str):
        self.path, self.new = path, new

    def __enter__(self):
        self.original = self.path.read_text()
        assert self.new != self.original, f"{self.path.name}: the edit changes nothing"
        self.path.write_text(self.new)

    def __exit__(self, *exc):
        self.path.write_text(self.original)


#: Edits of a copy, each (file, old text or None to append, new text); all are tried in one
#: process of the copy's tools/execute.py (parsing the pages once), each then undone.
DRIVER = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, "tools")
import execute
result = {}
for name, edits in json.loads(sys.stdin.read()).items():
    saved = {}
    for rel, old, new in edits:
        path = Path(rel)
        text = path.read_text() if path.exists() else None
        saved.setdefault(rel, text)
        if old is not None:
            assert old in text, (name, rel, old)
        path.write_text((text or "") + new if old is None else text.replace(old, new, 1))
    try:
        stale = [p for p in execute.pages() if execute.is_stale(p)]
        result[name] = sorted(p.relative_to(execute.ROOT).as_posix() for p in stale)
    finally:
        for rel, text in saved.items():
            Path(rel).unlink() if text is None else Path(rel).write_text(text)
print(json.dumps(result))
"""


def pin(name: str) -> str:
    return re.search(rf"^{name}==\S+$", (ROOT / "constraints.txt").read_text(), re.M).group(0)


SCENARIOS = {
    "nothing": [],
    "prose": [("notebooks/01_workloads.md", None, "\nA new closing sentence.\n")],
    **{rel: [(rel, None, "\n")] for rel in ("data/grid_context.csv", "data/utilisation.csv",
                                           "data/cooling.csv")},
    "package code": [("analysis/workloads.py", None, "\n_AN_EDIT = 1\n")],
    "docstring and comment": [
        ("analysis/workloads.py", "(chapter 1).", "(chapter 1), edited."),
        ("analysis/workloads.py", "\ndef ", "\n# A new comment.\ndef "),
    ],
    "bibliography title": [
        ("references.bib", "{{The Llama 3 Herd of Models}}",
         "{{The Llama 3 Herd of Models (ed.)}}"),
    ],
    "bibliography key": [
        ("references.bib", None, "\n@misc{a-new-key-2026,\n  title = {{New}},\n}\n"),
    ],
    "test-only pins": [
        ("constraints.txt", pin("pytest"), "pytest==9.2.1"),
        ("constraints.txt", pin("ruff"), "ruff==0.17.7"),
    ],
    "runtime pin": [("constraints.txt", pin("numpy"), "numpy==2.4.7")],
    "new file in data/": [("data/zz_new_table.csv", None, "a\n")],
}  # fmt: skip


@pytest.fixture(scope="module")
def stale_after(tree) -> dict[str, list[str]]:
    """Pages stale after each edit of SCENARIOS, according to the copy's executor."""
    result = subprocess.run(
        [sys.executable, "-c", DRIVER],
        cwd=tree,
        input=json.dumps(SCENARIOS),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_nothing_is_stale_in_a_fresh_copy(tree, stale_after):
    assert stale_after["nothing"] == [] == stale(tree)


def test_prose_edit_executes_nothing(stale_after):
    assert stale_after["prose"] == []


@pytest.mark.parametrize(
    "rel", ["data/grid_context.csv", "data/utilisation.csv", "data/cooling.csv"]
)
def test_data_edit_marks_only_its_readers(tree, stale_after, rel):
    readers = readers_of(tree, rel)
    assert readers and len(readers) < len(all_pages(tree)), f"{rel}: read by {readers}"
    assert stale_after[rel] == readers  # any change of bytes counts


def test_code_edit_of_the_package_marks_every_page(tree, stale_after):
    assert stale_after["package code"] == all_pages(tree)


def test_docstring_or_comment_edit_executes_nothing(stale_after):
    assert stale_after["docstring and comment"] == []


def test_bibliography_edit_keeping_the_keys_executes_nothing(stale_after):
    assert stale_after["bibliography title"] == []


def test_new_bibliography_key_marks_its_readers(tree, stale_after):
    readers = readers_of(tree, "references.bib (keys)")
    assert readers == all_pages(tree)  # every page validates its tables' source keys
    assert stale_after["bibliography key"] == readers


def test_test_only_pin_executes_nothing(stale_after):
    assert stale_after["test-only pins"] == []


def test_runtime_pin_marks_every_page(tree, stale_after):
    assert stale_after["runtime pin"] == all_pages(tree)


def test_folder_listing_is_an_input(tree, stale_after):
    readers = readers_of(tree, "data/ (listing)")
    # the pages that loop over every table (the data dictionary, chapter 9's provenance)
    looping = sorted(
        p.relative_to(tree).as_posix()
        for p in [*tree.glob("notebooks/*.md"), *tree.glob("book/*.md")]
        if "dataset_names(" in p.read_text(encoding="utf-8")
    )
    assert readers == looping and "book/data.md" in readers
    assert stale_after["new file in data/"] == readers


def test_python_version_is_an_input(monkeypatch):
    import execute
    import fingerprint

    page = ROOT / "notebooks" / "01_workloads.md"
    state = execute.load_state(page)
    assert state["inputs"]["Python"] == "3.11"
    monkeypatch.setattr(fingerprint, "PYTHON_VERSION", "3.12")
    changes = fingerprint.changed_inputs(page, state["inputs"], state["reads"])
    assert changes == ["Python 3.11 -> 3.12"]


def test_check_outputs_names_the_page_and_the_input(tree):
    path = tree / "data" / "training_runs.csv"
    with edited(path, path.read_text().replace(",15.6,", ",15.7,")):
        result = run(tree, "--check")
    assert result.returncode == 1
    for page in readers_of(tree, "data/training_runs.csv"):
        line = next(x for x in result.stderr.splitlines() if page.removesuffix(".md") + ":" in x)
        assert "data/training_runs.csv changed" in line, result.stderr
    assert "make book" in result.stderr


def test_prose_edit_fails_the_check_until_synced_without_executing(tree):
    page = tree / "notebooks" / "07_lifecycle.md"
    try:
        with edited(page, page.read_text() + "\nA new closing sentence.\n"):
            check = run(tree, "--check")
            assert check.returncode == 1
            assert "notebooks/07_lifecycle: its text is not in 07_lifecycle.ipynb" in check.stderr
            build = run(tree)
            assert "synced text of 07_lifecycle (not executed)" in build.stdout
            assert "nothing executed" in build.stdout
            assert run(tree, "--check").returncode == 0
    finally:
        restore(tree, "07_lifecycle")


def test_check_outputs_names_an_ipynb_edited_by_hand(tree):
    notebook = tree / "notebooks" / "01_workloads.ipynb"
    text = notebook.read_text()
    with edited(notebook, text.replace("15.6 trillion", "15.9 trillion", 1)):
        result = run(tree, "--check")
    assert result.returncode == 1
    assert "notebooks/01_workloads: the outputs in 01_workloads.ipynb" in result.stderr


def glued(notebook: Path, name: str) -> str:
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return output["data"]["application/papermill.record/text/plain"]
    raise KeyError(name)


def test_edits_before_a_run_show_and_edits_during_it_leave_the_page_stale(tree):
    """One execution: a data edit saved before it changes the output; edits saved while it
    runs (a table it already read, a module it already imported) leave the page stale."""
    page = tree / "notebooks" / "01_workloads.md"
    notebook = tree / "notebooks" / "01_workloads.ipynb"
    runs, module = tree / "data/training_runs.csv", tree / "analysis/workloads.py"
    assert glued(notebook, "ch1_llama_tokens") == "'15.6'"
    cell = (
        "\n```{code-cell} ipython3\n"
        "from pathlib import Path\n\n"
        "runs = Path('../data/training_runs.csv')  # read at the top of the chapter\n"
        "runs.write_text(runs.read_text().replace(',15.7,', ',15.8,'))\n"
        "module = Path('../analysis/workloads.py')  # imported at the top of the chapter\n"
        "module.write_text(module.read_text() + '\\n_SAVED_DURING_THE_RUN = 1\\n')\n"
        "```\n"
    )
    saved = {path: path.read_text() for path in (runs, module)}
    try:
        with edited(page, page.read_text() + cell):
            runs.write_text(saved[runs].replace(",15.6,", ",15.7,"))
            result = run(tree, "1")
            assert result.returncode == 0, result.stderr
            assert glued(notebook, "ch1_llama_tokens") == "'15.7'"
            check = run(tree, "--check", "1")
        assert check.returncode == 1
        assert "data/training_runs.csv changed" in check.stderr
        assert "analysis/workloads.py changed" in check.stderr
    finally:
        for path, text in saved.items():
            path.write_text(text)
        restore(tree)


def test_user_configuration_cannot_change_outputs(tree, tmp_path):
    """A user's matplotlibrc, IPython start-up file, PYTHONSTARTUP and kernelspecs."""
    home = tmp_path / "home"
    (home / ".config" / "matplotlib").mkdir(parents=True)
    rc = "lines.linewidth: 9\nsvg.hashsalt: someone-else\nfigure.dpi: 50\n"
    (home / ".config" / "matplotlib" / "matplotlibrc").write_text(rc)
    startup = home / ".ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-mine.py").write_text(
        "import matplotlib\nmatplotlib.rcParams['lines.linewidth'] = 7\nprint('my start-up')\n"
    )
    (home / "startup.py").write_text("print('PYTHONSTARTUP ran')\n")
    spec = home / ".local" / "share" / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": ["/bin/false", "{connection_file}"], "language": "python"})
    )
    (tree / "notebooks" / "analysis.py").write_text("raise ImportError('not this one')\n")
    env = {
        **os.environ,
        "HOME": str(home),
        "IPYTHONDIR": str(home / ".ipython"),
        "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
        "MATPLOTLIBRC": str(home / ".config" / "matplotlib" / "matplotlibrc"),
        "MPLBACKEND": "agg",
        "PYTHONSTARTUP": str(home / "startup.py"),
        "PYTHONWARNINGS": "always",
        "JUPYTER_PATH": str(home / ".local" / "share" / "jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
        "PYTHONPATH": str(tmp_path),
    }
    notebook = tree / "notebooks" / "01_workloads.ipynb"
    committed = notebook.read_bytes()
    try:
        result = run(tree, "--force", "1", env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        assert notebook.read_bytes() == committed
    finally:
        (tree / "notebooks" / "analysis.py").unlink()
        restore(tree)
