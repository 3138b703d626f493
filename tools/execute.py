"""Execute the book's notebooks when, and only when, something they depend on changed.

Jupyter Book's own cache keys on a notebook's code cells alone, so an edit to ``data/``
or ``analysis/`` would leave stale figures. This script replaces it. Each executable page
is a MyST Markdown notebook (jupytext) paired with an executed ``.ipynb`` beside it; the
book is built from the ``.ipynb`` with execution off. A page is re-executed when one of its
inputs changed (see ``tools/fingerprint.py``: code cells, Python version, the ``analysis``
package, the kernel's pinned packages, and every file, folder listing or key set the page
read when it last ran), or when its ``.ipynb`` no longer holds the outputs recorded then.

Pages run in a fresh kernel of this environment's Python, isolated from the user's
configuration (``tools/kernel.py``). Inputs are digested before the kernel starts, and each
read as it happens, so an edit saved during a run leaves the page stale. Prose and
cell-metadata edits are copied into the ``.ipynb`` without executing. Stale pages run in
parallel (``--jobs``). State lives in ``_state/<page>.json`` beside the notebooks and is
committed, so a fresh clone with nothing changed executes nothing.

``--check`` executes nothing: it fails, naming each page and the input that changed, when a
committed ``.ipynb`` or its state is not current (``make check-outputs``, run first by
``make test`` and so by CI).

Usage: ``python tools/execute.py [--jobs N] [--force] [--dry-run | --check] [PAGE ...]``
where PAGE is a stem (``01_workloads``) or its number (``1``).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))  # siblings, even under -P
from fingerprint import (
    changed_inputs,
    fingerprint,
    outputs_digest,
    parse_reads,
    read_page,
    static_inputs,
)
from kernel import (
    KERNEL_PROBE,
    ROOT,
    ThisPythonKernelManager,
    check_kernel,
    kernel_environment,
    parse_probe,
)

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


def load_state(page: Path) -> dict:
    path = state_path(page)
    return json.loads(path.read_text()) if path.exists() else {}


def stale_reasons(page: Path) -> list[str]:
    """Why ``page`` must run again: each changed input, or a missing or altered product."""
    target = page.with_suffix(".ipynb")
    state = load_state(page)
    if not target.exists():
        return [f"no executed notebook {target.name}"]
    if not state:
        return [f"no execution record {state_path(page).relative_to(ROOT)}"]
    if not isinstance(state.get("inputs"), dict) or not isinstance(state.get("reads"), dict):
        return ["its execution record has no per-input digests (older tools/execute.py)"]
    reasons = changed_inputs(page, state["inputs"], state["reads"])
    if state.get("outputs") != outputs_digest(target):
        reasons.append(f"the outputs in {target.name} are not the ones its execution recorded")
    return reasons


def is_stale(page: Path) -> bool:
    return bool(stale_reasons(page))


def _synced(page: Path) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """The stored .ipynb and the same with the .md's text and metadata copied in."""
    # Read without schema validation (the slow part of a no-change build): only compared.
    old = nbformat.v4.reads(page.with_suffix(".ipynb").read_text(encoding="utf-8"))
    return old, combine_inputs_with_outputs(copy.deepcopy(read_page(page)), old)


def sync_text(page: Path) -> bool:
    """Copy prose and metadata edits of ``page`` into its .ipynb, keeping the outputs."""
    old, new = _synced(page)
    if new == old:
        return False
    nbformat.write(new, page.with_suffix(".ipynb"))
    return True


def _probe(client: NotebookClient):
    """A hook for the first cell: the kernel must be this Python with this analysis."""
    done = False

    async def hook(cell, cell_index) -> None:
        nonlocal done
        if done:
            return
        done = True
        msg_id = client.kc.execute(
            "", silent=True, store_history=False, user_expressions=KERNEL_PROBE
        )
        check_kernel(parse_probe(await client.async_wait_for_reply(msg_id)))

    return hook


