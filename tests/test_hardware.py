"""analysis.hardware: the device table, binary capacities, the one dense peak, ratios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from analysis import data, hardware

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def devices():
    return hardware.device_table(data.load("accelerators"), data.load("accelerator_specs"))


def test_capacities_printed_in_gb_are_binary(devices):
    table = devices.set_index("device")
    assert_allclose(table.at["H100 SXM", "memory_GiB"], 80.0, rtol=0)
    assert_allclose(table.at["H100 SXM", "memory_GB"], 80 * 2**30 / 1e9, rtol=1e-12)  # 85.9
    assert_allclose(table.at["Trainium2", "memory_GiB"], 96.0, rtol=0)  # AWS prints GiB
    # A rack's TB is a thousand of the per-GPU units: 72 x 186 = 13,392, printed 13.4 TB.
    assert_allclose(table.at["GB200 NVL72", "memory_GiB"], 13400.0, rtol=0)


def test_capacity_rejects_unknown_units():
    with pytest.raises(ValueError, match="expected one of"):
        hardware.capacity_GiB(1.0, "MiB")


def test_device_table_carries_provenance(devices):
    table = devices.set_index("device")
    assert table.at["MI300X", "memory_GiB_verified"] == "primary"
    assert table.at["MI300X", "tdp_W_verified"] == "note-only"
    assert "amd-rocm-gpu-specs" in table.at["MI300X", "memory_GiB_source"]


def test_device_table_refuses_specs_of_unknown_devices():
    accelerators = data.load("accelerators")
    specs = data.load("accelerator_specs")
    bad = pd.concat([specs, specs.head(1).assign(device="No Such Chip")], ignore_index=True)
    with pytest.raises(KeyError, match="No Such Chip"):
        hardware.device_table(accelerators, bad)


def test_dense_peak_is_only_what_the_vendor_states(compute):
    assert hardware.dense_peak(compute, "B200 HGX", "FP4") == 9000.0
    assert hardware.dense_peak(compute, "B200 HGX", "FP8") == 4500.0  # half of 9,000 sparse
    with pytest.raises(KeyError, match="TPU v5e.*holds: BF16 unlabelled"):
        hardware.dense_peak(compute, "TPU v5e", "FP4")
    # Nothing halves an unlabelled figure: TPU figures carry no sparsity label.
    with pytest.raises(KeyError):
        hardware.dense_peak(compute, "TPU v7 Ironwood", "FP8")


def test_half_of_sparse_rows_are_half_their_sparse_row(compute):
    derived = compute[compute["derivation"] == "half_of_sparse"]
    assert len(derived) > 0
    for row in derived.itertuples(index=False):
        sparse = hardware.peak(compute, row.device, row.precision, "sparse")
        assert_allclose(row.peak_tera_ops_per_s, sparse / 2, rtol=0, err_msg=row.device)


def test_blackwell_ultra_and_rubin_sparsity_is_not_two_to_one(compute):
    assert_allclose(hardware.sparsity_gain(compute, "B300 NVL72", "FP4"), 20 / 15, rtol=1e-12)
    assert_allclose(hardware.sparsity_gain(compute, "R100", "FP4"), 50 / 35, rtol=1e-12)
    assert_allclose(hardware.sparsity_gain(compute, "B200 HGX", "FP4"), 2.0, rtol=1e-12)


def test_generation_steps(devices, compute):
    steps = pd.DataFrame({"old": ["H100 SXM"], "new": ["B200 HGX"], "precision": ["FP8"]})
    row = hardware.generation_steps(devices, compute, steps).iloc[0]
    assert_allclose(row["compute_ratio"], 4500 / 1979, rtol=1e-12)
    assert_allclose(row["bandwidth_ratio"], 7.7 / 3.35, rtol=1e-12)
    assert_allclose(row["capacity_ratio"], 180 / 80, rtol=1e-12)
    assert row["years"] == 2


def test_small_functions():
    assert_allclose(hardware.compute_per_watt(9000.0, 1000.0), 9.0)
    assert_allclose(hardware.joules_per_tera_op(9000.0, 1000.0), 1 / 9)
    assert_allclose(hardware.annual_growth(4.0, 2.0), 1.0)  # 4x in two years: 100% a year
    assert_allclose(hardware.chained_index([2.0, 3.0]), [1.0, 2.0, 6.0])
    assert_allclose(hardware.memory_sweeps_per_s(3.35, 85.9), 3.35e12 / 85.9e9)


def test_series_in_series_out():
    index = pd.Index(["a", "b"], name="device")
    watts = pd.Series([700.0, np.nan], index=index)
    out = hardware.compute_per_watt(pd.Series([1979.0, 4500.0], index=index), watts)
    assert isinstance(out, pd.Series) and out.index.equals(index)
    assert np.isnan(out["b"])
