"""Cut the technical edition into one PDF per chapter and appendix (``make pdf``).

Each file is: a cover naming the chapter and the book, then the chapter's pages exactly as
the book prints them (same page numbers, figures and citation numbers), then the list of
the sources that chapter cites. The LaTeX build (``_ext/print_edition.py``) writes what
this needs into the LaTeX folder: ``print-manifest.json`` (the chapters), ``<book>.pages``
and ``<book>-parts.pages`` (where each chapter, cover and reference list starts) and
``<book>-parts.pdf`` (the covers and reference lists).

Each file carries the chapter's bookmarks and page labels that match its printed numbers
(the cover is "Cover", the reference pages R1, R2...). Links stay live: a link into the
chapter or to a source it cites stays inside the file; a link elsewhere in the book opens
the book's PDF (``../training-vs-inference.pdf`` by default) at that place.

Usage: ``python tools/split_pdf.py LATEX_DIR BOOK.pdf OUTDIR [--book-link PATH]``
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    BooleanObject,
    Destination,
    DictionaryObject,
    Fit,
    NameObject,
    TextStringObject,
)


def page_marks(path: Path) -> dict[str, int]:
    """``"start notebooks/01_workloads" -> 0-based page`` from a ``.pages`` file."""
    marks: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, *rest = line.split()
        if kind in ("start", "cover", "refs", "end") and len(rest) >= 2:
            marks.setdefault(f"{kind} {rest[0]}", int(rest[1]) - 1)
    return marks


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Every bookmark as (depth, title, 0-based page), in order."""
    flat: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return flat


def _dest_name(annotation: DictionaryObject) -> str | None:
    action = annotation.get("/A")
    if action is not None:
        action = action.get_object()
        if action.get("/S") == "/GoTo" and isinstance(action.get("/D"), str):
            return str(action["/D"])
        return None
    dest = annotation.get("/Dest")
    return str(dest) if isinstance(dest, str) else None


class Chapter:
    """One chapter's file: cover, pages and reference list, cut from the two PDFs."""

    def __init__(self, book: PdfReader, parts: PdfReader, book_link: str) -> None:
        self.book, self.parts, self.book_link = book, parts, book_link
        self.book_dests = {
            name: book.get_destination_page_number(d) for name, d in book.named_destinations.items()
        }
        self.parts_dests = {
            name: parts.get_destination_page_number(d)
            for name, d in parts.named_destinations.items()
        }

    def write(
        self, target: Path, page: dict, pages: range, cover: int, refs: range, title: str
    ) -> None:
        writer = PdfWriter()
        sources = [(self.parts, cover)] + [(self.book, i) for i in pages]
        sources += [(self.parts, i) for i in refs]
        new_index = {}
        for position, (reader, index) in enumerate(sources):
            writer.add_page(reader.pages[index])
            new_index[(id(reader), index)] = position
        self._relink(writer, pages, refs, new_index)
        self._bookmarks(writer, page, pages, refs)
        first = int(self.book.page_labels[pages.start])
        writer.set_page_label(0, 0, prefix="Cover")
        writer.set_page_label(1, len(pages), style="/D", start=first)
        if refs:
            writer.set_page_label(len(pages) + 1, len(sources) - 1, style="/D", prefix="R")
        label = f"{page['label']}: " if page["label"] else ""
        writer.add_metadata(
            {
                "/Title": f"{label}{page['title']} ({title})",
                "/Author": self.book.metadata.get("/Author", ""),
            }
        )
        with target.open("wb") as handle:
            writer.write(handle)

    def _relink(self, writer: PdfWriter, pages: range, refs: range, new_index) -> None:
        """Keep links that land in this file; send the others into the book's PDF."""
        kept: dict[str, tuple[PdfReader, int]] = {}
        for name, index in self.parts_dests.items():
            if index in refs:
                kept[name] = (self.parts, new_index[(id(self.parts), index)])
        for name, index in self.book_dests.items():
            if index in pages:
                kept[name] = (self.book, new_index[(id(self.book), index)])
        for new_page in writer.pages:
            annots = new_page.get("/Annots")
            if annots is None:
                continue
            annots = annots.get_object()
            for ref in list(annots):
                annotation = ref.get_object()
                if annotation.get("/Subtype") != "/Link" or "/URI" in annotation.get("/A", {}):
                    continue
                name = _dest_name(annotation)
                if name in kept:
                    continue
                if name in self.book_dests:
                    annotation[NameObject("/A")] = DictionaryObject(
                        {
                            NameObject("/S"): NameObject("/GoToR"),
                            NameObject("/F"): TextStringObject(self.book_link),
                            NameObject("/D"): TextStringObject(name),
                            NameObject("/NewWindow"): BooleanObject(False),
                        }
                    )
                    if "/Dest" in annotation:
                        del annotation["/Dest"]
                else:  # it would lead nowhere: drop the link, keep the text
                    annots.remove(ref)
        for name, (source, position) in sorted(kept.items()):
            dest = source.named_destinations[name]
            fit = Fit(
                dest.typ,
                tuple(dest[key] for key in ("/Left", "/Top", "/Zoom") if key in dest)
                if dest.typ == "/XYZ"
                else (),
            )
            writer.add_named_destination_object(
                Destination(name, writer.pages[position].indirect_reference, fit)
            )

    def _bookmarks(self, writer: PdfWriter, page: dict, pages: range, refs: range) -> None:
        writer.add_outline_item("Cover", 0)
        parents: dict[int, object] = {}
        entries = [e for e in outline(self.book) if e[2] in pages]
        top = min((depth for depth, _, _ in entries), default=0)
        for depth, text, index in entries:
            level = depth - top
            parent = parents.get(level - 1) if level > 0 else None
            parents[level] = writer.add_outline_item(text, index - pages.start + 1, parent=parent)
        if refs:
            writer.add_outline_item("References cited in this chapter", len(pages) + 1)


