"""What a page's outputs depend on, one named digest per input.

A page's inputs are

- its code cells (prose and cell metadata do not count);
- the Python version, as ``major.minor``;
- each module of the ``analysis`` package, by its syntax tree with docstrings and comments
  removed (so a docstring or comment edit re-executes nothing), except in a module that
  reads docstrings (``__doc__``, ``getdoc``): there they are output and count;
- the pins in ``constraints.txt`` of the packages the kernel runs on: the project's
  runtime dependencies, the kernel and the executor's notebook packages, with everything
  they require (from ``importlib.metadata``); a test-only pin (pytest, ruff) does not count;
- every input the page read while it ran, as logged by :func:`analysis.paths.record_read`
  with a digest taken when it was read: a file's bytes, a folder's listing, only the
  key set of a file (the bibliography, whose titles and URLs no page reads), or one named
  row of a table (an assumption: ``data/assumptions.csv#pue``).

The state file ``_state/<page>.json`` stores these digests by name, so that a stale page
can be reported with the input that changed.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import re
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

import jupytext
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kernel import PYTHON_VERSION, ROOT

sys.path.insert(0, str(ROOT))  # this checkout's analysis, even when another is installed
from analysis.bib import keys_in  # noqa: E402
from analysis.paths import bytes_digest, keys_digest, listing_digest, row_digest  # noqa: E402

#: Packages the kernel imports besides the project's dependencies (analysis.publish imports
#: myst_nb for glue), and the executor's notebook packages, which write the stored .ipynb.
KERNEL_PACKAGES = ("ipykernel", "myst-nb", "jupytext", "nbclient", "nbformat")
PINS = "constraints.txt (pins of the kernel's packages)"
PYTHON = "Python"
LISTING = " (listing)"
KEYS = " (keys)"


def _sha(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def code_name(page: Path) -> str:
    return f"{page.relative_to(ROOT).as_posix()} (code cells)"


@lru_cache(maxsize=64)
def _read_page(path: str, mtime_ns: int, size: int):
    return jupytext.read(path)


def read_page(page: Path):
    """The page's MyST source as a notebook, parsed once per version of the file.

    Shared: callers that change the notebook must copy it first.
    """
    stat = page.stat()
    return _read_page(str(page), stat.st_mtime_ns, stat.st_size)


def code_digest(page: Path) -> str:
    """Digest of the page's code cells, in order."""
    notebook = read_page(page)
    return _sha([c.source.encode() for c in notebook.cells if c.cell_type == "code"])


def _strip_docstrings(tree: ast.AST) -> None:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for node in ast.walk(tree):
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    node.body = node.body[1:]


@lru_cache(maxsize=256)
def _module_digest(path: str, mtime_ns: int, size: int) -> str:
    source = Path(path).read_text(encoding="utf-8")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return bytes_digest(source.encode())  # the page will fail anyway; any edit counts
    if "__doc__" not in source and "getdoc" not in source:
        _strip_docstrings(tree)
    return bytes_digest(ast.dump(tree, include_attributes=False).encode())


def module_digest(path: Path) -> str:
    """Digest of a module's syntax tree: comments, layout and (usually) docstrings ignored."""
    stat = path.stat()
    return _module_digest(str(path), stat.st_mtime_ns, stat.st_size)


def package_inputs() -> dict[str, str]:
    """``analysis/<module>.py`` -> digest, for every module of the package."""
    return {
        p.relative_to(ROOT).as_posix(): module_digest(p)
        for p in sorted((ROOT / "analysis").rglob("*.py"))
    }


def _requirements(name: str) -> list[str]:
    try:
        requires = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    found = []
    for line in requires:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            found.append(requirement.name)
    return found


