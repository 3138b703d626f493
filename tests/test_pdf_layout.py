"""Both printed editions, page by page: nothing clipped or overlapping, pages that flow,
a comfortable measure, legible figures, one type family."""

from __future__ import annotations

import re
import statistics
import subprocess

import pytest
from printed import (
    EDITIONS,
    LATEX,
    edition_log,
    edition_pdf,
    figure_boxes,
    geometry,
    gray_pages,
    marks,
    pages,
)
from pypdf import PdfReader
from pypdf.generic import ContentStream

pytestmark = pytest.mark.pdf

EDITION_NAMES = list(EDITIONS)
#: How far a word may stick out of the text block [pt] (glyph side bearings).
TOLERANCE_PT = 1.5


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_overfull_box_in_the_latex_log(edition):
    log = edition_log(edition)
    overfull = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*\n([^\n]*)", log)
    assert not overfull, f"{len(overfull)} overfull lines, e.g. {overfull[:3]}"


def _in_running_head_or_foot(word, box) -> bool:
    return word.y1 <= box["top"] or word.y0 >= box["bottom"]


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_every_word_lies_inside_the_text_block(edition):
    box = geometry()
    outside = []
    for page in pages(edition_pdf(edition)):
        for word in page.words:
            if (
                word.x0 < box["left"] - TOLERANCE_PT
                or word.x1 > box["right"] + TOLERANCE_PT
                or (word.y0 < box["top"] - 40 or word.y1 > box["bottom"] + 40)
            ):
                outside.append((page.number, word.text, round(word.x0), round(word.x1)))
            elif (
                _in_running_head_or_foot(word, box)
                and word.y1 > box["top"]
                and word.y0 < box["bottom"]
            ):
                outside.append((page.number, word.text, "between head and block"))
    assert not outside, f"{len(outside)} words outside the text block, e.g. {outside[:8]}"


def _in_figure(word, boxes) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_word_overlaps_another(edition):
    """A cell whose text runs into its neighbour (the clipped "202" of a year column) shows
    as two words on one line whose boxes overlap. Words inside figures are the figures'
    business (chapter code), not the page's."""
    clashes = []
    figures = figure_boxes(EDITIONS[edition])
    for page in pages(edition_pdf(edition)):
        boxes = figures.get(page.number, [])
        words = sorted(
            (w for w in page.words if not _in_figure(w, boxes)), key=lambda w: (w.y0, w.x0)
        )
        for i, word in enumerate(words):
            for other in words[i + 1 :]:
                if other.y0 > word.y1:
                    break
                same_line = min(word.y1, other.y1) - max(word.y0, other.y0) > 0.5 * min(
                    word.y1 - word.y0, other.y1 - other.y0
                )
                if same_line and word.overlaps(other, slack=1.0):
                    clashes.append((page.number, word.text, other.text))
    assert not clashes, f"{len(clashes)} overlapping words, e.g. {clashes[:8]}"


def _empty_fraction(page: tuple[int, int, bytes], box: dict[str, float], dpi: int) -> float:
    """Share of the text block's height in bands of about two lines that carry no ink."""
    width, height, pixels = page
    scale = dpi / 72
    top, bottom = int(box["top"] * scale), int(box["bottom"] * scale)
    left, right = int(box["left"] * scale), int(box["right"] * scale)
    band = max(int(24 * scale), 1)
    bands = empty = 0
    for y in range(top, bottom - band + 1, band):
        bands += 1
        inked = any(
            pixels[row * width + x] < 160 for row in range(y, y + band) for x in range(left, right)
        )
        empty += not inked
    return empty / bands


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_page_inside_a_chapter_is_more_than_a_third_empty(edition):
    """Floats are placed where they fit (never forced 'H'): only a chapter's last page, the
    front matter and the covers may run short."""
    name = EDITIONS[edition]
    starts = sorted(index for key, (index, _) in marks(name).items() if key.startswith("start "))
    rendered = gray_pages(edition_pdf(edition))
    last_pages = {s - 1 for s in starts[1:]} | {len(rendered)}
    box = geometry()
    short = []
    for number in range(starts[0], len(rendered) + 1):
        if number in last_pages:
            continue
        fraction = _empty_fraction(rendered[number - 1], box, 30)
        if fraction > 1 / 3:
            short.append((number, round(fraction, 2)))
    assert not short, f"pages more than a third empty inside a chapter (page, share): {short}"


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_table_head_is_stranded_at_a_page_foot(edition):
    """A table's caption is followed on its page by its column heads and at least two rows."""
    stranded = []
    for page in pages(edition_pdf(edition)):
        lines = [line for line in page.lines if line[0].y0 < geometry()["bottom"]]
        for index, line in enumerate(lines):
            if (
                re.match(r"Table$", line[0].text)
                and len(line) > 1
                and re.match(r"[A-Z\d]+\.\d+:$", line[1].text)
            ):
                below = [other for other in lines[index + 1 :] if other[0].y0 > line[0].y1]
                rows = {round(other[0].y0) for other in below}
                if len(rows) < 4:  # wrapped caption line, the head, two rows
                    stranded.append((page.number, " ".join(w.text for w in line)[:40]))
    assert not stranded, f"table captions at a page foot: {stranded}"


