"""Every page of the website, in Chromium, offline: no errors, no outside requests, figures
visible with alt text, search, cross-references and glossary links that land (issue 9)."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import ROOT

#: Page-weight budget of one chapter: its HTML, the figures it shows and its previews' script
#: [B]. Theme files
#: (CSS, JavaScript, fonts, MathJax) are shared by every page and cached, so not counted.
PAGE_WEIGHT_BUDGET_B = 1_000_000


def toc_pages() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text()
    return [f"{rel}.html" for rel in re.findall(r"(?:root|file):\s*(\S+)", toc)]


@pytest.fixture
def tab(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors, page.outside = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith(("file://", "data:", "blob:")) else page.outside.append(r.url)
        ),
    )
    yield page
    page.close()


def figure_cells(rel: str) -> int:
    """Figures a page shows: code cells with ``mystnb: figure`` metadata in its .ipynb."""
    notebook = ROOT / rel.replace(".html", ".ipynb")
    if not notebook.exists():
        return 0
    cells = nbformat.read(notebook, as_version=4).cells
    return sum("figure" in c.metadata.get("mystnb", {}) for c in cells if c.cell_type == "code")


@pytest.mark.unit
def test_every_chapter_has_figures():
    counts = {r: figure_cells(r) for r in toc_pages() if r.startswith("notebooks/")}
    # Every chapter notebook on disk (sections 1-9 and the grid synthesis) is in the book.
    chapters = {f"notebooks/{p.stem}.html" for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.md")}
    assert set(counts) == chapters and len(chapters) == 10, sorted(counts)
    assert all(counts.values()), counts


@pytest.mark.browser
@pytest.mark.parametrize("rel", toc_pages())
def test_page_renders_offline_with_visible_figures(tab, html_dir, rel):
    tab.goto((html_dir / rel).as_uri())
    tab.wait_for_load_state("networkidle")
    images = tab.locator("figure img")
    # Every figure the notebook holds is on the page (a page that lost them all would pass).
    assert images.count() == figure_cells(rel), f"{rel}: {images.count()} figures shown"
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.is_visible(), f"{rel}: figure {i + 1} is not visible"
        assert image.evaluate("i => i.complete && i.naturalWidth > 0"), f"{rel}: figure {i + 1}"
        alt = image.get_attribute("alt") or ""
        assert len(alt) > 15, f"{rel}: figure {i + 1} has no useful alt text"
    assert not tab.errors, f"{rel}: console errors {tab.errors}"
    assert not tab.outside, f"{rel}: requests left the machine: {tab.outside}"


@pytest.mark.build
@pytest.mark.parametrize("rel", [r for r in toc_pages() if r.startswith("notebooks/")])
def test_page_weight_within_budget(html_dir, rel):
    page = html_dir / rel
    html = page.read_text(encoding="utf-8")
    total = page.stat().st_size
    for src in set(re.findall(r'<img[^>]+src="([^"]+)"', html)):
        total += (page.parent / src).resolve().stat().st_size
    # the page's own previews (sphinx-tippy writes one script per page)
    for src in set(re.findall(r'<script[^>]+src="([^"?]*_static/tippy/[^"?]+)', html)):
        total += (page.parent / src).resolve().stat().st_size
    assert total <= PAGE_WEIGHT_BUDGET_B, f"{rel}: {total:,} B over the budget"


@pytest.mark.browser
def test_search_finds_a_chapter_6_term(tab, html_dir):
    tab.goto((html_dir / "search.html").as_uri() + "?q=speculative")
    tab.wait_for_selector("#search-results li", timeout=15000)
    hrefs = tab.locator("#search-results li a").evaluate_all("els => els.map(e => e.href)")
    assert any("06_throughput" in h for h in hrefs), hrefs


@pytest.mark.browser
def test_cross_reference_lands_on_its_figure(tab, html_dir):
    tab.goto((html_dir / "notebooks" / "01_workloads.html").as_uri())
    link = tab.locator('p a.reference.internal[href^="#fig-"]').first
    target = link.get_attribute("href")
    link.scroll_into_view_if_needed()
    link.click()
    assert tab.url.endswith(target)
    top = tab.locator(target).evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 900


@pytest.mark.browser
def test_citation_link_lands_on_its_bibliography_entry(tab, html_dir):
    tab.goto((html_dir / "notebooks" / "01_workloads.html").as_uri())
    link = tab.locator('a[href$="bibliography.html#cite-llama3-2024"]').first
    link.scroll_into_view_if_needed()
    link.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("book/bibliography.html#cite-llama3-2024")
    entry = tab.locator("#cite-llama3-2024")
    assert entry.is_visible()
    assert "Llama 3 Herd of Models" in entry.inner_text()
    assert entry.evaluate("e => e.getBoundingClientRect().top") < 900  # scrolled into view


@pytest.mark.browser
def test_glossary_link_lands_on_its_term(tab, html_dir):
    tab.goto((html_dir / "notebooks" / "01_workloads.html").as_uri())
    link = tab.locator('a[href*="glossary.html#term-"]').first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    tab.wait_for_load_state()
    assert "glossary.html#" in tab.url
    term = tab.locator(f"[id='{target}']")
    assert term.is_visible()
    assert 0 <= term.evaluate("e => e.getBoundingClientRect().top") < 900


@pytest.mark.build
def test_download_links_resolve(html_dir):
    page = (html_dir / "notebooks" / "01_workloads.html").read_text(encoding="utf-8")
    hrefs = re.findall(
        r'href="([^"]+)"', re.findall(r'class="chapter-downloads">(.*?)</p>', page)[0]
    )
    assert len(hrefs) == 5, hrefs  # notebook, source, chapter PDF, both editions
    for href in hrefs:
        assert (html_dir / "notebooks" / href).resolve().exists(), href


@pytest.mark.build
def test_version_is_shown(html_dir):
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    footer = f"Version {version.group(1)} ("  # the footer of every page, from pyproject.toml
    for rel in toc_pages():
        text = (html_dir / rel).read_text(encoding="utf-8")
        assert footer in text and "{version}" not in text, rel


@pytest.mark.build
def test_site_has_no_reference_to_outside_fonts_or_scripts(html_dir):
    offenders, pages = [], list(html_dir.rglob("*.html"))
    assert len(pages) >= len(toc_pages()), f"only {len(pages)} pages in {html_dir}"
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            offenders.append(f"{page.name}: {url}")
    assert not offenders, offenders[:5]


@pytest.mark.build
def test_bibliography_page_anchors_every_entry(html_dir):
    from test_bibliography import entries

    page = (html_dir / "book" / "bibliography.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="cite-([^"]+)"', page))
    assert anchors == set(entries()), "bibliography page and references.bib differ"
