"""Sphinx extension: under every figure, its data (CSV), its sources and method, its images.

``analysis.style.show(fig, alt, data=..., sources=[...], method="...")`` stores the plotted
frame as CSV, with its bib keys and method, in the metadata of the figure's output
(key ``figure_data``). This extension reads the executed notebook of
each page it writes, copies each figure's CSV, SVG and PNG to ``_build/html/figures/`` and
puts a line of download links and a "Sources and method" disclosure under the caption.
It also marks figure images for the dark theme (``reader.css`` renders them inverted,
instead of the theme's dimming on a light card). HTML only: the PDF is untouched.
"""

from __future__ import annotations

import base64
import codecs
import html
import json
from functools import cache
from pathlib import Path

from docutils import nodes

KEY = "figure_data"
STATIC = Path(__file__).parent / "static"
FIGURES_DIR = "figures"
#: Classes of figure images: the theme leaves ``dark-light`` alone; reader.css inverts.
IMAGE_CLASSES = ("dark-light", "figure-invertible")


@cache
def _bibliography(path: Path) -> dict[str, str]:
    """Short labels of the bibliography's entries: 'Kaplan et al. (2020), Title'."""
    from pybtex.database import parse_file

    labels = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = entry.persons.get("author", [])
        if people:
            who = " ".join(people[0].last_names) or str(people[0])
            who += " et al." if len(people) > 1 else ""
        else:
            who = entry.fields.get("organization") or entry.fields.get("publisher") or key
        year = entry.fields.get("year", "n.d.")
        title = entry.fields.get("title", "")
        # bibliography fields are LaTeX ('{\\&}'); the page shows them as text
        labels[key] = (
            codecs.decode(f"{who} ({year}), {title}", "ulatex").replace("{", "").replace("}", "")
        )
    return labels


def figure_outputs(notebook: Path) -> dict[str, dict]:
    """Figure name -> its output bundle (image data and, when given, the figure data)."""
    found = {}
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
        if not name:
            continue
        for output in cell.get("outputs", []):
            if "image/svg+xml" in output.get("data", {}):
                found[name] = {**output["data"], KEY: output.get("metadata", {}).get(KEY)}
    return found


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def write_files(bundle: dict, name: str, target: Path) -> list[tuple[str, str]]:
    """Write ``name``.csv/.svg/.png into ``target``; return (file, label) pairs."""
    target.mkdir(parents=True, exist_ok=True)
    files = []
    payload = bundle.get(KEY)
    if payload:
        (target / f"{name}.csv").write_text(payload["csv"], encoding="utf-8")
        rows = payload["csv"].count("\n") - 1
        columns = payload["csv"].split("\n", 1)[0].count(",") + 1
        files.append((f"{name}.csv", f"data (CSV, {rows} rows × {columns} columns)"))
    (target / f"{name}.svg").write_text(_text(bundle["image/svg+xml"]), encoding="utf-8")
    files.append((f"{name}.svg", "image (SVG)"))
    if "image/png" in bundle:
        (target / f"{name}.png").write_bytes(base64.b64decode(_text(bundle["image/png"])))
        files.append((f"{name}.png", "image (PNG, 200 dpi)"))
    return files


def extras_html(app, docname: str, name: str, bundle: dict, number: str) -> str:
    up = "../" * docname.count("/")
    files = write_files(bundle, name, Path(app.outdir) / FIGURES_DIR)
    links = " · ".join(
        f'<a href="{up}{FIGURES_DIR}/{f}" download>{label}</a>' for f, label in files
    )
    parts = [f'<p class="figure-downloads">Download {number}: {links}</p>']
    payload = bundle.get(KEY)
    if payload:
        bib = _bibliography(Path(app.srcdir) / app.config.bibtex_bibfiles[0])
        sources = "; ".join(
            f'<a href="{up}book/bibliography.html#cite-{key}">{html.escape(bib.get(key, key))}</a>'
            for key in payload["sources"]
        )
        columns = html.escape(", ".join(payload["csv"].split("\n", 1)[0].split(",")))
        parts.append(
            "<details class='figure-provenance'>"
            f"<summary>Sources and method of {number}</summary>"
            f"<p><strong>Sources:</strong> {sources}.</p>"
            f"<p><strong>Method:</strong> {html.escape(payload['method'])}</p>"
            f"<p><strong>Columns of the CSV:</strong> {columns}.</p>"
            "</details>"
        )
    return f'<div class="figure-extras" id="{name}-data">{"".join(parts)}</div>'


def add_figure_extras(app, doctree, docname: str) -> None:
    if app.builder.format != "html":
        return
    notebook = Path(app.srcdir) / f"{docname}.ipynb"
    if not notebook.exists():
        return
    outputs = figure_outputs(notebook)
    numbers = app.env.toc_fignumbers.get(docname, {}).get("figure", {})
    for figure in list(doctree.findall(nodes.figure)):
        name = next((i for i in figure["ids"] if i in outputs), None)
        if name is None:
            continue
        for image in figure.findall(nodes.image):
            image["classes"].extend(c for c in IMAGE_CLASSES if c not in image["classes"])
        number = "Fig. " + ".".join(map(str, numbers[name])) if name in numbers else "figure"
        extras = extras_html(app, docname, name, outputs[name], number)
        figure.parent.insert(figure.parent.index(figure) + 1, nodes.raw("", extras, format="html"))


def add_static_path(app, config) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("config-inited", add_static_path)
    app.connect("doctree-resolved", add_figure_extras)
    app.add_css_file("reader.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
