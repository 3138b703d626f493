"""Shared fixtures: paths of the repository, the built site and the PDF."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "pdf" / "training-vs-inference.pdf"
LATEX_LOG = ROOT / "_build" / "latex" / "training-vs-inference.log"
NOTE = ROOT.parent / "shared" / "seed" / "000_364d96b46639c6c5.txt"
IN_CI = os.environ.get("CI", "").lower() == "true"


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
