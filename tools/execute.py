"""Execute the book's notebooks when, and only when, something they depend on changed.

Jupyter Book's own cache keys on a notebook's code cells alone, so an edit to ``data/``
or ``analysis/`` would leave stale figures. This script replaces it. Each executable page
is a MyST Markdown notebook (jupytext) paired with an executed ``.ipynb`` beside it; the
book is built from the ``.ipynb`` with execution off. A page is re-executed when the
fingerprint of its inputs changes:

- its code cells (prose edits do not count),
- every ``.py`` file of the ``analysis`` package,
- ``constraints.txt`` (package versions shape the output, e.g. the SVG's generator line),
- every file the page read when last executed (data tables, schemas, the bibliography),
  as logged by :func:`analysis.paths.record_read`.

Prose and cell-metadata edits are copied into the ``.ipynb`` without executing. Stale
pages run in parallel (``--jobs``). State lives in ``_state/<page>.json`` beside the
notebooks and is committed, so a fresh clone with nothing changed executes nothing.

Usage: ``python tools/execute.py [--jobs N] [--force] [--dry-run] [PAGE ...]`` where PAGE
is a stem (``01_workloads``) or its number (``1``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
PAGE_DIRS = (ROOT / "notebooks", ROOT / "book")
GENERATED = ROOT / "book" / "_generated"
TIMEOUT_S = 600


def pages() -> list[Path]:
    """Every MyST Markdown notebook (a jupytext header with a kernelspec) of the book."""
    found = []
    for folder in PAGE_DIRS:
        for path in sorted(folder.glob("*.md")):
            head = path.read_text(encoding="utf-8")[:600]
            if head.startswith("---") and "kernelspec:" in head:
                found.append(path)
    return found


def state_path(page: Path) -> Path:
    return page.parent / "_state" / f"{page.stem}.json"


def _sha(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def fingerprint(page: Path, reads: list[str]) -> str:
    """Hash of everything the page's outputs depend on (see the module docstring)."""
    notebook = jupytext.read(page)
    code = [c.source.encode() for c in notebook.cells if c.cell_type == "code"]
    package = [p.read_bytes() for p in sorted((ROOT / "analysis").rglob("*.py"))]
    extra = [(ROOT / "constraints.txt").read_bytes()]
    read_files = []
    for rel in reads:
        path = ROOT / rel
        read_files.append(rel.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return _sha(code + [b"--analysis--"] + package + extra + [b"--reads--"] + read_files)


def load_state(page: Path) -> dict:
    path = state_path(page)
    return json.loads(path.read_text()) if path.exists() else {}


def is_stale(page: Path) -> bool:
    state = load_state(page)
    if not state or not page.with_suffix(".ipynb").exists():
        return True
    return state.get("fingerprint") != fingerprint(page, state.get("reads", []))


def _relative(path: str) -> str | None:
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(ROOT).as_posix()
    except ValueError:
        return None  # read from outside the repository (e.g. a test's copy): not tracked


def execute(page: Path) -> tuple[str, float]:
    """Execute one page in a fresh kernel from its own folder; write its .ipynb and state."""
    notebook = jupytext.read(page)
    with tempfile.NamedTemporaryFile("r", suffix=".log", delete=False) as log:
        log_path = log.name
    os.environ["ANALYSIS_READS_LOG"] = log_path
    # The kernel reads this tree's data and bibliography, wherever the package is installed.
    os.environ["ANALYSIS_DATA_DIR"] = str(ROOT / "data")
    os.environ["ANALYSIS_BIB_FILE"] = str(ROOT / "references.bib")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    start = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(page.parent)}},
    )
    client.execute()
    seconds = time.perf_counter() - start
    reads = sorted(
        {r for line in Path(log_path).read_text().splitlines() if (r := _relative(line))}
    )
    Path(log_path).unlink()
    # Store it in the form sync_text produces, so the next run finds nothing to sync.
    notebook = combine_inputs_with_outputs(jupytext.read(page), notebook)
    # jupytext draws random cell ids on every read: number them, so that re-executing a page
    # whose outputs did not change leaves its .ipynb byte for byte as it was.
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:03d}"
    nbformat.write(notebook, page.with_suffix(".ipynb"))
    state = {
        "fingerprint": fingerprint(page, reads),
        "reads": reads,
        "execution_seconds": round(seconds, 2),
        "executed_on": dt.date.today().isoformat(),
    }
    state_path(page).parent.mkdir(exist_ok=True)
    state_path(page).write_text(json.dumps(state, indent=1) + "\n")
    return page.stem, seconds


def sync_text(page: Path) -> bool:
    """Copy prose and metadata edits of ``page`` into its .ipynb, keeping the outputs."""
    target = page.with_suffix(".ipynb")
    old = nbformat.read(target, as_version=4)
    new = combine_inputs_with_outputs(jupytext.read(page), old)
    if nbformat.writes(new) == nbformat.writes(old):
        return False
    nbformat.write(new, target)
    return True


def write_timing_table() -> None:
    """``book/_generated/execution-times.md``: each page's last measured execution time."""
    rows = ["| Page | Execution time [s] | Executed on |", "|---|---|---|"]
    total = 0.0
    for page in pages():
        state = load_state(page)
        seconds = state.get("execution_seconds", float("nan"))
        total += seconds
        rel = page.relative_to(ROOT).with_suffix("").as_posix()
        rows.append(f"| {{doc}}`/{rel}` | {seconds:.1f} | {state.get('executed_on', '–')} |")
    rows.append(f"| **All pages, one after another** | **{total:.1f}** | |")
    GENERATED.mkdir(exist_ok=True)
    text = "\n".join(rows) + "\n"
    target = GENERATED / "execution-times.md"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)


def select(names: list[str]) -> list[Path]:
    everything = pages()
    if not names:
        return everything
    chosen = []
    for name in names:
        matches = [p for p in everything if p.stem == name or p.stem.split("_")[0] == name.zfill(2)]
        if not matches:
            known = ", ".join(p.stem for p in everything)
            raise SystemExit(f"execute.py: no page {name!r}; pages are: {known}")
        chosen.extend(matches)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="stems or chapter numbers; default all")
    parser.add_argument("--jobs", type=int, default=2, help="pages executed at once")
    parser.add_argument("--force", action="store_true", help="execute even if up to date")
    parser.add_argument("--dry-run", action="store_true", help="list stale pages, run nothing")
    args = parser.parse_args(argv)

    chosen = select(args.pages)
    stale = [p for p in chosen if args.force or is_stale(p)]
    if args.dry_run:
        for page in stale:
            print(page.relative_to(ROOT).as_posix())
        return 0
    for page in chosen:
        if page not in stale and sync_text(page):
            print(f"synced text of {page.stem} (not executed)")
    failures = []
    if stale:
        print(f"executing {len(stale)} of {len(chosen)} page(s) with {args.jobs} job(s)")
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(execute, page): page for page in stale}
            for future, page in futures.items():
                try:
                    stem, seconds = future.result()
                    print(f"  executed {stem} in {seconds:.1f} s")
                except Exception as error:  # report every failing page, then fail
                    failures.append(page.stem)
                    print(f"  FAILED {page.stem}: {error}", file=sys.stderr)
    else:
        print(f"all {len(chosen)} page(s) up to date; nothing executed")
    write_timing_table()
    if failures:
        print(f"execute.py: {len(failures)} page(s) raised: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
