"""Lint the code cells of every page's MyST source with ruff (``make lint``).

The ``.md`` is the source of truth, so it is linted, not its executed ``.ipynb``: each page
is converted with jupytext and handed to ``ruff check`` as a notebook on standard input,
with the package's rules (``pyproject.toml``). Each problem is reported at its line in the
``.md`` (``notebooks/01_workloads.md:120:5: B007 ...``).

Usage: ``python tools/lint_chapters.py [PAGE.md ...]`` (default: every page).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))  # siblings, even under -P
from execute import ROOT, pages

RUFF = Path(sys.executable).parent / "ruff"


def first_lines(text: str, notebook: nbformat.NotebookNode) -> dict[int, int]:
    """Line of the ``.md`` on which each code cell's source starts, by 1-based cell number."""
    found, position = {}, 0
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and cell.source:
            at = text.find(cell.source, position)
            if at >= 0:
                found[number] = text.count("\n", 0, at) + 1
                position = at + len(cell.source)
    return found


def lint(page: Path) -> list[str]:
    """ruff's findings in the code cells of ``page``, each as ``path:line:column: message``."""
    notebook = jupytext.read(page)
    result = subprocess.run(
        [str(RUFF), "check", "--output-format", "json", "--stdin-filename", "page.ipynb", "-"],
        input=nbformat.writes(notebook),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"ruff failed on {page}: {result.stderr}")
    starts = first_lines(page.read_text(encoding="utf-8"), notebook)
    rel = page.relative_to(ROOT).as_posix()
    findings = []
    for item in json.loads(result.stdout or "[]"):
        row, column = item["location"]["row"], item["location"]["column"]
        line = starts.get(item.get("cell"), 1) + row - 1
        findings.append(f"{rel}:{line}:{column}: {item['code']} {item['message']}")
    return findings


def main(argv: list[str] | None = None) -> int:
    chosen = [Path(a).resolve() for a in (argv or [])] or pages()
    failed = 0
    for page in chosen:
        findings = lint(page)
        if findings:
            failed += 1
            print("\n".join(findings))
    if failed:
        print(f"lint_chapters: ruff found problems in the code cells of {failed} page(s)")
        return 1
    print(f"lint_chapters: the code cells of {len(chosen)} page(s) pass ruff")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
