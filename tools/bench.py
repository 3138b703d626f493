"""Time the book's builds side by side in one run, on a fresh clone (``make bench``).

Each figure is the median of several runs. The clone shares this repository's ``.venv``
(make is told not to remake it), so set-up time is excluded. The table is printed and
written to ``book/benchmarks.md`` (shown on the reproduction page).

Usage: ``python tools/bench.py [--runs 3] [--slow-runs 1]``; ``--slow-runs`` applies to
``make test`` and ``make pdf``, which take minutes each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE = ["make", "-o", ".venv/.installed"]  # never rebuild the shared virtual environment


def run(cmd: list[str], cwd: Path) -> float:
    """Seconds that ``cmd`` takes; raises with its output if it fails."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return seconds


def median_of(runs: int, prepare, cmd: list[str], cwd: Path) -> float:
    times = []
    for i in range(runs):
        prepare(i)
        times.append(run(cmd, cwd))
    return statistics.median(times)


def clean_outputs(tree: Path) -> None:
    shutil.rmtree(tree / "_build", ignore_errors=True)
    for state in tree.glob("*/_state/*.json"):
        state.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slow-runs", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "book"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(tree)], check=True)
        os.symlink(ROOT / ".venv", tree / ".venv")
        python = str(tree / ".venv" / "bin" / "python")
        jb = [
            str(tree / ".venv/bin/jupyter-book"),
            "build",
            ".",
            "-n",
            "-W",
            "--keep-going",
            "--quiet",
            "--builder",
            "html",
        ]
        data_file = tree / "data" / "training_runs.csv"
        original = data_file.read_text()
        prose = tree / "notebooks" / "01_workloads.md"
        prose_original = prose.read_text()
        rows: list[tuple[str, float, int]] = []

        bare_script = (  # the same isolated kernel as the build, one page after another
            "import sys; sys.path.insert(0, 'tools'); import execute\n"
            "for p in execute.pages(): execute.execute(p)\n"
        )
        bare = median_of(
            args.runs, lambda i: clean_outputs(tree), [python, "-c", bare_script], tree
        )
        rows.append(
            ("Bare execution of all pages, one process, one after another", bare, args.runs)
        )

        def fresh(i: int) -> None:
            clean_outputs(tree)

        fresh_cmd = ["bash", "-c", f"{python} tools/execute.py --jobs 2 && {' '.join(jb)}"]
        fresh_s = median_of(args.runs, fresh, fresh_cmd, tree)
        rows.append(("Fresh build (all pages executed on 2 cores, HTML)", fresh_s, args.runs))
        rows.append(
            (
                "No-change rebuild (`make book`)",
                median_of(args.runs, lambda i: None, [*MAKE, "book"], tree),
                args.runs,
            )
        )

        def edit_data(i: int) -> None:
            data_file.write_text(original.replace(",15.6,", f",15.{6 + (i % 2) + 1},"))

        data_s = median_of(args.runs, edit_data, [*MAKE, "book"], tree)
        data_file.write_text(original)
        run([*MAKE, "book"], tree)
        states = list(tree.glob("*/_state/*.json"))
        readers = sum("data/training_runs.csv" in s.read_text() for s in states)
        label = f"One data edit (`training_runs.csv`, read by {readers} of {len(states)} pages)"
        rows.append((label, data_s, args.runs))

        def edit_prose(i: int) -> None:
            prose.write_text(prose_original + f"\nAn added sentence, edit {i}.\n")

        rows.append(
            (
                "Prose edit (chapter 1 text)",
                median_of(args.runs, edit_prose, [*MAKE, "book"], tree),
                args.runs,
            )
        )
        prose.write_text(prose_original)

        def no_pdf(i: int) -> None:  # a full LaTeX run each time, the site already built
            for folder in ("latex", "pdf"):
                shutil.rmtree(tree / "_build" / folder, ignore_errors=True)

        pdf_s = median_of(args.slow_runs, no_pdf, [*MAKE, "pdf"], tree)
        rows.append(("`make pdf` (full LaTeX run, site already built)", pdf_s, args.slow_runs))

        def no_build(i: int) -> None:  # pages current (make test executes nothing), no site
            shutil.rmtree(tree / "_build", ignore_errors=True)

        test_s = median_of(args.slow_runs, no_build, [*MAKE, "test"], tree)
        label = "`make test` with nothing built but the pages (checks, site, PDF, every test)"
        rows.append((label, test_s, args.slow_runs))

    lines = [
        f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}), median of the runs shown.",
        "",
        "| Build | Time [s] | Runs |",
        "|---|---|---|",
        *(f"| {name} | {seconds:.1f} | {n} |" for name, seconds, n in rows),
        "",
        f"Fresh build over bare execution: **{fresh_s / bare:.2f}** (target 1.2 or less).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "book" / "benchmarks.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