@lru_cache(maxsize=4)
def _runtime_distributions(pyproject_mtime_ns: int) -> frozenset[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [Requirement(d).name for d in project.get("dependencies", [])]
    todo += list(KERNEL_PACKAGES)
    seen: set[str] = set()
    while todo:
        name = canonicalize_name(todo.pop())
        if name not in seen:
            seen.add(name)
            todo.extend(_requirements(name))
    return frozenset(seen)


def runtime_distributions() -> frozenset[str]:
    """Canonical names of every distribution the kernel runs on (see the module docstring)."""
    return _runtime_distributions((ROOT / "pyproject.toml").stat().st_mtime_ns)


def runtime_pins() -> list[str]:
    """The lines of ``constraints.txt`` that pin a runtime distribution, sorted."""
    wanted = runtime_distributions()
    pins = []
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        match = re.match(r"\s*([A-Za-z0-9._-]+)\s*==", line)
        if match and canonicalize_name(match.group(1)) in wanted:
            pins.append(line.strip())
    return sorted(pins)


def static_inputs(page: Path) -> dict[str, str]:
    """Inputs known before the page runs: code, Python, package, pins."""
    inputs = {code_name(page): code_digest(page), PYTHON: PYTHON_VERSION}
    inputs.update(package_inputs())
    inputs[PINS] = bytes_digest("\n".join(runtime_pins()).encode())
    return inputs


def read_name(kind: str, path: Path) -> str | None:
    """Name of an input read at ``path``; None outside the repository (a test's copy)."""
    try:
        rel = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    names = {"file": rel, "listing": f"{rel}/{LISTING}", "keys": f"{rel}{KEYS}", "row": rel}
    return names[kind]


def read_digest(name: str) -> str:
    """The current digest of a read input, by its name; ``missing`` if it is gone."""
    if name.endswith(LISTING):
        path = ROOT / name.removesuffix(LISTING)
        return listing_digest(path) if path.is_dir() else "missing"
    if name.endswith(KEYS):
        path = ROOT / name.removesuffix(KEYS)
        if not path.is_file():
            return "missing"
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":  # a chapter read for the claims it refers to (data appendix)
            from analysis.provenance import claim_refs_in

            return keys_digest(claim_refs_in(text))
        return keys_digest(keys_in(text))
    if "#" in name:  # one row of a table: data/assumptions.csv#pue
        file, row = name.split("#", 1)
        return row_digest(ROOT / file, row) if (ROOT / file).is_file() else "missing"
    path = ROOT / name
    return bytes_digest(path.read_bytes()) if path.is_file() else "missing"


def parse_reads(log_text: str) -> dict[str, str]:
    """Read inputs and their digests from a reads log (``kind<TAB>digest<TAB>path`` lines).

    An input logged twice with different digests changed during the run: it is stored as
    ``changed during execution``, which never matches, so the page stays stale.
    """
    reads: dict[str, str] = {}
    for line in log_text.splitlines():
        kind, digest, path = line.split("\t", 2)
        name = read_name(kind, Path(path))
        if name is None:
            continue
        if reads.get(name, digest) != digest:
            digest = "changed during execution"
        reads[name] = digest
    return reads


def fingerprint(inputs: dict[str, str]) -> str:
    """One digest of all inputs (their names and digests)."""
    return bytes_digest(json.dumps(inputs, sort_keys=True).encode())


def changed_inputs(page: Path, inputs: dict[str, str], reads: dict[str, str]) -> list[str]:
    """What changed since the page ran, one phrase per input; empty when it is current.

    Parameters
    ----------
    page : Path
        The page's MyST source.
    inputs, reads : dict
        The static inputs and the read inputs recorded when it ran (name -> digest).
    """
    current = static_inputs(page)
    current.update({name: read_digest(name) for name in reads})
    recorded = {**inputs, **reads}
    changes = []
    for name in sorted(set(recorded) | set(current)):
        old, new = recorded.get(name), current.get(name)
        if old == new:
            continue
        if name == PYTHON:
            changes.append(f"Python {old} -> {new}")
        elif old is None:
            changes.append(f"{name} is new")
        elif new is None or new == "missing":
            changes.append(f"{name} was removed")
        else:
            changes.append(f"{name} changed")
    return changes


def outputs_digest(notebook: Path) -> str:
    """Digest of the code-cell outputs stored in an .ipynb (what the book shows, nbval checks)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    outputs = [c.get("outputs", []) for c in cells if c["cell_type"] == "code"]
    return bytes_digest(json.dumps(outputs, sort_keys=True).encode())
