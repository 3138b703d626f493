"""Sphinx extension: keep sphinx-tippy's previews whole across incremental builds, and tidy.

sphinx-tippy collects each page's tip targets while the page is written and keeps them on
the build environment, which Sphinx saves before writing: the next incremental build
forgets every page it does not rewrite, so a rewritten chapter loses its previews of the
bibliography and the glossary. This extension saves the collected data beside the
doctrees, merges it back in before sphinx-tippy writes its tip files, and then removes
tip files no page loads (sphinx-tippy names a page's file anew whenever the page is
rewritten) and the empty Wikipedia, DOI and Read the Docs caches (those lookups are off).
It also strips ``id`` attributes from the previews' HTML: a preview is a copy of a figure,
table or entry, and a second element with the same id would break its page's anchors.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

CACHES = ("tippy_wiki_cache.json", "tippy_doi_cache.json", "tippy_rtd_cache.json")
SAVED = "tippy_pages.pickle"
ID_ATTRIBUTE = re.compile(r'\s(?:id|aria-labelledby|aria-describedby)="[^"]*"')


def _pages(app) -> dict:
    if not hasattr(app.env, "tippy_data"):
        app.env.tippy_data = {"pages": {}, "wiki_titles": set()}
    return app.env.tippy_data["pages"]


def restore_tips(app, exception) -> None:
    """Before sphinx-tippy writes: add the pages this build did not rewrite; strip ids."""
    if exception is not None or app.builder.format != "html":
        return
    saved = Path(app.doctreedir, SAVED)
    pages = _pages(app)
    if saved.exists():
        for name, data in pickle.loads(saved.read_bytes()).items():
            if name not in pages and name in app.env.all_docs and Path(data["js_path"]).exists():
                pages[name] = data
    for data in pages.values():
        tips = data["id_to_html"]
        for key, html in tips.items():
            tips[key] = ID_ATTRIBUTE.sub("", html)


def save_and_tidy(app, exception) -> None:
    """After sphinx-tippy wrote: save every page's tips, remove files no page loads."""
    if exception is not None or app.builder.format != "html":
        return
    pages = _pages(app)
    Path(app.doctreedir, SAVED).write_bytes(pickle.dumps(pages))
    current = {Path(page["js_path"]).resolve() for page in pages.values()}
    for tip_file in Path(app.outdir, "_static", "tippy").rglob("*.js"):
        if tip_file.resolve() not in current:
            tip_file.unlink()
    for cache in CACHES:
        Path(app.outdir, cache).unlink(missing_ok=True)


def setup(app):
    app.connect("build-finished", restore_tips, priority=400)  # before sphinx-tippy (500)
    app.connect("build-finished", save_and_tidy, priority=900)  # after it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
