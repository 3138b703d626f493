"""Sphinx extension: the printed editions of the book, written by one LaTeX build.

``print_editions`` in ``_config.yml`` lists the editions; each is a table of contents
(``_toc.yml`` for the technical edition, ``_toc_client.yml`` for the client edition) and a
target name. One Sphinx run reads every page once and writes, into ``_build/latex``:

- one ``.tex`` per edition, assembled from its table of contents: the root page as an
  unnumbered opening chapter, then each part of the TOC as numbered chapters, lettered
  appendices (a part captioned "Appendices") or unnumbered back matter (``numbered:
  false``). Only the sources the edition cites are listed, inside its references page.
  A reference to a page the edition leaves out prints as text naming where it is in the
  technical edition.
- ``<first target>-parts.tex``: for each page of the first edition, a cover and the list
  of the sources it cites; ``tools/split_pdf.py`` joins them to the page's chapter.
- ``print-manifest.json``: what split_pdf needs (pages, titles, numbers, files).

The edition's version is pyproject's; its date, the note's date and the note's author
come from ``CITATION.cff`` (one place each).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import print_transforms
from docutils import nodes
from docutils.frontend import OptionParser
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.latex.nodes import thebibliography
from sphinx.util import texescape
from sphinx.util.docutils import SphinxFileOutput
from sphinx.util.osutil import SEP
from sphinx.writers.latex import LaTeXWriter
from sphinx_external_toc.parsing import parse_toc_yaml

ROOT_TITLE_IN_PRINT = "About this book"
MONTHS = "January February March April May June July August September October November December"


def _tex(text: str) -> str:
    return texescape.escape(text, "xelatex")


def _long_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{MONTHS.split()[month - 1]} {day}, {year}"


def edition_facts(srcdir: Path) -> dict[str, str]:
    """Version (pyproject), release date, note date and author (CITATION.cff)."""
    version = tomllib.loads((srcdir / "pyproject.toml").read_text())["project"]["version"]
    cff = (srcdir / "CITATION.cff").read_text(encoding="utf-8")
    released = re.search(r"^date-released:\s*(\S+)", cff, re.M)
    published = re.search(r"^\s+date-published:\s*(\S+)", cff, re.M)
    given = re.search(r"given-names:\s*(.+)", cff)
    family = re.search(r"family-names:\s*(.+)", cff)
    if not (released and published and given and family):
        raise ValueError(
            f"{srcdir / 'CITATION.cff'}: needs date-released and the note's "
            "reference (date-published, given-names, family-names)"
        )
    return {
        "version": version,
        "released": released.group(1).strip("'\""),
        "note_date": _long_date(published.group(1).strip("'\"")),
        "author": f"{given.group(1).strip()} {family.group(1).strip()}",
    }


class Edition:
    """One printed edition: its table of contents and where each page sits in it."""

    def __init__(self, srcdir: Path, spec: dict[str, str]) -> None:
        self.spec = spec
        self.target = spec["target"]
        self.name = spec["name"]
        sitemap = parse_toc_yaml(srcdir / spec["toc"])
        self.root = sitemap.root.docname
        self.parts: list[tuple[str, str, list[str]]] = []  # (kind, caption, docnames)
        seen_main = False
        for tree in sitemap.root.subtrees:
            caption = tree.caption or ""
            if caption.lower().startswith("appendi"):
                kind = "appendix"
            elif tree.numbered:
                kind = "main"
            else:
                kind = "back" if seen_main else "front"
            seen_main |= kind == "main"
            self.parts.append((kind, caption, self._walk(sitemap, list(tree.items))))
        self.docnames = {self.root, *(d for _, _, docs in self.parts for d in docs)}
        self.labels = self._labels()

    @staticmethod
    def _walk(sitemap, items: list) -> list[str]:
        found = []
        for item in items:
            name = str(item)
            if name in sitemap:
                found.append(name)
                for sub in sitemap[name].subtrees:
                    found.extend(Edition._walk(sitemap, list(sub.items)))
        return found

    def _labels(self) -> dict[str, str]:
        """'Chapter 3', 'Appendix B' or '' for each page, as LaTeX will number it."""
        labels, chapter, appendix = {self.root: ""}, 0, 0
        for kind, _, docs in self.parts:
            for doc in docs:
                if kind == "main":
                    chapter += 1
                    labels[doc] = f"Chapter {chapter}"
                elif kind == "appendix":
                    labels[doc] = f"Appendix {chr(ord('A') + appendix)}"
                    appendix += 1
                else:
                    labels[doc] = ""
        return labels


def clean(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex, format="latex")


class PrintLaTeXBuilder(LaTeXBuilder):
    """The LaTeX builder, writing one document per edition plus the per-chapter parts."""

    @property
    def book_title(self) -> str:
        """The book's title (_config.yml ``title``, which Jupyter Book passes to LaTeX)."""
        return self.config.latex_documents[0][2] or self.config.html_title

    def editions(self) -> list[Edition]:
        srcdir = Path(self.srcdir)
        return [Edition(srcdir, spec) for spec in self.config.print_editions]

    def write(self, *ignored: Any) -> None:
        editions = self.editions()
        if not editions:
            return super().write(*ignored)
        docwriter = LaTeXWriter(self)
        docsettings: Any = OptionParser(
            defaults=self.env.settings, components=(docwriter,), read_config_files=True
        ).get_default_values()
        self.init_document_data()
        self.write_stylesheet()
        self.copy_assets()
        facts = edition_facts(Path(self.srcdir))
        base_preamble = self.context.get("preamble", "")
        full = editions[0]
        for edition in editions:
            missing = edition.docnames - set(self.env.all_docs)
            if missing:
                raise ValueError(
                    f"{edition.spec['toc']} lists {sorted(missing)}, which the book does not "
                    "build: add them to _toc.yml too (the technical edition keeps every page)"
                )
            tree = self.assemble_edition(edition, full)
            self.write_one(docwriter, docsettings, tree, edition, facts, base_preamble, True)
            if edition is full:
                citations = self._bibliography_of(tree)
        parts = self.assemble_parts(full, citations)
        self.write_one(docwriter, docsettings, parts, full, facts, base_preamble, False)
        self.write_manifest(editions, facts)

    # -- assembly ----------------------------------------------------------------------------
    def _inline(self, docname: str, edition: Edition) -> addnodes.start_of_file:
        tree = self.env.get_doctree(docname).deepcopy()
        print_transforms.keep_introduction_only(self.env, docname, tree)
        for toctree in list(tree.findall(addnodes.toctree)):
            toctree.parent.remove(toctree)
        sof = addnodes.start_of_file(docname=docname)
        sof.children = tree.children
        for child in sof.children:
            child.parent = sof
        for section in sof.findall(nodes.section):
            section.setdefault("docname", docname)
        top = next(iter(sof.findall(nodes.section)), None)
        if top is not None:
            title = top.next_node(nodes.title)
            if docname == edition.root and title.astext() == self.book_title:
                title.children = [nodes.Text(ROOT_TITLE_IN_PRINT)]
            title.parent.insert(title.parent.index(title) + 1, _raw(rf"\tvidocstart{{{docname}}}"))
        return sof

    def assemble_edition(self, edition: Edition, full: Edition) -> nodes.document:
        self.docnames = set(edition.docnames)
        document = new_document("<latex output>")
        top = nodes.section()
        top += nodes.title(self.book_title, self.book_title)  # the title page's
        document += top
        top += _raw(r"\tvipart{front}{}")
        top += self._inline(edition.root, edition)
        for kind, caption, docs in edition.parts:
            if len(docs) == 1 and clean(self.env.titles[docs[0]].astext()) == clean(caption):
                caption = ""  # a part of one page named like it: no heading in the contents
            top += _raw(rf"\tvipart{{{kind}}}{{{_tex(caption)}}}")
            for docname in docs:
                top += self._inline(docname, edition)
        document["docname"] = edition.root
        column = edition.spec.get("drop_tables_with_column")
        if column:  # the client edition keeps the findings, not the checks' inventories
            dropped = print_transforms.drop_tables_with_column(document, column)
            print_transforms.refer_to_dropped(self, document, dropped, full)
        print_transforms.refer_outside(self, document, edition, full)
        everything = edition.spec.get("references", "all") == "all"
        keep = None if everything else print_transforms.cited_in(self, document)
        self.env.resolve_references(document, edition.root, self)
        print_transforms.place_bibliography(self, document, keep)
        del document["docname"]  # the root page's start_of_file carries its label
        return document

    def _cited(self, docnames: set[str]) -> set[str]:
        domain = self.env.get_domain("cite")
        return {
            target.key
            for ref in domain.citation_refs
            if ref.docname in docnames
            for target in ref.targets
        }

    def _bibliography_of(self, tree: nodes.document) -> dict[str, nodes.citation]:
        domain = self.env.get_domain("cite")
        by_id = {citation.citation_id: citation.key for citation in domain.citations}
        found = {}
        for citation in tree.findall(nodes.citation):
            key = by_id.get(citation["ids"][0]) if citation["ids"] else None
            if key:
                found[key] = citation
        return found

    def assemble_parts(self, full: Edition, citations: dict[str, nodes.citation]):
        """Covers and per-page reference lists of the technical edition's pages."""
        self.docnames = set(full.docnames)
        document = new_document("<latex output>")
        top = nodes.section()
        top += nodes.title(self.book_title, self.book_title)
        document += top
        where = next(
            (
                f" ({full.labels[d]})"
                for d in full.labels
                if self._hosts_bibliography(d) and full.labels[d]
            ),
            "",
        )
        numbered_as = _tex(f"Numbered as in the book's reference list{where}.")
        for _, _, docs in full.parts:
            for docname in docs:
                if self._hosts_bibliography(docname):
                    continue
                title = self.env.titles[docname].astext()
                top += _raw(
                    rf"\tvichaptercover{{{docname}}}{{{full.labels[docname]}}}{{{_tex(title)}}}"
                )
                cited = self._cited({docname})
                entries = [c.deepcopy() for key, c in citations.items() if key in cited]
                if entries:
                    top += _raw(rf"\tvichapterrefs{{{docname}}}{{{numbered_as}}}")
                    bibliography = thebibliography()
                    bibliography.extend(entries)
                    top += bibliography
                top += _raw(rf"\tvipartsend{{{docname}}}")
        return document  # its citations were resolved with the technical edition

    def _hosts_bibliography(self, docname: str) -> bool:
        domain = self.env.get_domain("cite")
        return any(key.docname == docname for key in domain.bibliographies)

    # -- writing -----------------------------------------------------------------------------
    def write_one(self, docwriter, docsettings, tree, edition, facts, base_preamble, is_book):
        target = edition.target + ("" if is_book else "-parts")
        title = self.book_title
        author = facts["author"]
        theme = self.themes.get("manual")
        tree["docclass"] = theme.docclass
        tree["contentsname"] = "Contents"
        tree["tocdepth"] = 1
        self.post_process_images(tree)
        self.update_doc_context(_tex(title), _tex(author), theme)
        self.update_context()
        spec = edition.spec
        defs = {
            "tvieditionname": spec["name"],
            "tvieditionblurb": spec.get("blurb", ""),
            "tvisubtitle": self.config.print_subtitle,
            "tviversion": facts["version"],
            "tvireleasedate": _long_date(facts["released"]),
            "tvinotedate": facts["note_date"],
            "tviauthor": author,
            "tvicitenote": f"{facts['author'].split()[-1]}, {facts['author'].split()[0][0]}. "
            f"({facts['note_date'][-4:]}). {title}. Technical note, {facts['note_date']}.",
            "tviciteedition": f"{title} ({spec['name'].lower()} of the executable edition), "
            f"version {facts['version']}, {_long_date(facts['released'])}.",
            "tvibibnote": spec.get("bibnote", ""),
        }
        lines = [
            rf"\providecommand{{\{k}}}{{}}\renewcommand{{\{k}}}{{{_tex(v)}}}"
            for k, v in defs.items()
        ]
        self.context["preamble"] = base_preamble + "\n" + "\n".join(lines) + "\n"
        self.context["maketitle"] = r"\tvimaketitle" if is_book else ""
        self.context["tableofcontents"] = r"\tvitableofcontents" if is_book else ""
        destination = SphinxFileOutput(
            destination_path=str(Path(self.outdir) / f"{target}.tex"),
            encoding="utf-8",
            overwrite_if_changed=True,
        )
        docsettings._author = author
        docsettings._title = title
        docsettings._contentsname = "Contents"
        docsettings._docname = edition.root
        docsettings._docclass = theme.name
        tree.settings = docsettings
        docwriter.theme = theme
        docwriter.write(tree, destination)

    def write_manifest(self, editions: list[Edition], facts: dict[str, str]) -> None:
        full = editions[0]
        pages = []
        for _, _, docs in full.parts:
            for docname in docs:
                if self._hosts_bibliography(docname):
                    continue
                pages.append(
                    {
                        "docname": docname,
                        "stem": docname.split(SEP)[-1],
                        "label": full.labels[docname],
                        "title": self.env.titles[docname].astext(),
                        "cites": len(self._cited({docname})),
                    }
                )
        manifest = {
            "title": self.book_title,
            "version": facts["version"],
            "editions": [{"target": e.target, "name": e.name} for e in editions],
            "book": full.target,
            "parts": f"{full.target}-parts",
            "pages": pages,
        }
        path = Path(self.outdir) / "print-manifest.json"
        path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _register_nd_style() -> None:
    """pybtex's plain style, printing "n.d." where an entry has no year."""
    from copy import copy

    from pybtex.plugin import find_plugin, register_plugin

    plain = find_plugin("pybtex.style.formatting", "plain")

    class PlainNoDate(plain):
        def format_entry(self, label, entry, bib_data=None):
            if "year" not in entry.fields:
                entry = copy(entry)
                entry.fields = type(entry.fields)(entry.fields)
                entry.fields["year"] = "n.d."
            return super().format_entry(label, entry, bib_data=bib_data)

    try:
        register_plugin("pybtex.style.formatting", "plain_nd", PlainNoDate)
    except Exception:  # already registered in this process (a second Sphinx run)
        pass


def setup(app):
    _register_nd_style()
    app.add_config_value("print_editions", [], "env")
    app.add_config_value("print_subtitle", "", "env")
    app.add_builder(PrintLaTeXBuilder, override=True)
    print_transforms.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