def split(latex: Path, book_pdf: Path, outdir: Path, book_link: str) -> list[Path]:
    manifest = json.loads((latex / "print-manifest.json").read_text(encoding="utf-8"))
    book = PdfReader(book_pdf)
    parts = PdfReader(latex / f"{manifest['parts']}.pdf")
    starts = page_marks(latex / f"{manifest['book']}.pages")
    marks = page_marks(latex / f"{manifest['parts']}.pages")
    order = sorted(
        (index, key.split(" ", 1)[1]) for key, index in starts.items() if key.startswith("start ")
    )
    ends = {doc: nxt for (_, doc), (nxt, _) in zip(order, order[1:], strict=False)}
    covers = sorted(index for key, index in marks.items() if key.startswith("cover "))
    chapter = Chapter(book, parts, book_link)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for page in manifest["pages"]:
        doc = page["docname"]
        if f"start {doc}" not in starts or f"cover {doc}" not in marks:
            raise SystemExit(f"{latex}: no page marks for {doc}; rebuild with make pdf")
        pages = range(starts[f"start {doc}"], ends.get(doc, len(book.pages)))
        cover = marks[f"cover {doc}"]
        later = [i for i in covers if i > cover] + [len(parts.pages)]
        end = min([marks.get(f"end {doc}", len(parts.pages)), later[0]])
        refs = range(marks[f"refs {doc}"], end) if f"refs {doc}" in marks else range(0)
        target = outdir / f"{page['stem']}.pdf"
        chapter.write(target, page, pages, cover, refs, manifest["title"])
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("latex", type=Path, help="the LaTeX build folder (_build/latex)")
    parser.add_argument("book", type=Path, help="the technical edition's PDF")
    parser.add_argument("outdir", type=Path, help="where the chapter PDFs go")
    parser.add_argument(
        "--book-link",
        default="../training-vs-inference.pdf",
        help="the book's PDF as seen from OUTDIR (for cross-chapter links)",
    )
    args = parser.parse_args()
    for path in split(args.latex, args.book, args.outdir, args.book_link):
        print(path)


if __name__ == "__main__":
    main()
