"""analysis.hardware: like-for-like ratios, dense from sparse, efficiency and the note checks.

Expected values are the note's stated figures or hand arithmetic on them.
"""

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import data, hardware

pytestmark = pytest.mark.unit


def test_dense_from_sparse_halves():
    # The note: B200 ~9 PFLOPS sparse FP4, ~4.5 dense; R100 ~50 sparse, ~25 dense.
    assert_allclose(hardware.dense_from_sparse([9000.0, 50000.0]), [4500.0, 25000.0], rtol=0)


def test_dense_peaks_prefer_stated_dense_and_halve_sparse_only_when_needed(compute):
    table = hardware.dense_peaks(compute).set_index(["device", "precision"])
    assert table.at[("B200", "FP4"), "basis"] == "stated dense"
    assert_allclose(table.at[("B200", "FP4"), "dense_tera_ops_per_s"], 4500.0, rtol=0)
    # GB200 NVL72: only 1.44 EF sparse is stated, so dense = 720 PF for the rack.
    assert table.at[("GB200 NVL72", "FP4"), "basis"] == "half of sparse"
    assert_allclose(table.at[("GB200 NVL72", "FP4"), "dense_tera_ops_per_s"], 720000.0, rtol=0)
    assert ("MI355X", "FP4") not in table.index  # unlabelled: never treated as dense


def test_h200_over_h100_bandwidth_gain(accelerators):
    # 4.8 / 3.35 = 1.43284 (the note: bandwidth from 3.35 TB/s to 4.8 TB/s).
    steps = hardware.generation_steps(accelerators, data.load("accelerator_compute"))
    row = steps[(steps["old"] == "H100 SXM") & (steps["new"] == "H200")].iloc[0]
    assert_allclose(row["bandwidth_ratio"], 1.43284, rtol=1e-5)
    assert_allclose(row["compute_ratio"], 1.0, rtol=0)  # "same compute"


def test_like_for_like_fp8_blackwell_over_hopper(compute):
    # 2,250 / 1,979 = 1.13694, far from the note's "closer to 2.5x".
    assert_allclose(hardware.like_for_like_ratio(compute, "H100 SXM", "B200", "FP8"), 1.13694,
                    rtol=1e-5)  # fmt: skip


def test_marketing_ratio_mixes_precisions(compute):
    # B200 sparse FP4 over H100 dense FP8: 9,000 / 1,979 = 4.5478.
    got = hardware.ratio(hardware.peak(compute, "B200", "FP4", "sparse"),
                         hardware.peak(compute, "H100 SXM", "FP8", "dense"))  # fmt: skip
    assert_allclose(got, 4.5478, rtol=1e-4)


def test_compute_per_watt_and_energy_per_operation():
    # H100 FP8 dense at 700 W: 1,979 / 700 = 2.8271 TFLOP/s per W;
    # per kWh: 1.979e15 FLOP/s x 3.6e6 J/kWh / 700 W = 1.01777e19 FLOP/kWh.
    assert_allclose(hardware.compute_per_watt(1979.0, 700.0), 2.8271, rtol=1e-4)
    assert_allclose(hardware.operations_per_kWh(1979.0, 700.0), 1.01777e19, rtol=1e-5)


def test_annual_growth():
    # 4x in 2 years is 2x a year: +100 % per year; 1.21x in 2 years: +10 % per year.
    assert_allclose(hardware.annual_growth([4.0, 1.21], 2.0), [1.0, 0.1], rtol=1e-12)


def test_memory_sweeps_per_s():
    # H100: 3.35e12 B/s / 80e9 B = 41.875 full reads of memory per second.
    assert_allclose(hardware.memory_sweeps_per_s(3.35, 80.0), 41.875, rtol=1e-12)


def test_note_checks_by_hand(accelerators, compute):
    checks = hardware.note_checks(accelerators, compute).set_index("check")
    recomputed = checks["recomputed"]
    # 1.44e6 / 72 = 20,000 TFLOP/s sparse FP4 per GPU; 13,400 / 72 = 186.11 GB;
    # 64 x 1,300 = 83,200; 144 x 2,520 = 362,880; 15,000 / 4,500 = 3.333; 15,000 / 9,000 = 1.667;
    # 15,000 / 10,000 = 1.5; R100: 25,000 / 2 = 12,500.
    expected = {
        "GB200 NVL72 sparse FP4 per GPU vs B200 sparse FP4": 20000.0,
        "GB200 NVL72 memory per GPU vs B200 memory": 186.111,
        "Trn2 UltraServer FP8 from its chips": 83200.0,
        "Trn3 UltraServer FP8 from its chips": 362880.0,
        "B300 dense FP4 over B200 dense FP4": 3.33333,
        "B300 dense FP4 over B200 'sparse' FP4": 1.66667,
        "B300 dense FP4 over GB200 NVL72 dense FP4 per GPU": 1.5,
        "R100 dense FP8 vs half its dense FP4": 12500.0,
    }
    for check, value in expected.items():
        assert_allclose(recomputed[check], value, rtol=1e-5, err_msg=check)
    # Trn3: 362,880 / 362,000 = 1.00243, i.e. the note's 362 rounds the product.
    assert_allclose(checks.at["Trn3 UltraServer FP8 from its chips", "ratio"], 1.00243, rtol=1e-5)


def test_missing_compute_names_what_is_there(compute):
    with pytest.raises(KeyError, match="it holds: FP4 dense"):
        hardware.peak(compute[compute["device"] == "B300"], "B300", "FP8", "dense")


def test_hbm_table_refuses_an_unknown_device(accelerators):
    with pytest.raises(KeyError, match="lacks"):
        hardware.hbm_table_by_gpu(accelerators, devices=("H100 SXM", "No Such GPU"))


def test_generation_steps_columns(accelerators, compute):
    steps = hardware.generation_steps(accelerators, compute)
    assert isinstance(steps, pd.DataFrame)
    # A100 -> H100 BF16: 989 / 312 = 3.1699; bandwidth 3.35 / 2.039 = 1.6430.
    first = steps.iloc[0]
    assert_allclose([first["compute_ratio"], first["bandwidth_ratio"]], [3.1699, 1.6430],
                    rtol=1e-4)  # fmt: skip


def test_headline_peak_is_the_largest_stated_figure(compute):
    # B200: 9,000 sparse FP4 beats 4,500 dense FP4 and 2,250 dense FP8.
    assert_allclose(hardware.headline_peak(compute, "B200"), 9000.0, rtol=0)


def test_chained_index():
    # Steps 3, 2, 0.5 give 1, 3, 6, 3.
    assert_allclose(hardware.chained_index([3.0, 2.0, 0.5]), [1.0, 3.0, 6.0, 3.0], rtol=1e-12)
