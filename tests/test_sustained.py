"""Tests of analysis.sustained: expected values worked by hand."""

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import sustained
from analysis.data import load

pytestmark = pytest.mark.unit


def test_dense_from_sparse_is_half():
    # The note: B200 9 PFLOPS sparse FP4, "dense FP4 is roughly half" = 4.5.
    assert_allclose(sustained.dense_from_sparse(9000), 4500, rtol=1e-12)


def test_sustained_range_by_hand():
    low, high = sustained.sustained_range(989.0, 0.3, 0.5)
    assert_allclose([low, high], [296.7, 494.5], rtol=1e-12)
    with pytest.raises(ValueError, match="fraction"):
        sustained.sustained_range(1.0, 0.6, 0.3)


def _toy_compute():
    return pd.DataFrame(
        {
            "device": ["X", "X", "Y", "Z"],
            "precision": ["FP4", "FP4", "FP4", "FP4"],
            "sparsity": ["sparse", "dense", "sparse", "unlabelled"],
            "peak_tera_ops_per_s": [1000.0, 400.0, 800.0, 300.0],
        }
    )


def test_peaks_by_basis_prefers_stated_dense():
    peaks = sustained.peaks_by_basis(_toy_compute(), "FP4").set_index("device")
    # X: stated dense 400 kept, even though sparse/2 would give 500.
    assert_allclose(peaks.loc["X", "dense_peak"], 400.0)
    assert_allclose(peaks.loc["X", "marketing_peak"], 1000.0)
    # Y: only sparse 800 -> dense 400.
    assert_allclose(peaks.loc["Y", "dense_peak"], 400.0)
    assert peaks.loc["Y", "dense_basis"] == "halved from sparse"
    # Z: unlabelled 300 taken as both.
    assert_allclose(peaks.loc["Z", ["marketing_peak", "dense_peak"]].astype(float), [300, 300])


def test_ranges_applied_from_data_not_retyped():
    ranges = pd.DataFrame(
        {
            "workload": ["training", "inference"],
            "fraction_of_peak_low": [0.25, 0.1],
            "fraction_of_peak_high": [0.5, 0.7],
            "peak_basis": ["dense", "marketing"],
        }
    )
    peaks = sustained.peaks_by_basis(_toy_compute(), "FP4").set_index("device")
    out = sustained.apply_sustained_ranges(peaks, ranges)
    # X: training on dense 400 -> 100..200; inference on marketing 1000 -> 100..700.
    assert_allclose(out.loc["X", ["training_low", "training_high"]].astype(float), [100, 200])
    assert_allclose(out.loc["X", ["inference_low", "inference_high"]].astype(float), [100, 700])
    # 700 / 400 = 1.75 times the dense peak.
    assert_allclose(out.loc["X", "inference_high_over_dense"], 1.75)


def test_table_ranges_are_the_notes():
    # The note's section 9: MFU 30-50% for training, 30-60% of marketing peak for inference.
    ranges = load("sustained_ranges").set_index("workload")
    assert_allclose(
        ranges.loc["training", ["fraction_of_peak_low", "fraction_of_peak_high"]].astype(float),
        [0.30, 0.50],
    )
    assert_allclose(
        ranges.loc["inference", ["fraction_of_peak_low", "fraction_of_peak_high"]].astype(float),
        [0.30, 0.60],
    )
