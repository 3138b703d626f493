"""The whole-book PDF: every chapter, every character, every figure, the full bibliography."""

from __future__ import annotations

import re
import subprocess

import jupytext
import nbformat
import pytest
from pybtex.database import parse_file

from conftest import LATEX_LOG, ROOT, require

pytestmark = pytest.mark.pdf


def squash(text: str) -> str:
    """Lower-case letters and digits only, so line breaks and hyphenation do not matter."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@pytest.fixture(scope="module")
def pdf_text(pdf_path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def chapter_titles() -> list[str]:
    titles = []
    for page in sorted(ROOT.glob("notebooks/[0-9]*.md")):
        match = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M)
        titles.append(match.group(1).strip())
    return titles


def test_every_chapter_is_in_the_pdf(pdf_text):
    flat = squash(pdf_text)
    for title in chapter_titles():
        assert squash(title) in flat, f"chapter {title!r} not found in the PDF"


def test_no_unresolved_references(pdf_text):
    assert "??" not in pdf_text


def test_every_character_was_rendered(pdf_path):
    log = require(LATEX_LOG, "make pdf").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert "not set up for use with LaTeX" not in log


def test_figures_are_embedded(pdf_path):
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    figures = 0
    for notebook in ROOT.glob("*/*.ipynb"):
        for cell in nbformat.read(notebook, as_version=4).cells:
            figures += sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
    assert figures > 0
    assert len(listing) >= figures, f"{len(listing)} images in the PDF, {figures} figures"


def test_bibliography_lists_every_entry(pdf_text):
    flat = squash(pdf_text)
    bib = parse_file(str(ROOT / "references.bib"))
    missing = []
    for key, entry in bib.entries.items():
        title = squash(entry.fields["title"].replace("{", "").replace("}", ""))[:40]
        if title not in flat:
            missing.append(key)
    assert not missing, f"bibliography entries absent from the PDF: {missing}"


def test_numbered_figures_and_tables(pdf_text):
    assert re.search(r"Fig(ure|\.)\s*1\.1", pdf_text)
    assert re.search(r"Table\s*1\.1", pdf_text)


def test_title_page_has_title_author_version_and_date(pdf_path):
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert "AI training versus AI inference" in first
    assert "David Leitch" in first
    assert f"Release {version.group(1)}" in first
    assert re.search(r"\b20\d\d\b", first)  # the build date


def plain(markdown: str) -> str:
    """A heading as the PDF prints it: MyST roles reduced to their text."""
    return re.sub(r"\{[^}]+\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", markdown)


def headings(page) -> tuple[str, list[str]]:
    """A page's title and its section headings, from its Markdown cells."""
    cells = [c.source for c in jupytext.read(page).cells if c.cell_type == "markdown"]
    lines = "\n".join(cells).splitlines()
    title = next(line[2:] for line in lines if line.startswith("# "))
    return plain(title), [plain(line[3:]) for line in lines if line.startswith("## ")]


@pytest.mark.parametrize("page", sorted(ROOT.glob("notebooks/[0-9]*.md")), ids=lambda p: p.stem)
def test_chapter_pdf_holds_its_chapter_then_the_bibliography(pdf_path, page):
    chapter = pdf_path.parent / "chapters" / f"{page.stem}.pdf"
    text = subprocess.run(
        ["pdftotext", str(require(chapter, "make pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    starts = [i for i, p in enumerate(pages) if p.lstrip().startswith("BIBLIOGRAPHY")]
    assert starts, f"{chapter.name}: no bibliography, so its citations would not resolve"
    body = squash("".join(pages[1 : starts[0]]))  # after the title page, before the references
    title, sections = headings(page)
    assert squash(title) in body, f"{chapter.name}: chapter title {title!r} missing"
    missing = [s for s in sections if squash(s) not in body]
    assert sections and not missing, f"{chapter.name}: sections missing {missing}"


def test_figures_print_at_200_dpi_or_more(pdf_path):
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    low = [line for line in listing if min(int(line.split()[12]), int(line.split()[13])) < 200]
    assert not low, f"images below 200 dpi as placed: {low[:3]}"
