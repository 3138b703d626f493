"""The accelerator datasets: complete, sourced, sane, and matching the note's tables.

The expected table cells below are typed from the note's own table text (section 3),
independently of the CSV files.
"""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import data, hardware
from analysis.bib import bib_keys

pytestmark = pytest.mark.unit

#: Every device the note's section 2 names (plus the A100 chapter 7 needs).
NAMED_DEVICES = (
    "A100", "H100 SXM", "H200", "B200", "B300", "GB200 NVL72", "GB300 NVL72", "R100",
    "MI300X", "MI325X", "MI355X", "Trainium2", "Trn2 UltraServer", "Trainium3",
    "Trn3 UltraServer", "TPU v5p", "TPU v5e", "TPU v6e Trillium", "TPU v7 Ironwood",
    "Maia 100", "Maia 200", "MTIA v1", "MTIA v2", "Groq LPU", "Cerebras WSE-3",
    "SambaNova SN40L", "Tenstorrent Blackhole", "Xeon 6 Granite Rapids", "EPYC 9005 Turin",
)  # fmt: skip

#: The note's "HBM capacity by data centre GPU" table: type, GB, TB/s.
NOTE_GPU_TABLE = {
    "H100 SXM": ("HBM3", 80, 3.35),
    "H200": ("HBM3e", 141, 4.8),
    "B200": ("HBM3e", 192, 8.0),
    "B300": ("HBM3e", 288, 8.0),
    "R100": ("HBM4", 288, 22),
    "MI300X": ("HBM3", 192, 5.3),
    "MI325X": ("HBM3e", 256, 6.0),
    "MI355X": ("HBM3e", 288, 8.0),
    "Trainium2": ("HBM", 96, 2.9),
    "Trainium3": ("HBM3e", 144, 4.9),
    "Maia 200": ("HBM3e", 216, 7.0),
}

#: The note's "HBM generation specifications" table: GB low/high, TB/s low/high.
NOTE_GENERATION_TABLE = {
    "HBM3": (16, 24, 0.8, 0.8),
    "HBM3e": (24, 36, 1.2, 1.33),
    "HBM4": (math.nan, 64, 2.0, 3.3),
}


def test_every_named_device_is_present_once(accelerators):
    devices = list(accelerators["device"])
    assert sorted(set(devices)) == sorted(devices), "duplicate device ids"
    missing = [d for d in NAMED_DEVICES if d not in devices]
    assert not missing, f"accelerators.csv lacks {missing}"


@pytest.mark.parametrize(
    "table", ["accelerators", "accelerator_compute", "hbm_generations", "fabrics"]
)
def test_every_row_is_sourced_from_the_bibliography(table):
    keys = bib_keys()
    for sources in data.load(table)["source"]:
        cited = [k.strip() for k in sources.split(";")]
        assert cited and all(k in keys for k in cited), sources


def test_compute_rows_name_known_devices(accelerators, compute):
    unknown = set(compute["device"]) - set(accelerators["device"])
    assert not unknown, f"accelerator_compute.csv names devices not in accelerators: {unknown}"


def test_sparse_is_twice_dense_where_both_are_stated(compute):
    wide = compute.pivot_table(
        index=["device", "precision"], columns="sparsity", values="peak_tera_ops_per_s"
    ).dropna(subset=["dense", "sparse"])
    assert len(wide) >= 3  # A100 BF16, B200 FP4, R100 FP4
    assert_allclose(wide["sparse"] / wide["dense"], 2.0, rtol=0)


def test_bandwidth_per_gb_is_plausible(accelerators):
    # Chips read their whole memory 5 to 100 times a second: 3.35e12 / 80e9 = 42 for H100.
    chips = accelerators[accelerators["kind"].isin(["gpu", "accelerator"])].dropna(
        subset=["memory_GB", "memory_bandwidth_TB_per_s"]
    )
    sweeps = hardware.memory_sweeps_per_s(chips["memory_bandwidth_TB_per_s"], chips["memory_GB"])
    assert len(chips) >= 12
    assert np.all((sweeps > 5) & (sweeps < 100)), dict(zip(chips["device"], sweeps, strict=True))


def test_power_is_plausible(accelerators):
    chips = accelerators[accelerators["kind"] == "gpu"].dropna(subset=["tdp_W"])
    assert len(chips) > 0  # an empty selection would pass the range check below
    assert np.all((chips["tdp_W"] >= 300) & (chips["tdp_W"] <= 2000))


def test_note_gpu_hbm_table_cell_by_cell(accelerators):
    table = hardware.hbm_table_by_gpu(accelerators)
    assert list(table["device"]) == list(NOTE_GPU_TABLE)
    for row in table.itertuples(index=False):
        memory_type, capacity, bandwidth = NOTE_GPU_TABLE[row.device]
        assert row.memory_type == memory_type, row.device
        assert_allclose(row.memory_GB, capacity, rtol=0, err_msg=row.device)
        assert_allclose(row.memory_bandwidth_TB_per_s, bandwidth, rtol=0, err_msg=row.device)


def test_note_hbm_generation_table_cell_by_cell():
    table = data.load("hbm_generations").set_index("generation")
    assert list(table.index) == list(NOTE_GENERATION_TABLE)
    columns = [
        "capacity_per_stack_GB_low",
        "capacity_per_stack_GB_high",
        "bandwidth_per_stack_TB_per_s_low",
        "bandwidth_per_stack_TB_per_s_high",
    ]
    for generation, expected in NOTE_GENERATION_TABLE.items():
        assert_allclose(table.loc[generation, columns].astype(float), expected, rtol=0,
                        err_msg=generation)  # fmt: skip


def test_a100_row_matches_its_datasheet(accelerators, compute):
    # nvidia-a100: 80 GB HBM2e, 2,039 GB/s, 400 W (SXM); 312 TFLOPS BF16 dense.
    a100 = accelerators.set_index("device").loc["A100"]
    assert a100["memory_type"] == "HBM2e"
    assert_allclose([a100["memory_GB"], a100["memory_bandwidth_TB_per_s"], a100["tdp_W"]],
                    [80, 2.039, 400], rtol=0)  # fmt: skip
    assert_allclose(hardware.peak(compute, "A100", "BF16", "dense"), 312, rtol=0)


def test_big_memory_shipping_chips_in_one_line(accelerators):
    # From the note: B200 192, B300 288, MI300X 192, MI325X 256, MI355X 288 GB, all shipping;
    # R100 and Maia 200 are announced; H200 has 141 GB.
    # The same line chapter 2 shows.
    query = "memory_GB > 150 and availability == 'shipping' and kind != 'rack'"
    got = set(accelerators.query(query)["device"])
    assert got == {"B200", "B300", "MI300X", "MI325X", "MI355X"}
