"""The hardware chapter's overview tables (analysis.device_tables).

Expected values are the vendors' figures as the fact-check reports give them
(/work/research/nvidia.md, other_chips.md), typed here independently of the data files.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import device_tables as dt
from analysis import hardware
from analysis.data import load

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def devices() -> pd.DataFrame:
    return hardware.device_table(load("accelerators"), load("accelerator_specs"))


@pytest.fixture(scope="module")
def overview(devices) -> pd.DataFrame:
    table = dt.device_overview(devices)
    return table.set_index(table["Device"].str.removesuffix(" (announced)")).drop(columns="Device")


@pytest.fixture(scope="module")
def compute_rows(devices) -> pd.DataFrame:
    return dt.compute_overview(load("accelerator_compute"), devices).set_index("Device")


def test_marked_flags_only_note_only_values():
    assert dt.marked(750.0, "note-only") == "750 †"
    assert dt.marked(1979.0, "secondary") == "1,979"
    assert dt.marked(2.039, "primary") == "2.039"  # printed as given, not rounded
    assert dt.marked(math.nan, "primary") == "–"


@pytest.mark.parametrize(
    ("levels", "fallback", "expected"),
    [
        ({"memory": "primary", "bandwidth": "primary", "TDP": None}, None, "primary"),
        ({"memory": "primary", "bandwidth": "note-only"}, None, "primary; bandwidth note-only"),
        ({"memory": "primary", "bandwidth": "secondary", "TDP": "secondary"}, None,
         "secondary; memory primary"),
        ({"memory": None, "TDP": None}, "note-only", "note-only"),
        ({"memory": None}, None, "–"),
    ],
)  # fmt: skip
def test_verification_summary(levels, fallback, expected):
    assert dt.verification_summary(levels, fallback) == expected


def test_announced_parts_say_so(devices):
    table = dt.device_overview(devices)
    announced = devices.loc[devices["availability"] == "announced", "device"]
    labelled = table.loc[table["Device"].str.endswith(" (announced)"), "Device"]
    assert sorted(f"{d} (announced)" for d in announced) == sorted(labelled)
    assert "R100 (announced)" in set(table["Device"]) and "H100 SXM" in set(table["Device"])


def test_device_rows_follow_the_notes_lineages(devices, overview):
    assert len(overview) == len(devices)
    order = [list(dt.LINEAGES.values()).index(x) for x in overview["Lineage"]]
    assert order == sorted(order)
    assert overview.index[0] == "A100" and overview["Lineage"].iloc[-1] == dt.LINEAGES["cpu"]


def test_mi300x_row_marks_its_note_only_power(overview):
    row = overview.loc["MI300X"]
    # AMD's ROCm table prints 192 GiB and 5.3 TB/s; 750 W is only the note's figure.
    assert row["Memory as printed"] == "192 GiB HBM3"
    assert row["Memory [GiB]"] == "192"
    assert row["Bandwidth [TB/s]"] == "5.3"
    assert row["TDP [W]"] == "750 †"
    assert row["Verified"] == "primary; TDP note-only"


def test_variants_are_rows_with_their_own_figures(overview):
    # HGX B200: 180 GB, 7.7 TB/s, 1,000 W; the B200 in GB200 NVL72: 186 GB, 8 TB/s, 1,200 W.
    hgx, nvl = overview.loc["B200 HGX"], overview.loc["B200 NVL72"]
    assert (hgx["Memory [GiB]"], hgx["Bandwidth [TB/s]"], hgx["TDP [W]"]) == ("180", "7.7", "1,000")
    assert (nvl["Memory [GiB]"], nvl["Bandwidth [TB/s]"], nvl["TDP [W]"]) == ("186", "8", "1,200")


def test_only_note_only_figures_carry_the_mark(devices, overview):
    shown = ["Memory [GiB]", "Bandwidth [TB/s]", "TDP [W]"]
    marks = sum(cell.endswith(dt.NOTE_ONLY_MARK) for c in shown for cell in overview[c])
    note_only = sum(
        (devices[f"{c}_verified"] == "note-only").sum()
        for c in ("memory_GiB", "memory_bandwidth_TB_per_s", "tdp_W")
    )
    assert marks == note_only >= 1


def test_compute_keeps_dense_and_sparse_apart(compute_rows):
    b200 = compute_rows.loc["B200 HGX"]
    # NVIDIA's HGX B200, per GPU: FP4 9 PF dense / 18 PF sparse, FP8 4.5 / 9, BF16 2.25 / 4.5.
    assert b200["FP4 dense / sparse [TFLOP/s]"] == "9,000 / 18,000"
    assert b200["FP8 dense / sparse [TFLOP/s]"] == "4,500 / 9,000"
    assert b200["BF16 dense / sparse [TFLOP/s]"] == "2,250 / 4,500"
    # Rubin's dense FP4 is NVIDIA's own 35 PF, not half of the 50 PF sparse figure.
    assert compute_rows.loc["R100", "FP4 dense / sparse [TFLOP/s]"] == "35,000 / 50,000"
    assert compute_rows.loc["R100", "FP8 dense / sparse [TFLOP/s]"] == "17,500 / –"


def test_unlabelled_figures_stay_out_of_the_dense_and_sparse_columns(compute_rows):
    mi355x = compute_rows.loc["MI355X"]
    assert mi355x["FP4 dense / sparse [TFLOP/s]"] == "10,000 / –"  # AMD's dense peak
    assert mi355x["Unlabelled or other [TFLOP/s; TOPS]"] == "FP4 20,100 unlabelled"
    assert compute_rows.loc["MI325X", "BF16 dense / sparse [TFLOP/s]"] == "1,307.4 (FP16) / –"
    assert compute_rows.loc["TPU v5e", "FP8 dense / sparse [TFLOP/s]"] == "–"
    assert "Groq LPU" not in compute_rows.index  # no compute figure held


def test_lineage_rows_head_each_lineage(overview):
    table = dt.with_lineage_rows(
        overview.rename_axis("Device").reset_index()[["Lineage", "Device", "Year"]]
    )
    headings = table[table["Year"] == ""]["Device"].tolist()
    assert headings == [f"*{name}*" for name in dt.LINEAGES.values()]
    assert len(table) == len(overview) + len(dt.LINEAGES)


def test_unknown_lineage_is_an_error():
    with pytest.raises(ValueError, match="lineages"):
        dt.in_lineage_order(pd.DataFrame({"device": ["X"], "lineage": ["martian"]}))


def test_source_keys_in_order_without_repeats():
    frame = pd.DataFrame({"source": ["a; b", "b"], "other": [None, "c;a"]})
    assert dt.source_keys(frame, ["source", "other"]) == ["a", "b", "c"]


def test_soft_hyphens_change_headers_only(overview):
    frame = overview.reset_index()[["Device", "Bandwidth [TB/s]"]]
    shown = dt.with_soft_hyphens(frame)
    assert list(shown.columns) == ["Device", "Band\u00adwidth [TB/s]"]
    # Without the soft hyphen the header reads the same: it shows only at a line break.
    assert shown.columns[1].replace("\u00ad", "") == "Bandwidth [TB/s]"
    assert shown.iloc[:, 1].tolist() == frame.iloc[:, 1].tolist()


@pytest.mark.parametrize(
    ("device", "label"),
    [
        ("H100 SXM", "sparse"),  # 3,958 TFLOPS FP8 with sparsity, its largest figure
        ("MI300X", "dense"),  # AMD's table: 2,614.9 TFLOPS FP8, no sparsity rows
        ("MI355X", "unlabelled"),  # 20.1 PFLOPS FP4, as a trade report gives it
        ("Trainium2", "sparse"),  # 2,563 sparse over 1,299 dense FP8
        ("Trainium3", "sparse"),  # 2,517 both as dense MXFP8 and as sparse BF16: sparse wins
    ],
)
def test_headline_label_is_the_label_of_the_largest_figure(device, label):
    assert dt.headline_label(load("accelerator_compute"), device) == label


def test_headline_label_prefers_sparse_in_a_tie():
    compute = pd.DataFrame(
        {"device": ["X", "X"], "precision": ["FP8", "BF16"], "sparsity": ["dense", "sparse"],
         "peak_tera_ops_per_s": [2517.0, 2517.0]}
    )  # fmt: skip
    assert dt.headline_label(compute, "X") == "sparse"
    with pytest.raises(KeyError, match="no figure"):
        dt.headline_label(compute, "Y")


def test_headline_mix_names_the_labels_that_differ():
    compute = load("accelerator_compute")
    assert dt.headline_mix(compute, "MI300X", "MI355X") == "unlabelled over dense"
    # Trainium3's 2,517 TFLOP/s is both its dense MXFP8 and its sparse BF16 figure (AWS);
    # Trainium2's headline is sparse FP8 alone
    assert dt.headline_mix(compute, "Trainium2", "Trainium3") == "sparse or dense over sparse"
    assert dt.headline_mix(compute, "H100 SXM", "B200 HGX") == ""  # sparse over sparse
