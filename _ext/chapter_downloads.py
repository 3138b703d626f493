"""Sphinx extension: download links on every executable page; an offline-clean page.

Each chapter and computed appendix gets a line of links at its top: the executed notebook
(.ipynb), its MyST Markdown source (.md), the chapter's PDF and the PDFs of both printed
editions (``print_editions`` in ``_config.yml``: the technical and the client edition);
the front page gets the editions' links. The sources are copied into
``_build/html/downloads/`` when the HTML build finishes; ``make pdf`` copies the editions
into ``_build/html/pdf/`` and the chapter PDFs into ``_build/html/pdf/chapters/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

BOOK_PDF = "training-vs-inference.pdf"


def edition_links(app, up: str) -> list[tuple[str, str]]:
    """(href, label) of each printed edition's PDF, technical first."""
    editions = getattr(app.config, "print_editions", None) or [
        {"target": BOOK_PDF.removesuffix(".pdf"), "name": "Whole book"}
    ]
    return [(f"{up}pdf/{e['target']}.pdf", f"{e['name'].lower()} (PDF)") for e in editions]


def _is_executable_page(app, pagename: str) -> bool:
    source = Path(app.srcdir) / f"{pagename}.md"
    return source.exists() and source.with_suffix(".ipynb").exists()


def offline_page(app, pagename, templatename, context, doctree) -> None:
    """Drop the Thebe live-kernel scripts (they point at a CDN and are included twice,
    which raises a console error) and give the theme a valid default colour mode."""
    context["script_files"] = [
        js
        for js in context.get("script_files", [])
        if "thebe" not in str(js) and "THEBE" not in getattr(js, "attributes", {}).get("body", "")
    ]
    context["default_mode"] = context.get("default_mode") or "auto"


def add_links(app, pagename, templatename, context, doctree) -> None:
    if doctree is None:
        return
    up = "../" * pagename.count("/")
    if pagename == app.config.root_doc:
        links = edition_links(app, up)
    elif _is_executable_page(app, pagename):
        stem = Path(pagename).name
        links = [
            (f"{up}downloads/{stem}.ipynb", "notebook (.ipynb)"),
            (f"{up}downloads/{stem}.md", "source (.md)"),
            (f"{up}pdf/chapters/{stem}.pdf", "this chapter (PDF)"),
            *edition_links(app, up),
        ]
    else:
        return
    anchors = " · ".join(f'<a href="{href}" download>{label}</a>' for href, label in links)
    html = f'<p class="chapter-downloads">Download: {anchors}</p>\n'
    context["body"] = html + context.get("body", "")


def copy_sources(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "downloads"
    target.mkdir(exist_ok=True)
    for docname in app.env.found_docs:
        if _is_executable_page(app, docname):
            source = Path(app.srcdir) / f"{docname}.md"
            for suffix in (".md", ".ipynb"):
                shutil.copy2(source.with_suffix(suffix), target / f"{source.stem}{suffix}")


def setup(app):
    app.connect("html-page-context", offline_page)
    app.connect("html-page-context", add_links)
    app.connect("build-finished", copy_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
