"""Build a copy of the book under a reader's own assumptions file.

``make book ASSUMPTIONS=my.csv`` runs this script. It

1. validates the file completely (every assumption once, no unknown name, numbers inside
   the schema's bounds, low <= central <= high) and stops before anything is written if it
   is not right (:func:`analysis.assumptions.check_file`);
2. copies the book's sources into ``_build/assumptions/<name>/`` with the reader's file in
   place of ``data/assumptions.csv``;
3. executes there exactly the pages whose execution record shows that they read a changed
   assumption (each page records the rows of the assumptions table it used), puts a note on
   each of them saying which file they were built with, and builds the site there.

The default build, the committed notebooks and ``_build/html`` are not touched. With
``--dry-run`` it validates, then lists the pages it would execute and stops.

Usage: ``python tools/reader_build.py [--dry-run] [--out DIR] FILE``
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's analysis
from analysis import assumptions  # noqa: E402
from analysis.data import DataValidationError  # noqa: E402

ASSUMPTIONS_FILE = "data/assumptions.csv"
SKIPPED = ("_build", ".venv", ".venv-lab", ".git", "__pycache__", ".ipynb_checkpoints")
BANNER_TAG = "reader-assumptions"


def affected_pages(changed: list[str]) -> list[Path]:
    """Pages (their MyST sources) whose last execution read one of the ``changed`` rows."""
    wanted = {f"{ASSUMPTIONS_FILE}#{name}" for name in changed}
    found = []
    for state in sorted(ROOT.glob("*/_state/*.json")):
        reads = json.loads(state.read_text(encoding="utf-8")).get("reads", {})
        if wanted & set(reads):
            found.append(state.parent.parent / f"{state.stem}.md")
    return found


def _sources() -> list[Path]:
    """Files of the book to copy: git's view of the checkout, or a walk without build output."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.splitlines()  # fmt: skip
        files = [ROOT / line for line in listing]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in ROOT.rglob("*") if p.is_file()]
    return [
        p for p in files
        if p.is_file() and not any(part in SKIPPED for part in p.relative_to(ROOT).parts)
    ]  # fmt: skip


def copy_book(target: Path, reader_file: Path) -> None:
    for source in _sources():
        destination = target / source.relative_to(ROOT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    shutil.copyfile(reader_file, target / ASSUMPTIONS_FILE)


def banner_text(reader_file: Path, changed: list[str]) -> str:
    """The note each re-executed page carries: the file, and each changed assumption."""
    default = assumptions.check_file(assumptions.default_path())
    mine = assumptions.check_file(reader_file)
    lines = []
    for name in changed:
        old, new = default.loc[name], mine.loc[name]
        lines.append(
            f"- `{name}`: {new.low:g}, {new.central:g}, {new.high:g} {new.unit} (low, central, "
            f"high) instead of {old.low:g}, {old.central:g}, {old.high:g}"
        )
    return (
        "```{admonition} Built with your own assumptions\n:class: warning\n"
        f"This page was built with the assumptions file `{reader_file.name}` instead of the "
        "book's own. It changes:\n\n" + "\n".join(lines) + "\n```"
    )


def add_banner(notebook_path: Path, text: str) -> None:
    """Put ``text`` after the page's title cell (the first markdown cell)."""
    notebook = nbformat.read(notebook_path, as_version=4)
    cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": [BANNER_TAG]})
    cell.id = "reader-assumptions"
    first = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "markdown")
    notebook.cells.insert(first + 1, cell)
    nbformat.write(notebook, notebook_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path, help="your copy of data/assumptions.csv")
    parser.add_argument(
        "--out", type=Path, help="where to build (default _build/assumptions/<name>)"
    )
    parser.add_argument("--dry-run", action="store_true", help="list the pages, build nothing")
    args = parser.parse_args(argv)

    reader_file = args.file.resolve()
    try:
        changed = assumptions.changed(reader_file)  # validates the file first
    except (DataValidationError, FileNotFoundError) as error:
        print(f"reader_build: {error}", file=sys.stderr)
        print("Nothing was built. Fix the file and run the command again.", file=sys.stderr)
        return 2
    pages = affected_pages(changed)
    print(f"{reader_file.name}: changed {', '.join(changed) or 'nothing'}")
    for page in pages:
        print(f"  will execute {page.relative_to(ROOT).with_suffix('').as_posix()}")
    if args.dry_run:
        return 0

    target = (args.out or ROOT / "_build" / "assumptions" / reader_file.stem).resolve()
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    copy_book(staging, reader_file)
    python = sys.executable
    names = [page.stem for page in pages]
    # the reproduction page includes this table; it is generated, so not among the copied files
    subprocess.run([python, "tools/execute.py", "--timing-table"], cwd=staging, check=True)
    if names:
        subprocess.run([python, "tools/execute.py", "--force", *names], cwd=staging, check=True)
        text = banner_text(reader_file, changed)
        for page in pages:
            add_banner(staging / page.relative_to(ROOT).with_suffix(".ipynb"), text)
    jupyter_book = Path(python).with_name("jupyter-book")
    subprocess.run(
        [str(jupyter_book), "build", ".", "-n", "-W", "--keep-going", "--quiet",
         "--builder", "html"],
        cwd=staging, check=True,
    )  # fmt: skip
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    print(f"HTML site under your assumptions: {target / '_build' / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
