"""Sphinx extension: "Cite this" at the foot of every page, as text and as BibTeX.

Each chapter and appendix offers its own citation and the book's; the front page the
book's. Title, authors, release date and the source note come from ``CITATION.cff``; the
version from ``pyproject.toml`` (``[project] version``), so it is typed in one place only.
HTML only.
"""

from __future__ import annotations

import html
import tomllib
from functools import cache
from pathlib import Path

import yaml


@cache
def book_facts(root: Path) -> dict[str, str]:
    """What a citation needs, read from CITATION.cff and pyproject.toml."""
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    note = cff["references"][0]
    note_author = note["authors"][0]
    return {
        "title": cff["title"],
        "authors": " and ".join(a.get("name") or _person(a) for a in cff["authors"]),
        "year": str(cff["date-released"])[:4],
        "date": str(cff["date-released"]),
        "version": version,
        "note_title": note["title"],
        "note_author": f"{note_author['given-names']} {note_author['family-names']}",
        "note_date": str(note["date-published"]),
    }


def _person(author: dict) -> str:
    return f"{author['given-names']} {author['family-names']}"


def _bibtex_text(value: str) -> str:
    return value.replace("&", r"\&")


def citations(facts: dict[str, str], title: str | None, number: str | None, key: str):
    """Text and BibTeX of the book and, given a title, of one of its chapters."""
    f = facts
    based_on = f"based on the technical note by {f['note_author']} ({f['note_date']})"
    book_text = f"{f['authors']} ({f['year']}). {f['title']}, version {f['version']}, {based_on}."
    book_bib = (
        "@book{training-vs-inference-edition,\n"
        f"  author  = {{{{{f['authors']}}}}},\n"
        f"  title   = {{{_bibtex_text(f['title'])}}},\n"
        f"  year    = {{{f['year']}}},\n"
        f"  edition = {{version {f['version']}}},\n"
        f"  note    = {{Executable edition, {based_on}}}\n"
        "}"
    )
    if title is None:
        return [("the book", book_text, book_bib)]
    where = f"chapter {number} of " if number else ""
    chapter_text = (
        f"{f['authors']} ({f['year']}). {title}. In: {where}{f['title']}, "
        f"version {f['version']}, {based_on}."
    )
    chapter_bib = (
        f"@incollection{{training-vs-inference-{key},\n"
        f"  author    = {{{{{f['authors']}}}}},\n"
        f"  title     = {{{_bibtex_text(title)}}},\n"
        f"  booktitle = {{{_bibtex_text(f['title'])}}},\n"
        + (f"  chapter   = {{{number}}},\n" if number else "")
        + f"  year      = {{{f['year']}}},\n"
        f"  edition   = {{version {f['version']}}},\n"
        f"  note      = {{Executable edition, {based_on}}}\n"
        "}"
    )
    return [("this page", chapter_text, chapter_bib), ("the book", book_text, book_bib)]


def add_citation(app, pagename, templatename, context, doctree) -> None:
    # Every page of the book's table of contents, numbered or not (the summary is not).
    in_book = set().union(*app.env.toctree_includes.values()) | {app.config.root_doc}
    if doctree is None or pagename not in in_book:
        return
    facts = book_facts(Path(app.srcdir))
    is_root = pagename == app.config.root_doc
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
    number = ".".join(map(str, app.env.toc_secnumbers.get(pagename, {}).get("", ())))
    key = Path(pagename).name.replace("_", "-")
    blocks = []
    for what, text, bib in citations(facts, None if is_root or not title else title, number, key):
        blocks.append(
            f"<p><strong>Cite {what}:</strong> {html.escape(text)}</p>"
            f"<details><summary>BibTeX for {what}</summary><pre>{html.escape(bib)}</pre></details>"
        )
    context["body"] = (
        context.get("body", "")
        + f'<aside class="cite-this" aria-label="How to cite">{"".join(blocks)}</aside>\n'
    )


def setup(app):
    app.connect("html-page-context", add_citation)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
