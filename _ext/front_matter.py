"""Sphinx extension: pages before the chapters stay unnumbered in the PDF.

The website numbers only the parts of the table of contents marked ``numbered``, so the
summary page that precedes chapter 1 carries no number there. LaTeX numbers every
chapter it is given; left alone, the summary would become chapter 1 and shift the
chapters that mirror the note's sections. When the LaTeX builder has written the book,
the summary's ``\\chapter`` becomes ``\\chapter*`` with its own contents line and bookmark.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Documents that precede the numbered chapters.
UNNUMBERED = ("book/summary",)


def unnumber(app, exception) -> None:
    if exception is not None or app.builder.name != "latex":
        return
    for document in app.config.latex_documents:
        tex = Path(app.outdir) / document[1]
        text = tex.read_text(encoding="utf-8")
        for docname in UNNUMBERED:
            pattern = re.compile(
                r"\\chapter\{([^\n]*)\}\n(\\label\{\\detokenize\{" + re.escape(docname) + r":)"
            )
            text = pattern.sub(
                lambda m: (
                    "\\chapter*{" + m.group(1) + "}\\phantomsection"
                    "\\addcontentsline{toc}{chapter}{" + m.group(1) + "}\n" + m.group(2)
                ),
                text,
                count=1,
            )
        tex.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("build-finished", unnumber)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
