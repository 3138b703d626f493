"""Each page's MyST source and its executed .ipynb agree, and are up to date."""

from __future__ import annotations

import sys

import jupytext
import nbformat
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import execute  # noqa: E402

pytestmark = pytest.mark.unit

PAGES = execute.pages()


def test_there_is_a_page_per_chapter_and_appendix():
    stems = {p.stem for p in PAGES}
    for number in range(1, 10):
        assert any(s.startswith(f"{number:02d}_") for s in stems), f"chapter {number} missing"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_pair_has_not_drifted(page):
    source = jupytext.read(page)
    executed = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
    pairs = [(c.cell_type, c.source) for c in source.cells]
    stored = [(c.cell_type, c.source) for c in executed.cells]
    assert pairs == stored, f"{page.name} and its .ipynb differ: run `make book`"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_executed_notebook_is_current(page):
    reasons = execute.stale_reasons(page)
    assert not reasons, f"{page.name}: {'; '.join(reasons)}: run `make book`"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_code_cell_has_run_without_error(page):
    executed = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None, f"{page.name}: a cell never ran"
            assert not [o for o in cell.outputs if o.output_type == "error"], page.name