def execute(page: Path) -> tuple[str, float]:
    """Execute one page in a fresh kernel from its own folder; write its .ipynb and state."""
    rc = page.parent / "matplotlibrc"
    if rc.exists():
        raise RuntimeError(f"{rc.relative_to(ROOT)}: matplotlib would read it; remove it")
    inputs = static_inputs(page)  # before the kernel starts: an edit from now on is seen
    notebook = jupytext.read(page)
    with tempfile.TemporaryDirectory(prefix="book-kernel-") as tmp:
        log = Path(tmp) / "reads.log"
        log.touch()
        env = kernel_environment(
            Path(tmp) / "home",
            {
                "ANALYSIS_DATA_DIR": str(ROOT / "data"),
                "ANALYSIS_BIB_FILE": str(ROOT / "references.bib"),
                "ANALYSIS_READS_LOG": str(log),
            },
        )
        # IPC sockets in this run's own folder: no TCP port two parallel kernels could race for.
        sockets = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(tmp) / "kernel")}})
        client = NotebookClient(
            notebook,
            config=sockets,
            timeout=TIMEOUT_S,
            kernel_manager_class=ThisPythonKernelManager,
            kernel_name="python3",
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up chatter
            record_timing=False,
            resources={"metadata": {"path": str(page.parent)}},
        )
        client.on_cell_start = _probe(client)
        start = time.perf_counter()
        client.execute(env=env)
        seconds = time.perf_counter() - start
        reads = parse_reads(log.read_text(encoding="utf-8"))
    # Store it in the form sync_text produces, so the next run finds nothing to sync.
    notebook = combine_inputs_with_outputs(jupytext.read(page), notebook)
    # jupytext draws random cell ids on every read: number them, so that re-executing a page
    # whose outputs did not change leaves its .ipynb byte for byte as it was.
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:03d}"
    target = page.with_suffix(".ipynb")
    nbformat.write(notebook, target)
    state = {
        "fingerprint": fingerprint({**inputs, **reads}),
        "inputs": inputs,
        "reads": dict(sorted(reads.items())),
        "outputs": outputs_digest(target),
        "execution_seconds": round(seconds, 2),
        "executed_on": dt.date.today().isoformat(),
    }
    state_path(page).parent.mkdir(exist_ok=True)
    state_path(page).write_text(json.dumps(state, indent=1) + "\n")
    return page.stem, seconds


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
        # a number names a chapter ('6' is 06_throughput); 'checks' is not 'checks_brief'
        number = name.isdigit() and name.zfill(2)
        matches = [p for p in everything if p.stem == name or p.stem.split("_")[0] == number]
        if not matches:
            known = ", ".join(p.stem for p in everything)
            raise SystemExit(f"execute.py: no page {name!r}; pages are: {known}")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def check(chosen: list[Path]) -> int:
    """Report every page whose committed .ipynb or state is not current; 1 if any."""
    problems = {}
    for page in chosen:
        reasons = stale_reasons(page)
        if page.with_suffix(".ipynb").exists():
            old, new = _synced(page)
            if new != old:
                reasons.append(f"its text is not in {page.stem}.ipynb (edited since the build)")
        if reasons:
            problems[page] = reasons
    if not problems:
        print(f"check-outputs: all {len(chosen)} page(s) are current with their inputs")
        return 0
    print(f"check-outputs: {len(problems)} of {len(chosen)} page(s) are stale:", file=sys.stderr)
    for page, reasons in problems.items():
        rel = page.relative_to(ROOT).with_suffix("").as_posix()
        print(f"  {rel}: {'; '.join(reasons)}", file=sys.stderr)
    print(
        "Run `make book` (it executes exactly these pages), then commit each page's .ipynb "
        "and _state/*.json.",
        file=sys.stderr,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="stems or chapter numbers; default all")
    parser.add_argument("--jobs", type=int, default=2, help="pages executed at once")
    parser.add_argument("--force", action="store_true", help="execute even if up to date")
    parser.add_argument("--dry-run", action="store_true", help="list stale pages, run nothing")
    parser.add_argument(
        "--check", action="store_true", help="fail, naming what changed, if any page is stale"
    )
    parser.add_argument(
        "--timing-table", action="store_true", help="only write the execution-times table"
    )
    args = parser.parse_args(argv)

    if args.timing_table:
        write_timing_table()
        return 0
    chosen = select(args.pages)
    if args.check:
        # the timing table is derived from the committed states; a fresh clone needs it too
        write_timing_table()
        return check(chosen)
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
