"""analysis.sustained: expected values worked by hand."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import sustained

pytestmark = pytest.mark.unit


def test_sustained_range_by_hand():
    low, high = sustained.sustained_range(989.5, 0.38, 0.43)
    assert_allclose([low, high], [376.01, 425.485], rtol=1e-12)
    with pytest.raises(ValueError, match="fraction"):
        sustained.sustained_range(1.0, 0.6, 0.3)


def test_decode_fraction_is_intensity_over_ridge_and_capped_at_one():
    # 47 FLOP/B against H100's dense FP8 ridge 1,979 / 3.35 = 590.7 FLOP/B: 7.96%.
    assert_allclose(sustained.decode_fraction_of_peak(47.0, 1979 / 3.35), 47 * 3.35 / 1979)
    assert sustained.decode_fraction_of_peak(900.0, 590.7) == 1.0


def test_series_and_nan():
    index = pd.Index(["H100", "B200"])
    out = sustained.decode_fraction_of_peak(pd.Series([47.0, np.nan], index=index), 590.7)
    assert isinstance(out, pd.Series) and out.index.equals(index) and np.isnan(out["B200"])


def test_chip_peaks_reads_the_vendors_figures():
    from analysis import hardware
    from analysis.data import load

    devices = hardware.device_table(load("accelerators"), load("accelerator_specs"))
    peaks = sustained.chip_peaks(
        devices, load("accelerator_compute"), ["H100 SXM", "B200 HGX", "MI355X"]
    ).set_index("device")
    # H100 SXM: NVIDIA's 3,958 TFLOP/s FP8 with sparsity is its largest figure; dense BF16
    # 989.5 and dense FP8 1,979 are half the sparse ones (nvidia-h100); 3.35 TB/s.
    assert peaks.at["H100 SXM", "headline_tera_ops_per_s"] == 3958.0
    assert peaks.at["H100 SXM", "headline_basis"] == "FP8 sparse"
    assert peaks.at["H100 SXM", "training_dense_tera_ops_per_s"] == 989.5
    assert peaks.at["H100 SXM", "serving_dense_tera_ops_per_s"] == 1979.0
    assert peaks.at["H100 SXM", "memory_bandwidth_TB_per_s"] == 3.35
    # HGX B200: 18 PF FP4 sparse headline, 2.25 PF dense BF16, 4.5 PF dense FP8 (nvidia-hgx).
    assert peaks.at["B200 HGX", "headline_tera_ops_per_s"] == 18000.0
    assert peaks.at["B200 HGX", "training_dense_tera_ops_per_s"] == 2250.0
    # MI355X: AMD prints FP16, not BF16: 2.5 PF dense (amd-rocm-blog-matrix-cores).
    assert peaks.at["MI355X", "training_precision"] == "FP16"
    assert peaks.at["MI355X", "training_dense_tera_ops_per_s"] == 2500.0


def test_chip_peaks_names_a_missing_format():
    import pandas as pd

    devices = pd.DataFrame({"device": ["X"], "memory_bandwidth_TB_per_s": [1.0]})
    compute = pd.DataFrame(
        {"device": ["X"], "precision": ["FP8"], "sparsity": ["sparse"],
         "peak_tera_ops_per_s": [100.0]}
    )  # fmt: skip
    with pytest.raises(KeyError, match="no dense figure"):
        sustained.chip_peaks(devices, compute, ["X"])


def test_achieved_tflops_by_hand():
    # ML.ENERGY-like case: 6,827 token/s of a 70 B model over 4 GPUs:
    # 2 x 70e9 x 6,827 / 4 = 2.3895e14 FLOP/s = 238.945 TFLOP/s per GPU.
    assert_allclose(sustained.achieved_tflops(6827.0, 70.0, 4), 238.945, rtol=1e-12)
    assert_allclose(sustained.achieved_tflops(1.0, 1.0, 1), 2e-3, rtol=1e-12)
