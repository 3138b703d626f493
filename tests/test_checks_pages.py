"""The checks appendix and its client-edition brief state what the check engine states.

Read from the executed notebooks (the committed build products): every claim's glued verdict
and ratio, every verdict in the section and finding tables, and the brief's counts are
compared with :func:`analysis.checks.run_checks` and :func:`analysis.checks.summary`.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis import appendix, checks

from conftest import ROOT

pytestmark = pytest.mark.build

CHECKS = ROOT / "book" / "checks.ipynb"
BRIEF = ROOT / "book" / "checks_brief.ipynb"


def outputs(path):
    assert path.is_file(), f"{path} is missing: run tools/execute.py checks checks_brief"
    notebook = nbformat.read(path, as_version=4)
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def glued(path) -> dict[str, str]:
    """Every glued text of a notebook, by name (the stored repr unquoted)."""
    found = {}
    for output in outputs(path):
        name = output.get("metadata", {}).get("scrapbook", {}).get("name")
        if name:
            text = output["data"]["application/papermill.record/text/plain"]
            found[name] = text[1:-1].replace("\\'", "'")
    return found


def table(path, label: str) -> list[dict[str, str]]:
    """The rows of the Markdown table named ``label`` in a notebook's outputs."""
    for output in outputs(path):
        text = output.get("data", {}).get("text/markdown", "")
        if f":name: {label}\n" in text:
            lines = [line for line in text.splitlines() if line.startswith("|")]
            header, *rows = (
                [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
                for line in lines
                if not line.startswith("|---")
            )
            return [dict(zip(header, row, strict=True)) for row in rows]
    raise AssertionError(f"{path.name}: no table {label}")


@pytest.fixture(scope="module")
def results():
    return checks.run_checks()


@pytest.fixture(scope="module")
def glued_checks():
    return glued(CHECKS)


def test_every_claim_has_the_engines_verdict_and_ratio(results, glued_checks):
    for row in results.itertuples():
        assert glued_checks[f"chk_{row.claim_id}_verdict"] == row.verdict, row.claim_id
        shown = glued_checks[f"chk_{row.claim_id}_ratio"]
        if row.ratio != row.ratio:  # NaN: nothing to compare
            assert shown == "n/a", row.claim_id
        else:  # three significant figures
            assert float(shown.rstrip("×").replace(",", "")) == pytest.approx(row.ratio, rel=5e-3)


@pytest.mark.parametrize("section", range(1, 10))
def test_each_section_table_lists_its_claims_with_the_engines_verdicts(results, section):
    expected = results[results["section"] == section]
    rows = table(CHECKS, f"tab-check-s{section}")
    assert [r["Verdict"] for r in rows] == list(expected["verdict"])
    assert [r["Claim"].lower() for r in rows] == [q.lower() for q in expected["quantity"]]


def test_every_claim_is_in_exactly_one_section_table(results):
    listed = sum(len(table(CHECKS, f"tab-check-s{s}")) for s in range(1, 10))
    assert listed == len(results)


@pytest.mark.parametrize("finding", list(checks.FINDINGS))
def test_each_finding_table_lists_the_claims_it_touches(results, finding):
    expected = results[results["finding"] == finding]
    rows = table(CHECKS, f"tab-finding-{finding}")
    assert [r["Verdict"] for r in rows] == list(expected["verdict"])
    assert len(rows) > 0


def test_each_finding_section_names_the_chapter_that_tells_it():
    text = (ROOT / "book" / "checks.md").read_text(encoding="utf-8")
    for finding, chapter in appendix.FINDING_CHAPTERS.items():
        start = text.index(f"({appendix.finding_label(finding)})=")
        end = text.index("```{code-cell}", start)
        assert f"{{ref}}`{appendix.CHAPTER_LABELS[chapter]}`" in text[start:end], finding


def test_summary_counts_on_the_page_are_the_engines(results, glued_checks):
    summary = checks.summary(results)
    assert glued_checks["chk_n_independent"] == f"{summary['independent'].sum():,}"
    rows = table(CHECKS, "tab-check-summary")
    assert [r["Verdict"] for r in rows] == list(summary["verdict"])
    assert [int(r["Independent checks [count]"]) for r in rows] == list(summary["independent"])


def test_the_brief_gives_the_engines_counts(results):
    summary = checks.summary(results).set_index("verdict")
    brief = glued(BRIEF)
    assert brief["chkb_n_claims"] == f"{len(results):,}"
    assert brief["chkb_n_independent"] == f"{summary['independent'].sum():,}"
    assert brief["chkb_n_repeated"] == f"{summary['repeated'].sum():,}"
    assert brief["chkb_n_unchecked"] == f"{summary['not checkable'].sum():,}"
    for verdict in checks.VERDICTS:
        slug = verdict.replace(",", "").replace(" ", "_")
        count = int(summary["independent"].get(verdict, 0))
        assert brief[f"chkb_n_{slug}"] == f"{count:,}", verdict
    rows = table(BRIEF, "tab-brief-summary")
    for column, name in [
        ("independent", "Independent checks [count]"),
        ("repeated", "Repetitions [count]"),
        ("not checkable", "Not checkable [count]"),
    ]:
        assert [int(r[name]) for r in rows] == list(summary[column]), column
    assert brief["chkb_n_findings"] == f"{len(checks.FINDINGS):,}"


def test_the_brief_states_the_findings_verdicts_as_the_engine_does(results):
    brief = glued(BRIEF)
    verdicts = results.set_index("claim_id")["verdict"]
    named = [name for name in brief if name.endswith("_verdict")]
    assert len(named) >= len(checks.FINDINGS)
    for name in named:
        claim_id = name.removeprefix("chkb_").removesuffix("_verdict")
        assert brief[name] == verdicts[claim_id], claim_id


def test_every_check_and_finding_label_that_a_page_links_exists():
    text = (ROOT / "book" / "checks.md").read_text(encoding="utf-8")
    labels = set(re.findall(r"^\(((?:check|finding)-[a-z0-9-]+)\)=$", text, re.M))
    pages = [*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")]
    linked = {
        (page.name, label)
        for page in pages
        for label in re.findall(
            r"\{ref\}`(?:[^`<]*<)?((?:check|finding)-[a-z0-9-]+)>?`",
            page.read_text(encoding="utf-8"),
        )
    }
    missing = sorted((page, label) for page, label in linked if label not in labels)
    assert not missing, f"links to labels the checks appendix lacks: {missing}"
    assert {f"check-s{n}" for n in range(1, 10)} <= labels
    assert {appendix.finding_label(f) for f in checks.FINDINGS} <= labels
