"""Reading the printed editions for the PDF tests: words with their boxes, page images,
page marks, and the page geometry the design declares (latex/tviprint.sty).

The build folder is ``_build`` (``TVI_PRINT_BUILD`` points the tests at another one, e.g. a
copy of an older build, to see them fail there).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import pytest
import yaml
from pybtex.database import parse_file

from conftest import ROOT

BUILD = Path(os.environ.get("TVI_PRINT_BUILD", ROOT / "_build"))
PDF_DIR = BUILD / "pdf"
LATEX = BUILD / "latex"
EDITIONS = {"technical": "training-vs-inference", "client": "training-vs-inference-client"}
CM = 72 / 2.54  # PDF points per centimetre
A4 = (595.28, 841.89)


def require(path: Path) -> Path:
    """A missing build product fails the test (never a skip)."""
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make pdf` first (make test does)")
    return path


def edition_pdf(edition: str) -> Path:
    return require(PDF_DIR / f"{EDITIONS[edition]}.pdf")


def edition_log(edition: str) -> str:
    path = require(LATEX / f"{EDITIONS[edition]}.log")
    return path.read_text(encoding="utf-8", errors="replace")


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlaps(self, other: Word, slack: float = 0.5) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > slack
            and min(self.y1, other.y1) - max(self.y0, other.y0) > slack
        )


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[tuple[Word, ...], ...]

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line]

    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines)


@cache
def pages(pdf: Path) -> tuple[Page, ...]:
    """Every page's lines of words with their boxes (pdftotext -bbox-layout) [pt]."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml))
    found = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
        lines = []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            words = tuple(
                Word(*(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
                for w in line.iter("{http://www.w3.org/1999/xhtml}word")
            )
            if words:
                lines.append(words)
        size = float(page.get("width")), float(page.get("height"))
        found.append(Page(number, *size, tuple(lines)))
    return tuple(found)


@cache
def geometry() -> dict[str, float]:
    """The text block the design declares [pt from the page's top left]."""
    sty = (ROOT / "latex" / "tviprint.sty").read_text(encoding="utf-8")
    h = re.search(r"hmargin=\{([\d.]+)cm,([\d.]+)cm\}", sty)
    v = re.search(r"vmargin=\{([\d.]+)cm,([\d.]+)cm\}", sty)
    left, right = float(h.group(1)) * CM, A4[0] - float(h.group(2)) * CM
    top, bottom = float(v.group(1)) * CM, A4[1] - float(v.group(2)) * CM
    return {"left": left, "right": right, "top": top, "bottom": bottom}


@cache
def gray_pages(pdf: Path, dpi: int = 30) -> tuple[tuple[int, int, bytes], ...]:
    """Each page rendered in grey at ``dpi``: (width, height, pixels, one byte each)."""
    out = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", str(pdf)], capture_output=True, check=True
    ).stdout
    found, at = [], 0
    while at < len(out):
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", out[at:])
        width, height = int(header.group(1)), int(header.group(2))
        start = at + header.end()
        found.append((width, height, out[start : start + width * height]))
        at = start + width * height
    return tuple(found)


def marks(name: str) -> dict[str, tuple[int, str]]:
    """Where each page of an edition starts: ``"start <doc>" -> (1-based page, printed)``."""
    path = require(LATEX / f"{name}.pages")
    found: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, doc, index, printed = (line.split() + ["", "", ""])[:4]
        found.setdefault(f"{kind} {doc}", (int(index), printed))
    return found


def figure_boxes(name: str) -> dict[int, list[tuple[float, float, float, float]]]:
    """Each page's figures as (x0, y0, x1, y1) [pt from the top left], from the marks the
    design writes (latex/tviprint.sty)."""
    path = require(LATEX / f"{name}.pages")
    per_sp = 72 / 72.27 / 65536
    found: dict[int, list[tuple[float, float, float, float]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("figure "):
            _, page, x, y, width, height = line.split()
            x0, bottom = int(x) * per_sp, int(y) * per_sp
            w, h = (float(v.removesuffix("pt")) * 72 / 72.27 for v in (width, height))
            found.setdefault(int(page), []).append((x0, A4[1] - bottom - h, x0 + w, A4[1] - bottom))
    return found


def manifest() -> dict:
    return json.loads(require(LATEX / "print-manifest.json").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Lower-case letters and digits only, so line breaks and hyphenation do not matter."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def toc_files(toc: str) -> list[str]:
    """Root first, then every file of the table of contents, in order."""
    data = yaml.safe_load((ROOT / toc).read_text(encoding="utf-8"))
    files = [data["root"]]
    for part in data.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def heading(doc: str) -> str:
    source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", source, re.M).group(1).strip()


def cited_keys(docs: list[str], without_column: str | None = None) -> set[str]:
    """Keys cited by ``docs``: in their prose and in their executed outputs (tables), leaving
    out tables with a column headed ``without_column`` (an edition that drops them)."""
    keys: set[str] = set()
    for doc in docs:
        notebook = ROOT / f"{doc}.ipynb"
        texts = [(ROOT / f"{doc}.md").read_text(encoding="utf-8")]
        if notebook.exists():
            for cell in nbformat.read(notebook, as_version=4).cells:
                for output in cell.get("outputs", []):
                    text = str(output.get("data", {}).get("text/markdown", ""))
                    if without_column and f"| {without_column} |" in text:
                        continue
                    texts.append(text)
        for text in texts:
            text = re.sub(r"(?<!`)``(?!`).+?``", "", text)  # inline code showing a role
            for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
                keys.update(k.strip() for k in group.split(","))
    return keys


def bib_titles() -> dict[str, str]:
    bib = parse_file(str(ROOT / "references.bib"))
    return {
        key: squash(entry.fields["title"].replace("{", "").replace("}", ""))[:40]
        for key, entry in bib.entries.items()
    }
