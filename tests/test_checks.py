"""Checks of the note's numbers (analysis.checks), against hand arithmetic.

Expected values are worked by hand from the note's stated figures (data/claims.csv) and
first principles; tolerances are stated in each assertion.
"""

import math

import pytest
from numpy.testing import assert_allclose

from analysis import appendix, checks
from analysis.data import load

pytestmark = pytest.mark.unit

TABLES = checks.load_tables()


def result(claim_id: str) -> checks.CheckResult:
    return checks.check_claim(TABLES, claim_id)[0]


def test_verdict_thresholds():
    assert checks.verdict_for_ratio(1.04) == "consistent"  # 4% apart
    assert checks.verdict_for_ratio(0.96) == "consistent"
    assert checks.verdict_for_ratio(1.10) == "rounding"  # 10% apart
    assert checks.verdict_for_ratio(1.20) == "inconsistent"  # 20% apart
    assert checks.verdict_for_ratio(1.01, exact=True) == "inconsistent"  # counts are exact


def test_ratio_to_range_uses_nearer_end():
    assert checks.ratio_to_range(3.0, 1.0, 4.0) == 1.0  # inside
    assert_allclose(checks.ratio_to_range(5.0, 1.0, 4.0), 1.25, rtol=1e-12)  # 5 / 4
    assert_allclose(checks.ratio_to_range(0.5, 1.0, 4.0), 0.5, rtol=1e-12)  # 0.5 / 1
    assert checks.ratio_to_range(100.0, math.nan, 1.0) == 100.0  # '< 1': 100 / 1
    assert checks.ratio_to_range(100.0, 20.0, math.nan) == 1.0  # '> 20': open above


def test_bounds():
    over = checks.stated_at_most(30.0, 60.0, 50.0)
    assert over.verdict == "exceeds bound"
    assert_allclose(over.ratio, 50 / 60, rtol=1e-12)
    under = checks.stated_at_least(120.0, 120.0, 72.0)
    assert under.verdict == "within bound"
    assert_allclose(under.ratio, 120 / 72, rtol=1e-12)  # stated over floor
    assert checks.stated_at_least(8.0, 8.0, 11.0).verdict == "exceeds bound"


def test_every_section_and_every_verdict():
    frame = checks.run_checks(TABLES)
    assert sorted(frame["section"].unique()) == list(range(1, 10))
    assert set(frame["verdict"]) <= set(checks.VERDICTS)
    checked = frame[frame["verdict"] != "cannot check"]
    assert sorted(checked["section"].unique()) == list(range(1, 10))  # a check in each
    assert (checked["how"].str.len() > 0).all()


def test_registered_checks_name_real_claims():
    ids = set(load("claims")["claim_id"])
    assert set(checks.CHECKS) <= ids
    assert set(checks.RULE_CHECKS) <= ids
    for rule, *inputs in checks.RULE_CHECKS.values():
        assert rule in checks.RULES
        assert set(inputs) <= ids


