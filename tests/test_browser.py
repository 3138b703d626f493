"""The website in Debian's Chromium: figures visible, citations land on their entries."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def page(browser):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()


def test_chapter_1_figure_is_visible(page, html_dir):
    page.goto((html_dir / "notebooks" / "01_workloads.html").as_uri())
    figure = page.locator("#fig-compute-vs-size img")
    figure.scroll_into_view_if_needed()
    assert figure.is_visible()
    width = figure.evaluate("img => img.complete ? img.naturalWidth : 0")
    assert width > 100, "the figure's image did not load"


def test_citation_link_lands_on_its_bibliography_entry(page, html_dir):
    page.goto((html_dir / "notebooks" / "01_workloads.html").as_uri())
    link = page.locator('a[href$="bibliography.html#cite-llama3-2024"]').first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("book/bibliography.html#cite-llama3-2024")
    entry = page.locator("#cite-llama3-2024")
    assert entry.is_visible()
    assert "Llama 3 Herd of Models" in entry.inner_text()
    assert entry.evaluate("e => e.getBoundingClientRect().top") < 900  # scrolled into view
