"""Cut the whole-book PDF into one PDF per chapter and appendix (``make pdf``).

Each part keeps the book's title page (title, author, version, date), then the chapter's
pages, then the bibliography, so that its numbered citations resolve for a client who
reads one chapter alone. Pages come from the whole-book PDF, so numbering, figures and
citation labels are the same as in the book. Chapter boundaries come from the PDF's
bookmarks, matched to each page's first heading.

Usage: ``python tools/split_pdf.py BOOK.pdf OUTDIR``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parent.parent


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def page_titles() -> list[tuple[str, str]]:
    """(stem, title) of every page in the table of contents, in order."""
    toc = (ROOT / "_toc.yml").read_text()
    found = []
    for rel in re.findall(r"file:\s*(\S+)", toc):
        source = ROOT / f"{rel}.md"
        heading = re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.M)
        found.append((Path(rel).name, heading.group(1).strip()))
    return found


def bookmarks(reader: PdfReader) -> list[tuple[str, int]]:
    """Every bookmark's title and 0-based page, depth-first."""
    flat: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return flat


def split(book: Path, outdir: Path) -> list[Path]:
    reader = PdfReader(book)
    marks = bookmarks(reader)
    starts: list[tuple[str, int]] = []
    for stem, title in page_titles():
        pages = [page for mark, page in marks if squash(title) in squash(mark)]
        if pages:
            starts.append((stem, pages[0]))
    biblio = [page for mark, page in marks if squash(mark) == "bibliography"]
    if not biblio:
        raise SystemExit(f"{book}: no 'Bibliography' bookmark; cannot append references")
    starts.sort(key=lambda s: s[1])
    bounds = [page for _, page in starts[1:]] + [biblio[-1]]
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for (stem, first), end in zip(starts, bounds, strict=True):
        if stem in ("intro", "bibliography"):
            continue  # the front page and the references chapter are in every part already
        writer = PdfWriter()
        for index in [0, *range(first, end), *range(biblio[-1], len(reader.pages))]:
            writer.add_page(reader.pages[index])
        writer.add_metadata({"/Title": f"{stem}: {reader.metadata.get('/Title', '')}"})
        target = outdir / f"{stem}.pdf"
        with target.open("wb") as handle:
            writer.write(handle)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in split(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
