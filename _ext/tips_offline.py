"""Sphinx extension: tidy up after sphinx-tippy so the site holds only what it uses.

sphinx-tippy writes each page's tips to ``_static/tippy/<page>.<uuid>.js`` under a new
name whenever the page is rewritten, and removes the old file only for top-level pages;
it also leaves empty Wikipedia, DOI and Read the Docs caches in the site's root (those
lookups are off here). After it has written the tips, this removes every tip file no page
loads and the three caches.
"""

from __future__ import annotations

from pathlib import Path

CACHES = ("tippy_wiki_cache.json", "tippy_doi_cache.json", "tippy_rtd_cache.json")


def remove_stale_tips(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages = getattr(app.env, "tippy_data", {}).get("pages", {})
    current = {Path(page["js_path"]).resolve() for page in pages.values()}
    for tip_file in Path(app.outdir, "_static", "tippy").rglob("*.js"):
        if tip_file.resolve() not in current:
            tip_file.unlink()
    for cache in CACHES:
        Path(app.outdir, cache).unlink(missing_ok=True)


def setup(app):
    app.connect("build-finished", remove_stale_tips, priority=900)  # after sphinx-tippy's
    return {"parallel_read_safe": True, "parallel_write_safe": True}
