"""Reader features in Chromium, offline (issue 19): previews of citations, figure references
and glossary terms on hover and on keyboard focus; figures legible in light and dark
mode; a citation block on every chapter; no serious or critical accessibility violation
(axe-core) on any page; no request to another host."""

from __future__ import annotations

import io
import re
import tomllib

import numpy as np
import pytest
from test_site import toc_pages

from conftest import ROOT

pytestmark = pytest.mark.browser

#: axe-core 4.14.1 from the npm registry (MPL-2.0), vendored: see _vendor/README.md.
AXE = ROOT / "tests" / "fixtures" / "axe-core" / "axe.min.js"
CHAPTER = "notebooks/01_workloads.html"


def open_page(browser, html_dir, rel, mode="light"):
    """A page in a fresh tab, in the theme's light or dark mode, recording every request
    to another host (the book must make none) and every console error."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.outside, page.errors = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file://", "data:", "blob:"))
            else (page.outside.append(route.request.url), route.abort())
        ),
    )
    page.add_init_script(f"localStorage.setItem('mode', '{mode}');")
    page.goto((html_dir / rel).as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


def tip_after(page, action, link) -> str:
    """Text of the preview that ``action`` ("hover" or "focus") on ``link`` opens."""
    page.mouse.move(0, 0)
    page.keyboard.press("Escape")
    link.scroll_into_view_if_needed()
    getattr(link, action)()
    tip = page.locator("[data-tippy-root] .tippy-content").last
    tip.wait_for(state="visible", timeout=5000)
    text = tip.inner_text()
    link.evaluate("e => e.blur()")
    page.mouse.move(0, 0)
    return text


@pytest.mark.parametrize("action", ["hover", "focus"])
def test_previews_of_citation_figure_and_term(browser, html_dir, action):
    page = open_page(browser, html_dir, CHAPTER)
    page.wait_for_function("() => document.querySelector('[aria-expanded], a') && window.tippy")
    cite = page.locator('article a[href$="bibliography.html#cite-llama3-2024"]').first
    assert "Llama 3 Herd of Models" in tip_after(page, action, cite)
    figure = page.locator('article p a.reference.internal[href="#fig-compute-vs-size"]').first
    text = tip_after(page, action, figure)
    assert "Training compute grows with the square of model size" in text, text
    term = page.locator('article a[href$="glossary.html#term-Parameter"]').first
    assert "learned number" in tip_after(page, action, term)
    assert not page.outside, page.outside
    assert not page.errors, page.errors
    page.close()


def test_previews_are_built_offline_and_complete(html_dir):
    """Every page has its tips file; the tips embed no outside image or script; the
    previews of a chapter cover its citations, figure references and glossary terms."""
    pages = toc_pages()
    for rel in pages:
        html = (html_dir / rel).read_text(encoding="utf-8")
        tips = re.search(r'src="([^"]*_static/tippy/[^"]+\.js)"', html)
        assert tips, f"{rel}: no tips file"
        text = ((html_dir / rel).parent / tips.group(1)).resolve().read_text(encoding="utf-8")
        # the extension must end the address: a citation's link to a .json file is no script
        assert not re.search(r'(?:src|href)=\\?"https?://[^"]*\.(?:js|png|jpg|svg)\\?"', text), rel
    for name in ("popper.min.js", "tippy-bundle.umd.min.js"):
        assert (html_dir / "_static" / "vendor-js" / name).is_file()
    html = (html_dir / CHAPTER).read_text(encoding="utf-8")
    tips = re.search(r'src="([^"]*_static/tippy/[^"]+\.js)"', html).group(1)
    text = ((html_dir / CHAPTER).parent / tips).resolve().read_text(encoding="utf-8")
    for kind in ("bibliography.html#cite-", "glossary.html#term-", '"#fig-'):
        assert kind in text, f"{CHAPTER}: no preview of {kind}"


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB pixels (0-255)."""
    c = rgb[..., :3] / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def figure_contrast(page, selector: str) -> tuple[float, float]:
    """Background luminance of a figure as shown, and the WCAG contrast of its ink (the
    2% of pixels furthest from the background: text, axes, lines) against it."""
    from PIL import Image

    image = page.locator(selector)
    image.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    shot = np.asarray(Image.open(io.BytesIO(image.screenshot())).convert("RGB"), dtype=float)
    lum = luminance(shot).ravel()
    background = float(np.median(lum))
    far = np.abs(lum - background)
    ink = lum[far >= np.quantile(far, 0.98)]
    ink_lum = float(np.median(ink))
    light, dark = max(background, ink_lum), min(background, ink_lum)
    return background, (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("rel", [CHAPTER, "notebooks/06_throughput.html"])
def test_figures_are_legible_in_light_and_dark_mode(browser, html_dir, rel):
    found = {}
    for mode in ("light", "dark"):
        page = open_page(browser, html_dir, rel, mode)
        found[mode] = figure_contrast(page, "figure img >> nth=0")
        page.close()
    (light_bg, light_contrast), (dark_bg, dark_contrast) = found["light"], found["dark"]
    assert light_bg > 0.8 and dark_bg < 0.05, f"{rel}: backgrounds {found}"  # no white box
    assert light_contrast >= 7 and dark_contrast >= 7, f"{rel}: contrast {found}"


def test_every_chapter_offers_its_citation(html_dir):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    for rel in toc_pages():
        html = (html_dir / rel).read_text(encoding="utf-8")
        block = re.search(r'<aside class="cite-this".*?</aside>', html, re.S)
        assert block, f"{rel}: no citation"
        text = block.group(0)
        assert f"version {version}" in text and "David Leitch" in text, rel
        assert "@book{" in text, f"{rel}: no BibTeX for the book"
        if rel != "book/intro.html":
            assert "@incollection{" in text and "Cite this page" in text, rel


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.length} x ${v.nodes[0].target}`))"
    )
    return result


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("rel", toc_pages())
def test_no_serious_accessibility_violations(browser, html_dir, rel, mode):
    page = open_page(browser, html_dir, rel, mode)
    violations = axe_violations(page)
    assert not violations, f"{rel} ({mode}): {violations}"
    assert not page.outside, page.outside
    page.close()
