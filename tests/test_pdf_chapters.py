"""The per-chapter PDFs a client receives: a cover, the chapter as the book prints it,
its bookmarks, page labels that match its printed numbers, only the sources it cites,
and no link that leads nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from printed import (
    PDF_DIR,
    bib_titles,
    cited_keys,
    geometry,
    heading,
    manifest,
    pages,
    require,
    squash,
)
from pypdf import PdfReader

from conftest import ROOT

pytestmark = pytest.mark.pdf


def chapter_docs() -> list[str]:
    """Every page of the technical edition except its root and the references page."""
    data = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [c["file"] for part in data["parts"] for c in part["chapters"]]
    return [d for d in docs if d != "book/bibliography"]


def chapter_pdf(doc: str) -> Path:
    return require(PDF_DIR / "chapters" / f"{Path(doc).name}.pdf")


def label_of(doc: str) -> str:
    entry = next(p for p in manifest()["pages"] if p["docname"] == doc)
    return entry["label"]


DOCS = chapter_docs()


def test_one_pdf_per_chapter_and_appendix():
    stems = {p.stem for p in (PDF_DIR / "chapters").glob("*.pdf")}
    assert stems == {Path(d).name for d in DOCS}


@pytest.mark.parametrize("doc", DOCS)
def test_cover_names_the_chapter_and_the_book(doc):
    cover = squash(pages(chapter_pdf(doc))[0].text())
    assert squash(heading(doc)) in cover
    assert squash(label_of(doc)) in cover
    assert squash("AI training versus AI inference: the technical foundations") in cover
    assert "davidleitch" in cover


@pytest.mark.parametrize("doc", DOCS)
def test_file_starts_at_its_chapter_title(doc):
    second = pages(chapter_pdf(doc))[1].text()
    expected = squash(f"{label_of(doc)} {heading(doc)}")
    assert squash(second).startswith(expected), second[:80]


@pytest.mark.parametrize("doc", DOCS)
def test_bookmarks(doc):
    reader = PdfReader(chapter_pdf(doc))
    flat = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    titles = [t for t, _ in flat]
    assert titles[0] == "Cover"
    assert any(squash(heading(doc)) in squash(t) for t in titles)
    assert all(0 <= page < len(reader.pages) for _, page in flat)
    source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    sections = len(re.findall(r"^## ", source, re.M))
    if re.search(r"^print: introduction-only$", source, re.M):
        sections = 0  # its sections stay on the site (book/api)
    assert len(flat) >= 2 + min(sections, 1)


@pytest.mark.parametrize("doc", DOCS)
def test_page_labels_match_the_printed_numbers(doc):
    path = chapter_pdf(doc)
    labels = PdfReader(path).page_labels
    box = geometry()
    assert labels[0] == "Cover"
    for page, label in zip(pages(path)[1:], labels[1:], strict=True):
        margins = [w.text for w in page.words if w.y1 <= box["top"] or w.y0 >= box["bottom"]]
        assert label in margins, f"{path.name} page {page.number}: label {label}, prints {margins}"


@pytest.mark.parametrize("doc", DOCS)
def test_only_the_references_it_cites(doc):
    path = chapter_pdf(doc)
    labels = PdfReader(path).page_labels
    refs = "\n".join(
        p.text() for p, label in zip(pages(path), labels, strict=True) if label.startswith("R")
    )
    cited = cited_keys([doc])
    missing = [k for k, title in bib_titles().items() if k in cited and title not in squash(refs)]
    assert not missing, f"cited but not listed: {missing}"
    assert len(set(re.findall(r"^\[(\d+)\]", refs, re.M))) == len(cited)


def _named_dests(reader: PdfReader) -> set[str]:
    return set(reader.named_destinations)


@pytest.mark.parametrize("doc", DOCS)
def test_no_dead_links(doc):
    """Every link lands: inside the file, in the book's PDF (which must have the place),
    or on the web."""
    path = chapter_pdf(doc)
    reader = PdfReader(path)
    own = _named_dests(reader)
    books: dict[Path, set[str]] = {}
    dead, links = [], 0
    for number, page in enumerate(reader.pages, 1):
        for ref in page.get("/Annots", []) or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            links += 1
            action = annotation.get("/A")
            action = action.get_object() if action is not None else {}
            kind = action.get("/S")
            if kind == "/URI":
                assert str(action["/URI"]).startswith(("http://", "https://"))
            elif kind == "/GoToR":
                target = (path.parent / str(action["/F"])).resolve()
                if target not in books:
                    books[target] = _named_dests(PdfReader(require(target)))
                if str(action["/D"]) not in books[target]:
                    dead.append((number, "book", str(action["/D"])))
            else:
                dest = action.get("/D", annotation.get("/Dest"))
                if isinstance(dest, str) and dest not in own:
                    dead.append((number, "here", dest))
                elif dest is None:
                    dead.append((number, "no target", ""))
    assert links > 0
    assert not dead, f"{path.name}: {len(dead)} dead links of {links}, e.g. {dead[:5]}"
