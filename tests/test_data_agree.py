"""Where a figure of the note is held twice, in the claims table (what the note states, for
the checks appendix) and in a chapter's table (what the chapters compute with), the two
copies agree. A test, so that an edit to one copy cannot leave the other behind."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from analysis.data import load, lookup

pytestmark = pytest.mark.unit

#: claim_id -> (table, key column, key, value column, factor from claim unit to table unit)
SAME_FIGURE = {
    "s1_llama405_parameters": ("training_runs", "run", "Llama 3.1 405B", "parameters_B", 1),
    "s1_llama405_tokens": ("training_runs", "run", "Llama 3.1 405B", "training_tokens_T", 1),
    "s1_llama405_compute": ("training_runs", "run", "Llama 3.1 405B", "reported_compute_FLOP", 1),
    "s1_llama405_gpus": ("training_runs", "run", "Llama 3.1 405B", "gpus", 1),
    "s5_effective_training_time": (
        "training_runs", "run", "Llama 3.1 405B", "effective_training_time_low", 0.01,
    ),
    "s2_nvl72_memory": ("accelerators", "device", "GB200 NVL72", "memory_GB", 1000),
    **{
        f"s2_{claim}_{what}": ("accelerators", "device", device, column, 1)
        for claim, device in [
            ("h100", "H100 SXM"), ("h200", "H200"), ("b200", "B200"), ("b300", "B300"),
            ("r100", "R100"), ("mi300x", "MI300X"), ("mi325x", "MI325X"),
            ("mi355x", "MI355X"), ("trn2", "Trainium2"), ("trn3", "Trainium3"),
            ("maia100", "Maia 100"), ("maia200", "Maia 200"),
        ]
        for what, column in [("memory", "memory_GB"), ("bandwidth", "memory_bandwidth_TB_per_s")]
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def claims():
    return load("claims")


@pytest.mark.parametrize("claim_id", sorted(SAME_FIGURE))
def test_claim_and_chapter_table_agree(claims, claim_id):
    table, key_column, key, column, factor = SAME_FIGURE[claim_id]
    stated = lookup(claims, "claim_id", claim_id, "value_low") * factor
    assert_allclose(lookup(load(table), key_column, key, column), stated, rtol=1e-9)


def test_mfu_range_agrees(claims):
    run = load("training_runs").set_index("run").loc["Llama 3.1 405B"]
    low = lookup(claims, "claim_id", "s5_mfu", "value_low") / 100
    high = lookup(claims, "claim_id", "s5_mfu", "value_high") / 100
    assert_allclose([run.mfu_low, run.mfu_high], [low, high], rtol=1e-9)


@pytest.mark.parametrize(
    ("measure", "run_low", "run_high"),
    [
        ("effective_training_time", "effective_training_time_low", "effective_training_time_high"),
        ("mfu", "mfu_low", "mfu_high"),
    ],
)
def test_utilisation_table_agrees_with_the_training_run(measure, run_low, run_high):
    util = load("utilisation")
    row = util[(util["workload"] == "training") & (util["measure"] == measure)].iloc[0]
    run = load("training_runs").set_index("run").loc["Llama 3.1 405B"]
    assert_allclose(
        [row.value_low_fraction, row.value_high_fraction], [run[run_low], run[run_high]]
    )
