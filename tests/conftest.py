"""Shared fixtures: paths of the repository, the built site and the PDF.

Also two rules for the whole run. Every kernel started in it (nbval's, and the tests')
gets the executor's isolated environment (``tools/kernel.py``), so nbval compares outputs
produced the way ``tools/execute.py`` produced them. And every test carries exactly one
of the markers ``unit``, ``build``, ``browser``, ``pdf`` (``make unit`` runs ``-m unit``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import kernel  # noqa: E402

KINDS = ("unit", "build", "browser", "pdf")
HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "pdf" / "training-vs-inference.pdf"
LATEX_LOG = ROOT / "_build" / "latex" / "training-vs-inference.log"
NOTE = ROOT.parent / "shared" / "seed" / "000_364d96b46639c6c5.txt"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config) -> None:
    home = Path(tempfile.mkdtemp(prefix="book-kernel-"))
    config._kernel_home = home
    # A test may point the kernel at altered data (tests/test_figures_have_teeth.py).
    keep = {k: os.environ[k] for k in ("ANALYSIS_DATA_DIR", "ANALYSIS_BIB_FILE") if k in os.environ}
    environment = kernel.kernel_environment(home, keep)
    os.environ.clear()
    os.environ.update(environment)


def pytest_unconfigure(config) -> None:
    shutil.rmtree(getattr(config, "_kernel_home", ""), ignore_errors=True)


def pytest_collection_modifyitems(config, items) -> None:
    """Every test under tests/ must say what it needs: one of KINDS."""
    unmarked = []
    for item in items:
        if Path(str(item.fspath)).parent != ROOT / "tests":
            continue  # nbval's notebook cells
        kinds = [k for k in KINDS if item.get_closest_marker(k)]
        if len(kinds) != 1:
            unmarked.append(f"{item.nodeid} {kinds}")
    if unmarked:
        raise pytest.UsageError(
            f"tests need exactly one marker of {KINDS}: " + "; ".join(unmarked[:10])
        )


def require(path: Path, how: str) -> Path:
    """Fail (never skip) when a build product is missing, saying how to make it."""
    if not path.exists():
        pytest.fail(f"{path} is missing: run `{how}` first (make test does)")
    return path


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return require(HTML / "index.html", "make book").parent


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return require(PDF, "make pdf")


#: Debian's Chromium, never a browser downloaded by playwright (there is no network for it).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def accelerators():
    """The accelerator table, as the chapters load it."""
    from analysis import data

    return data.load("accelerators")


@pytest.fixture(scope="module")
def compute():
    """The long table of peak compute by device, precision and sparsity."""
    from analysis import data

    return data.load("accelerator_compute")
