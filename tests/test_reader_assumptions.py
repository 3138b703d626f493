"""A reader's own assumptions: checked first, exactly the dependent pages re-executed,
the default build untouched (make book ASSUMPTIONS=...; tools/reader_build.py)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

TOOL = ROOT / "tools" / "reader_build.py"


def edited(tmp_path, row_name, **values):
    """A copy of the book's assumptions with ``values`` set in the row ``row_name``."""
    path = tmp_path / "mine.csv"
    rows = list(csv.DictReader((ROOT / "data" / "assumptions.csv").open(encoding="utf-8")))
    for row in rows:
        if row["name"] == row_name:
            row.update(values)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args):
    return subprocess.run(
        [sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def pages_reading(name: str) -> set[str]:
    """Pages whose committed execution record lists the assumption row, from the states."""
    found = set()
    for state in ROOT.glob("*/_state/*.json"):
        if f"data/assumptions.csv#{name}" in json.loads(state.read_text())["reads"]:
            found.add(f"{state.parent.parent.name}/{state.stem}")
    return found


def digest_of_default_build() -> str:
    digest = hashlib.sha256()
    for path in sorted(
        [*ROOT.glob("*/*.ipynb"), *ROOT.glob("*/_state/*.json"), *ROOT.glob("data/*.csv")]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize(
    ("case", "values", "message"),
    [
        ("unknown name", {"name": "puee"}, r"column 'name'.*unknown assumption 'puee'"),
        ("low above high", {"low": "2", "central": "1.2", "high": "1.5"}, r"low <= central"),
        ("malformed number", {"central": "1,2"}, r"'central'.*'1,2'"),
        ("outside the schema", {"high": "-1"}, r"'high'.*out of range"),
    ],
)
def test_bad_input_fails_before_anything_is_built(tmp_path, case, values, message):
    path = edited(tmp_path, "pue", **values)
    out = tmp_path / "site"
    result = run("--out", out, path)
    assert result.returncode == 2, case
    assert "mine.csv" in result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert not out.exists() and not out.with_name("site.partial").exists()


def test_missing_row_fails_before_anything_is_built(tmp_path):
    path = edited(tmp_path, "pue")
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("pue,")) + "\n")
    result = run("--out", tmp_path / "site", path)
    assert result.returncode == 2 and "missing row(s) for ['pue']" in result.stderr


def test_dry_run_names_the_pages_that_read_the_changed_assumption(tmp_path):
    result = run("--dry-run", edited(tmp_path, "pue", central="1.5", high="1.7"))
    assert result.returncode == 0, result.stderr
    listed = {line.split()[-1] for line in result.stdout.splitlines() if "will execute" in line}
    assert listed == pages_reading("pue")
    assert "notebooks/11_grid" in listed  # the grid chapter converts IT power at the meter
    assert "notebooks/02_hardware" not in listed  # chip specifications use no PUE


def test_a_reader_build_changes_only_the_dependent_pages(tmp_path):
    before = digest_of_default_build()
    out = tmp_path / "site"
    result = run("--out", out, edited(tmp_path, "pue", low="1.3", central="1.5", high="1.7"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert digest_of_default_build() == before  # the default build is untouched
    affected = pages_reading("pue")
    for notebook in ROOT.glob("*/*.ipynb"):
        rel = f"{notebook.parent.name}/{notebook.stem}"
        if rel.startswith("book/api") or not (out / notebook.relative_to(ROOT)).exists():
            continue
        copy = (out / notebook.relative_to(ROOT)).read_bytes()
        if rel in affected:
            assert copy != notebook.read_bytes(), f"{rel} was not re-executed"
            html = (out / "_build" / "html" / notebook.relative_to(ROOT)).with_suffix(".html")
            assert "Built with your own assumptions" in html.read_text(), rel
        else:
            assert copy == notebook.read_bytes(), f"{rel} changed but reads no PUE"
    shutil.rmtree(out)
