"""Behind every figure of the site: its data as CSV (units in the headers), its sources and
method, and the figure as SVG and PNG, all linked under its caption; each CSV holds what
the figure plots (issue 19)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_site import toc_pages

from conftest import ROOT

pytestmark = pytest.mark.build

FIGURE = re.compile(r'<figure[^>]*id="(fig-[^"]+)"')


def figure_pages() -> list[str]:
    return [rel for rel in toc_pages() if (ROOT / rel).with_suffix(".ipynb").exists()]


def notebook_figures(rel: str) -> dict[str, dict]:
    """Figure name -> the metadata style.show stored with it, from the executed notebook."""
    cells = json.loads((ROOT / rel).with_suffix(".ipynb").read_text(encoding="utf-8"))["cells"]
    found = {}
    for cell in cells:
        name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
        for output in cell.get("outputs", []) if name else []:
            if "image/svg+xml" in output.get("data", {}):
                found[name] = output.get("metadata", {}).get("figure_data")
    return found


def numbers(text: str) -> np.ndarray:
    return np.array([float(v) for v in text.split()]) if text else np.array([])


def present(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Which values occur in pool (zero always counts: bars and areas start there)."""
    if pool.size == 0:
        return values == 0
    close = np.isclose(values[:, None], pool[None, :], rtol=1e-9, atol=0).any(axis=1)
    return close | (values == 0)


def test_every_executable_page_is_checked():
    assert len(figure_pages()) >= 10, figure_pages()


@pytest.mark.parametrize("rel", figure_pages())
def test_each_figure_has_data_sources_method_and_images(html_dir, rel):
    page = html_dir / rel
    html = page.read_text(encoding="utf-8")
    bibliography = (html_dir / "book" / "bibliography.html").read_text(encoding="utf-8")
    stored = notebook_figures(rel)
    names = FIGURE.findall(html)
    assert set(names) == set(stored), f"{rel}: figures in page {names}, in notebook {stored}"
    for name in names:
        block = html.split(f'id="{name}-data"', 1)
        assert len(block) == 2, f"{rel}: {name} has no downloads under its caption"
        extras = block[1].split("</div>", 1)[0]
        for suffix in ("csv", "svg", "png"):
            href = re.search(rf'href="([^"]*{name}\.{suffix})"', extras)
            assert href, f"{rel}: {name} has no {suffix.upper()} link"
            assert (page.parent / href.group(1)).resolve().is_file(), href.group(1)
        sources = re.findall(r'bibliography\.html#(cite-[^"]+)"', extras)
        assert sources, f"{rel}: {name} lists no sources"
        for anchor in sources:
            assert f'id="{anchor}"' in bibliography, f"{rel}: {name}: {anchor} not in bibliography"
        method = re.search(r"<strong>Method:</strong>(.*?)</p>", extras, re.S)
        assert method and len(method.group(1).strip()) > 30, f"{rel}: {name} has no method"


@pytest.mark.parametrize("rel", figure_pages())
def test_each_csv_holds_what_its_figure_plots(html_dir, rel):
    for name, stored in notebook_figures(rel).items():
        assert stored, f"{rel}: {name} was shown without data (style.show(..., data=...))"
        text = (html_dir / "figures" / f"{name}.csv").read_text(encoding="utf-8")
        assert text == stored["csv"], f"{name}: the site's CSV is not the notebook's"
        frame = pd.read_csv(io.StringIO(text))
        numeric = frame.select_dtypes("number")
        unitless = [c for c in numeric.columns if not re.search(r"\[[^\]]+\]", c)]
        assert not unitless, f"{name}: columns without a unit in brackets: {unitless}"
        values = numeric.to_numpy(dtype=float).ravel()
        values = np.unique(values[np.isfinite(values)])
        drawn = numbers(stored["drawn"])
        stray = values[~present(values, drawn)]
        assert stray.size == 0, f"{name}: {stray[:3]} in the CSV but not drawn in the figure"
        for label, shown in stored["series"]:
            assert shown is not None, f"{name}: series {label!r} is not in the CSV"
            lost = numbers(shown)[~present(numbers(shown), values)]
            assert lost.size == 0, f"{name}: series {label!r} values {lost[:3]} not in the CSV"


@pytest.mark.parametrize("rel", figure_pages())
def test_colour_is_never_the_only_cue(rel):
    """No two legend entries of a figure differ in colour alone (line style and width,
    marker, fill or hatch tell them apart in black and white)."""
    for name, stored in notebook_figures(rel).items():
        assert stored and "colour_only" in stored, f"{rel}: {name} has no legend check"
        assert not stored["colour_only"], (
            f"{name}: told apart by colour only: {stored['colour_only']}"
        )


@pytest.mark.parametrize("rel", figure_pages())
def test_downloaded_images_are_the_figures_shown(html_dir, rel):
    cells = json.loads((ROOT / rel).with_suffix(".ipynb").read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
        for output in cell.get("outputs", []) if name else []:
            svg = output.get("data", {}).get("image/svg+xml")
            if svg:
                svg = "".join(svg) if isinstance(svg, list) else svg
                assert (html_dir / "figures" / f"{name}.svg").read_text(encoding="utf-8") == svg
                png = (html_dir / "figures" / f"{name}.png").read_bytes()
                assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000, name


def test_figure_files_are_not_left_over(html_dir):
    """Every file in figures/ belongs to a figure of the book (none from a deleted one)."""
    names = {n for rel in figure_pages() for n in notebook_figures(rel)}
    on_disk = {Path(p).stem for p in (html_dir / "figures").iterdir()}
    assert on_disk <= names, sorted(on_disk - names)
