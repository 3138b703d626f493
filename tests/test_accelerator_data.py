"""The accelerator tables: every device the note names, variants apart, sane values."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import data, hardware

pytestmark = pytest.mark.unit

#: Every device the note's section 2 names, as rows of accelerators.csv (variants apart).
NAMED_DEVICES = (
    "A100", "H100 SXM", "H200 SXM", "B200 HGX", "B200 NVL72", "GB200 NVL72", "B300 HGX",
    "B300 NVL72", "GB300 NVL72", "R100", "MI300X", "MI325X", "MI355X", "Trainium2",
    "Trn2 instance", "Trn2 UltraServer", "Trainium3", "Trn3 UltraServer", "Inferentia2",
    "TPU v5p", "TPU v5e", "TPU v6e Trillium", "TPU v7 Ironwood", "Maia 100", "Maia 200",
    "MTIA v1", "MTIA v2", "Groq LPU", "Cerebras WSE-3", "SambaNova SN40L",
    "Tenstorrent Blackhole", "Xeon 6 Granite Rapids", "EPYC 9005 Turin",
)  # fmt: skip


@pytest.fixture(scope="module")
def devices():
    return hardware.device_table(data.load("accelerators"), data.load("accelerator_specs"))


def test_every_named_device_is_present_once(accelerators):
    devices = list(accelerators["device"])
    assert sorted(set(devices)) == sorted(devices), "duplicate device ids"
    assert not [d for d in NAMED_DEVICES if d not in devices]


def test_variants_share_a_product(accelerators):
    products = accelerators.set_index("device")["product"]
    assert products["B200 HGX"] == products["B200 NVL72"] == "B200"
    assert products["B300 HGX"] == products["B300 NVL72"] == "B300"


def test_one_spec_value_per_device_and_quantity():
    specs = data.load("accelerator_specs")
    assert not specs.duplicated(["device", "quantity"]).any()
    compute = data.load("accelerator_compute")
    assert not compute.duplicated(["device", "precision", "sparsity"]).any()


def test_chip_power_is_plausible(devices):
    gpus = devices[devices["kind"] == "gpu"].dropna(subset=["tdp_W"])
    assert len(gpus) >= 8
    assert ((gpus["tdp_W"] >= 300) & (gpus["tdp_W"] <= 2000)).all()


def test_racks_hold_their_gpus_memory(devices):
    table = devices.set_index("device")
    for rack, gpu in (("GB200 NVL72", "B200 NVL72"), ("GB300 NVL72", "B300 NVL72")):
        per_gpu = table.at[rack, "memory_GiB"] / table.at[rack, "chips"]
        assert abs(per_gpu / table.at[gpu, "memory_GiB"] - 1) < 0.01, rack  # 72 x 186 = 13.4 k


def test_bandwidth_is_decimal_and_positive(devices):
    bandwidth = devices["memory_bandwidth_TB_per_s"].dropna()
    assert (bandwidth > 0).all()
    assert np.isclose(devices.set_index("device").at["A100", "memory_bandwidth_TB_per_s"], 2.039)
