"""The appendices' presentation helpers: claim tables, findings, differences from the primary
documents and provenance counts. Expected values are worked by hand from the data files."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import appendix, checks, provenance
from analysis.data import dataset_names, load

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def results():
    return checks.run_checks()


def test_every_finding_has_the_chapter_that_tells_it():
    assert set(appendix.FINDING_CHAPTERS) == set(checks.FINDINGS)
    assert set(appendix.FINDING_CHAPTERS.values()) <= set(appendix.CHAPTER_LABELS)


@pytest.mark.parametrize("chapter,label", sorted(appendix.CHAPTER_LABELS.items()))
def test_chapter_labels_are_on_their_chapters(chapter, label):
    (source,) = ROOT.glob(f"notebooks/{chapter:02d}_*.md")
    assert f"({label})=" in source.read_text(encoding="utf-8")


def test_stated_text_prints_figures_as_given():
    assert appendix.stated_text(46255.0, 46255.0, "mm^2") == "46,255 mm²"  # not 46,260
    assert appendix.stated_text(16384.0, 16384.0, "GPU") == "16,384 GPUs"
    assert appendix.stated_text(2.039, 2.039, "TB/s") == "2.039 TB/s"
    assert appendix.stated_text(2026.0, 2026.0, "year") == "2026"  # a calendar year
    assert appendix.stated_text(5.5, 5.5, "year") == "5.5 years"  # a duration
    assert appendix.stated_text(math.nan, math.nan, "GB") == "n/a"


def test_claims_table_prints_primary_figures_as_given_and_derived_ones_rounded(results):
    table = appendix.claims_table(results, ["s1_llama405_gpus", "s6_kv_per_token"])
    # Llama 3 paper: 16,384 GPUs (primary, as given); KV cache 2*80*8*128*2 = 327,680 B
    assert table["Primary or recomputed"].tolist() == ["16,384 GPUs", "328 KB"]
    assert table["The note"].tolist() == ["16,000 GPUs", "320 KB"]


def test_claims_table_names_the_statement_a_repetition_repeats(results):
    (basis,) = appendix.claims_table(results, ["s3_table_h100_memory"])["Basis"]
    first = results.set_index("claim_id").loc["s2_h100_memory", "quantity"]
    assert basis == f"Repeats the note's section 2: {first}."


def test_claims_table_cites_the_document_only_when_asked(results):
    plain, cited = (
        appendix.claims_table(results, ["s2_b200_fp4_dense"], cite=c)["Basis"].iloc[0]
        for c in (False, True)
    )
    assert "{cite:p}" not in plain
    assert cited.endswith("{cite:p}`nvidia-hgx`")


def test_long_words_get_break_opportunities_and_keep_their_letters():
    text = "system file 'accelerator_memory_capacity': 141 GB"
    broken = appendix.breakable(text)
    assert broken.replace("\u200b", "") == text
    assert broken.count("\u200b") == 2
    assert appendix.breakable("B200 HGX variant") == "B200 HGX variant"


def test_verdict_tally_counts_in_order_of_appearance():
    tally = appendix.verdict_tally(["agrees", "differs", "agrees"])
    assert tally == "agrees (2); differs (1)"


def test_findings_overview_links_each_finding_and_its_chapter(results):
    overview = appendix.findings_overview(checks.findings_table(results))
    assert len(overview) == len(checks.FINDINGS)
    b200 = overview.set_index("Finding").loc["{ref}`finding-b200-halved`"]
    assert b200["Told in"] == "{ref}`Chapter 2 <ch-hardware>`"
    # the B200 finding: three figures of section 2 differ, section 9 repeats one
    assert b200["Verdicts"] == "differs (3); repeated, agrees (1)"
    # in the order of the chapters that tell them
    chapters = [appendix.FINDING_CHAPTERS[f] for f in checks.findings_table(results)["finding"]]
    assert chapters == sorted(chapters)


def test_findings_overview_refuses_a_finding_without_a_chapter():
    frame = pd.DataFrame({"finding": ["new-one"], "claims": [[]], "verdicts": [[]]})
    with pytest.raises(KeyError, match="FINDING_CHAPTERS"):
        appendix.findings_overview(frame)


def test_chapters_that_use_a_claim_are_found_by_glue_name_or_quoted_id(tmp_path, results):
    (tmp_path / "03_memory.md").write_text(
        "text {glue:text}`ch3_s2_b200_fp4_dense_verdict` and `ch3_s2_nothing_ratio`\n",
        encoding="utf-8",
    )
    (tmp_path / "07_life.md").write_text('rows = ["s7_a100_value", "s9_unknown"]\n')
    (tmp_path / "notes.md").write_text("ch4_s2_b200_fp4_dense_verdict\n")  # not a chapter
    used = provenance.claims_used_by_chapters(results, tmp_path)
    assert used == {"s2_b200_fp4_dense": [3], "s7_a100_value": [7]}


def test_differences_list_every_primary_lookup_that_differs(results):
    used = {"s2_b200_fp4_dense": [6, 9]}
    table = provenance.differences(results, used)
    b200 = table.loc["s2_b200_fp4_dense"]
    # NVIDIA's HGX B200: 72 PFLOPS dense FP4 per 8 GPUs = 9 PFLOP/s, against the note's 4.5
    assert (b200["The note"], b200["Primary"], b200["Ratio [-]"]) == (
        "4.5 PFLOP/s",
        "9 PFLOP/s",
        "2.00",
    )
    assert b200["Document"] == "{cite:p}`nvidia-hgx`"
    assert re.findall(r"Ch\. (\d+)", b200["Pages"]) == ["2", "6", "9"]
    # the misread H200 figure is a difference even though the numbers match
    assert table.loc["s6_h200x8_vs_h100", "Verdict"] == "misread"
    # a lookup that matches exactly, and a note-only one, are not differences
    assert "s2_h100_memory" not in table.index
    assert "s6_decode_per_gpu" not in table.index
    rows = results.set_index("claim_id").loc[table.index]
    assert (rows["kind"] == "primary").all()


def test_provenance_counts_add_up():
    frames = {
        "a": pd.DataFrame({"verified": ["primary", "note-only", "primary"]}),
        "b": pd.DataFrame({"verified": ["secondary"]}),
        "claims": pd.DataFrame({"value": [1.0]}),  # no verified column: not a sourced table
    }
    counts = provenance.provenance_counts(frames).set_index("Table")
    assert counts.loc["a"].tolist() == [2, 0, 1, 3]
    assert counts.loc["all tables"].tolist() == [2, 1, 1, 4]
    assert "claims" not in counts.index


def test_provenance_counts_refuse_an_unknown_verification():
    with pytest.raises(ValueError, match="verified values"):
        provenance.provenance_counts({"a": pd.DataFrame({"verified": ["hearsay"]})})


def test_note_only_rows_of_the_real_tables():
    tables = {name: load(name) for name in dataset_names()}
    keys = {"rental_prices": ("device",), "accelerator_specs": ("device", "quantity")}
    subset = {name: tables[name] for name in keys}
    rows = provenance.note_only_rows(subset, keys)
    expected = sum(int((tables[n]["verified"] == "note-only").sum()) for n in keys)
    assert len(rows) == expected
    assert "MI300X / power" in set(rows["Row"])
    assert rows["Why"].str.endswith(".").all()


def test_table_cells_typeset_text_but_not_code():
    from analysis import publish

    frame = pd.DataFrame({"Row": ["`h100x8_fp8_405b`"], "Note": ["3x4 at 10^25, h100x8_fp8"]})
    text = publish.markdown_table(frame, "Cells.", "tab-cells", [])
    assert "| `h100x8_fp8_405b` | 3 × 4 at 10²⁵, h100x8_fp8 |" in text


def test_note_only_rows_name_each_row_by_its_key():
    frame = pd.DataFrame(
        {
            "key": ["decode_per_gpu_7_70b", "H100 SXM"],
            "verified": ["note-only", "note-only"],
            "source_locator": ["the note's figure", "the note's figures"],
        }
    )
    rows = provenance.note_only_rows({"t": frame}, {"t": ("key",)})
    assert rows["Row"].tolist() == ["decode_per_gpu_7_70b", "H100 SXM"]
    assert rows["Why"].tolist() == ["The note's figure.", "The note's figures."]


def test_print_typesetting_leaves_names_ending_in_x_alone():
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    import print_transforms

    assert print_transforms.typeset("TPU7x (Ironwood)") == "TPU7x (Ironwood)"
    assert print_transforms.typeset("a 2x gain, 3 x 4") == "a 2× gain, 3 × 4"
    assert print_transforms.typeset("2-3x") == "2–3×"