def test_a_checks_basis_prints_under_its_row_on_the_same_page():
    """In the technical edition the checks' tables set their "Basis" as a full-width line
    under each row (not as a sixth of the measure), and a page never opens with one."""
    lines = [
        (page.number, " ".join(word.text for word in line))
        for page in pages(edition_pdf("technical"))
        for line in page.lines
    ]
    basis = [number for number, text in lines if text.startswith("Basis:")]
    assert len(basis) > 100, f"only {len(basis)} lines start with 'Basis:'"
    heads = [(n, t) for n, t in lines if re.search(r"\bVerdict Basis\b", t)]
    assert not heads, f"'Basis' is still a column: {heads[:3]}"
    opened = [
        number
        for (number, above), (same, text) in zip(lines, lines[1:], strict=False)
        if same == number and text.startswith("Basis:") and re.search(r"\[-\]$|Verdict$", above)
    ]
    assert not opened, f"pages whose table opens with a row's 'Basis' line: {opened}"


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_widows_and_orphans_are_forbidden(edition):
    log = edition_log(edition)
    found = re.search(r"TVI: widowpenalty=(\d+), clubpenalty=(\d+)", log)
    assert found, "the design's settings were not reported in the log (latex/tviprint.sty)"
    assert int(found.group(1)) >= 10000 and int(found.group(2)) >= 10000


def test_measure_is_80_to_90_characters():
    """Full lines of running text (those that reach the right margin) carry 80-90
    characters, spaces included."""
    box = geometry()
    lengths = []
    for page in pages(edition_pdf("technical")):
        for line in page.lines:
            first, last = line[0], line[-1]
            if abs(first.x0 - box["left"]) < 2 and abs(last.x1 - box["right"]) < 2:
                if all(9 <= w.y1 - w.y0 <= 13 for w in line):  # body text, not tables
                    lengths.append(sum(len(w.text) for w in line) + len(line) - 1)
    assert len(lengths) > 500
    median = statistics.median(lengths)
    assert 80 <= median <= 90, f"median full line {median} characters"


def _text_sizes(pdf_path) -> list[float]:
    """Every font size a (matplotlib) PDF sets its text in [pt], with the text matrix."""
    sizes = []
    reader = PdfReader(pdf_path)
    for page in reader.pages:
        content = ContentStream(page.get_contents(), reader)
        font_size, scale = None, 1.0
        for operands, operator in content.operations:
            if operator == b"Tf":
                font_size = float(operands[1])
            elif operator == b"Tm":
                scale = (float(operands[0]) ** 2 + float(operands[1]) ** 2) ** 0.5
            elif operator in (b"Tj", b"TJ") and font_size is not None:
                sizes.append(font_size * scale)
    return sizes


def test_figures_are_vector_and_no_text_in_them_prints_under_8pt():
    tex = (LATEX / f"{EDITIONS['technical']}.tex").read_text(encoding="utf-8")
    figures = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]+)\}(\.\w+)\}", tex)
    assert figures, "no figures in the technical edition"
    raster = [name + ext for name, ext in figures if ext != ".pdf"]
    assert not raster, f"figures not in vector PDF: {raster}"
    log = edition_log("technical")
    linewidth = float(re.search(r"TVI: .*linewidth=([\d.]+)pt", log).group(1)) * 72 / 72.27
    small = []
    for name, ext in figures:
        path = LATEX / f"{name}{ext}"
        width = float(PdfReader(path).pages[0].mediabox.width)
        scale = min(1.0, linewidth / width)
        sizes = _text_sizes(path)
        assert sizes, f"{path.name}: no text found"
        if min(sizes) * scale < 7.95:
            small.append((path.name[:12], round(min(sizes) * scale, 1)))
    assert not small, f"figure text under 8 pt as printed: {small}"


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_one_type_family(edition):
    """GNU FreeFont for text, headings, code and figures; Latin Modern Math only for the
    maths symbols FreeSerif lacks (letters and digits in maths are FreeSerif)."""
    listing = subprocess.run(
        ["pdffonts", str(edition_pdf(edition))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-Identity")[0] for line in listing}
    others = {n for n in names if not n.startswith(("Free", "LatinModernMath"))}
    assert not others, f"fonts outside the family: {sorted(others)}"
    assert {"FreeSerif", "FreeSans"} <= names
