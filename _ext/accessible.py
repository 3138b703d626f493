"""Sphinx extension: fixes so that every page passes an axe-core audit.

- The theme's search button is labelled "Search" but shows "Search Ctrl+K", and its
  colour-mode button holds titled icons: an accessible name must contain the visible text
  (WCAG 2.5.3). ``templates/`` overrides the two buttons.
- sphinxcontrib-bibtex marks the bibliography ``role="list"`` around entries whose role is
  ``doc-biblioentry``, which a list may not contain (axe: aria-required-children). The
  list role is dropped; each entry keeps its own.
- myst-nb labels the summary of a hidden output "Toggle hidden content" while it shows
  "Show code cell output": the label goes, the visible text names it.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app, config) -> None:
    config.templates_path.insert(0, str(TEMPLATES))


FIXES = (
    ('role="list" class="citation-list"', 'class="citation-list"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)


def fix_body(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    for old, new in FIXES:
        body = body.replace(old, new)
    context["body"] = body


def setup(app):
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", fix_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
