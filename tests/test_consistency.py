"""No contradictions between pages: one claim, one verdict and one set of numbers everywhere,
and no figure whose alt text states a number its caption and data do not."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from consistency import CLAIM_GLUE, executed_pages, glued, numbers_in

from analysis import checks
from analysis.appendix import stated_text
from analysis.publish import sig

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def claim_glues():
    """(claim id, part) -> {page: value} over every executed page."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for notebook in executed_pages():
        for name, value in glued(notebook).items():
            match = CLAIM_GLUE.match(name)
            if match:
                found.setdefault(match.groups(), {})[notebook.stem] = value
    return found


def test_pages_state_claims_through_the_engine(claim_glues):
    assert len({claim for claim, _ in claim_glues}) >= 20  # chapters glue their verdicts


def test_every_page_states_the_engines_verdict_and_numbers(claim_glues):
    results = checks.run_checks().set_index("claim_id")
    for (claim_id, part), by_page in claim_glues.items():
        row = results.loc[claim_id]
        expected = {
            "verdict": row["verdict"],
            "stated": stated_text(
                row["value_low"], row["value_high"], row["unit"], quote=str(row["quote"])
            ),
        }.get(part)
        if part == "ratio" and row["ratio"] == row["ratio"]:
            expected = f"{sig(row['ratio'], 3)}×"
        values = set(by_page.values())
        assert len(values) == 1, f"{claim_id} {part} differs between pages: {by_page}"
        if expected is not None:
            assert values == {expected}, f"{claim_id} {part}: {by_page} but the engine: {expected}"


def test_alt_texts_state_no_number_their_caption_and_data_do_not(html_dir):
    problems = []
    for page in sorted(html_dir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select("figure"):
            image = figure.find("img")
            caption = figure.find("figcaption")
            if image is None or caption is None:
                continue
            allowed = numbers_in(caption.get_text(" "))
            table = figure.find_next("details")  # the figure's data and sources panel
            if table is not None:
                allowed |= numbers_in(table.get_text(" "))
            extra = numbers_in(image.get("alt", "")) - allowed
            if extra:
                problems.append(f"{page.name}: alt {image.get('alt')!r} states {sorted(extra)}")
    assert not problems, "\n".join(problems[:10])