@pytest.mark.parametrize(
    ("claim_id", "expected", "verdict"),
    [
        ("s1_llama405_compute", 6 * 405e9 * 15.6e12, "consistent"),  # 3.7908e25 FLOP
        ("s1_llama405_tokens_per_parameter", 15600 / 405, "consistent"),  # 38.52
        ("s1_optimiser_memory_multiple", 16 / 2, "inconsistent"),  # 2+2+4+4+4 B over 2 B
        ("s1_reasoning_query_tokens", 150 * 90, "inconsistent"),  # 13,500 tokens
        ("s1_openai_inference_share_2024", 100 - 70, "consistent"),
        ("s2_h100_fp8_dense", 2 * 989, "consistent"),
        ("s2_h200_vs_h100_gain", (4.8 / 3.35 - 1) * 100, "rounding"),  # 43.3% vs 40%
        ("s2_b200_fp4_dense", 9 / 2, "consistent"),
        ("s2_nvl72_fp4_sparse", 72 * 9 / 1000, "inconsistent"),  # 0.648 EFLOP/s vs 1.44
        ("s2_nvl72_memory", 72 * 192 / 1000, "consistent"),  # 13.824 TB vs 13.4
        ("s2_nvl72_power", 72 * 1000 / 1000, "within bound"),  # 72 kW of GPUs in 120
        ("s2_nvl72_moe_params", 13.4e3 / 2, "within bound"),  # 6,700 billion at BF16
        ("s6_405b_h200_gpus", 6, "within bound"),  # ceil(810 GB / 141 GB) = 6 of 8
        ("s9_r100_broad_availability", 2027, "consistent"),
        ("s2_b300_lift_over_b200", (15 / 4.5 - 1) * 100, "inconsistent"),  # 233% vs 50%
        ("s2_r100_fp8_dense", 25 / 2, "inconsistent"),  # 12.5 vs 16
        ("s2_trn2_ultraserver_fp8", 64 * 1.3, "consistent"),  # 83.2
        ("s2_trn3_ultraserver_fp8", 144 * 2.52, "consistent"),  # 362.88
        ("s3_table_h200_memory", 141, "consistent"),
        ("s3_decode_b200_70b_fp8", 8e12 / 70e9, "consistent"),  # 114.3 token/s
        ("s3_decode_fp4_gain", 1.0 / 0.5, "consistent"),
        ("s3_ib_busbw", 8 * 400 / 8, "within bound"),  # 400 GB/s line rate
        ("s3_deepseek_alltoall", 400 / 8, "within bound"),  # 50 GB/s per NIC
        ("s4_multiple_over_air", 130 / 40, "inconsistent"),
        ("s5_mfu_rounded", (38 + 43) / 2, "consistent"),
        ("s6_decode_per_gpu", 3.35e12 / 16e9, "within bound"),  # 209 token/s
        ("s6_h100x8_405b_fp8", 8 * 3.35e12 / 405e9, "within bound"),  # 66 token/s
        ("s6_nvfp4_memory", 1 / (0.5 + 1 / 16), "consistent"),  # 1.78
        ("s6_blackwell_vs_hopper_fp8", 2250 / 1979, "inconsistent"),  # 1.14 vs 2.5
        ("s6_blackwell_vs_hopper", 4500 / 1979, "inconsistent"),  # 2.27 vs 5
        ("s6_kv_per_token", 2 * 80 * 8 * 128 * 2 / 1e3, "consistent"),  # 327.68 kB
        ("s6_kv_per_request", 327680 * 8192 / 1e9, "consistent"),  # 2.684 GB
        ("s6_kv_32_requests", 32 * 327680 * 8192 / 1e9, "consistent"),  # 85.9 GB
        ("s6_gqa_reduction", 64 / 8, "consistent"),
        ("s6_combined_concurrency", 8 * 2 / (1 - 0.6), "inconsistent"),  # 40 vs 10-30
        ("s6_speculative_speedup", (1 - 0.8**4) / (1 - 0.8), "consistent"),  # 2.952
        ("s7_a100_value", 2.039 / 3.35 * 100, "inconsistent"),  # 61% vs 80-90%
        ("s8_moe_compute_saving", 671 / 37, "consistent"),  # 18.1
        ("s9_inference_sustained", 100 / 2, "exceeds bound"),  # 60% of sparse = 120% dense
        ("s9_training_mfu", (38 + 43) / 2, "consistent"),
    ],
)
def test_check_arithmetic(claim_id, expected, verdict):
    outcome = result(claim_id)
    assert_allclose(outcome.recomputed, expected, rtol=1e-9)  # same arithmetic, float noise
    assert outcome.verdict == verdict


def test_coolant_rise_by_hand():
    # 2 L/s x 994.03 kg/m3 = 1.98806 kg/s; 130 kW / (1.98806 x 4.1793 kJ/(kg K)) = 15.65 K
    assert_allclose(result("s4_coolant_rise").recomputed, 130 / (2 * 0.99403 * 4.1793), rtol=1e-9)


def test_prefill_by_hand():
    # Llama 3 8B: 2 x 8e9 x 1e4 = 1.6e14 FLOP, plus attention 32 x 4096 x 1e4 x 10001;
    # at 45% of 989 TFLOP/s: about 389 ms, inside the note's 200-400 ms.
    flop = 2 * 8e9 * 1e4 + 32 * 4096 * 1e4 * 10001
    expected_ms = flop / (0.45 * 989e12) * 1e3
    assert_allclose(result("s6_prefill_h100_10k").recomputed, expected_ms, rtol=1e-9)
    assert_allclose(expected_ms, 389, atol=1)


def test_unchecked_claim_says_so():
    outcome, how = checks.check_claim(TABLES, "s7_meta_saving")
    assert outcome.verdict == "cannot check"
    assert how == ""
    assert math.isnan(outcome.recomputed)


def test_implied_b200_routes_by_hand():
    implied = checks.implied_b200_dense_fp4(TABLES).set_index("claim_id")
    low = implied["low_PFLOP_per_s"]
    assert_allclose(low["s2_b200_fp4_dense"], 4.5, rtol=1e-12)  # the note's figure
    assert_allclose(low["s2_nvl72_fp4_sparse"], 1440 / 72 / 2, rtol=1e-12)  # 10 PFLOP/s
    assert_allclose(low["s2_b300_lift_over_b200"], 15 / 1.5, rtol=1e-12)  # 10 PFLOP/s
    assert_allclose(low["s6_blackwell_vs_hopper_fp8"], 2.5 * 1.979 * 2, rtol=1e-12)  # 9.9
    assert_allclose(low["s6_blackwell_vs_hopper"], 5 * 1.979, rtol=1e-12)  # 9.9
    assert_allclose(implied.loc["s7_b200_vs_h100_training", "high_PFLOP_per_s"], 3 * 1.979 * 2)


def test_stated_text():
    assert appendix.stated_text(30.0, 50.0, "%") == "30–50 %"
    assert appendix.stated_text(math.nan, 1.0, "%") == "< 1 %"
    assert appendix.stated_text(20.0, math.nan, "PFLOP/s") == "> 20 PFLOP/s"
    assert appendix.stated_text(3.8e25, 3.8e25, "FLOP") == "3.8 × 10²⁵ FLOP"
    assert appendix.stated_text(2.0, 2.0, "x") == "2 ×"
    assert appendix.stated_text(2027.0, 2027.0, "year", 3) == "2027 year"
