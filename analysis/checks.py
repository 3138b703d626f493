"""Recompute the note's numbers from its other numbers or from first principles.

Each check reads the claims it needs from table ``claims`` (the note's figures, section by
section; source leitch-2026 and the keys the note cites), recomputes one of them with the
functions of the other modules, and returns a :class:`CheckResult`: the stated value or
range, the recomputed value, their ratio and a verdict. The ratio is always recomputed
over stated; for a range it is taken against the nearer end (1 inside the range).

Verdicts (:data:`VERDICTS`): ``consistent`` (within 5%), ``rounding`` (within 15%, the
size of gap that the note's rounded inputs can open; never allowed for exact counts),
``inconsistent`` (further apart), ``within bound`` / ``exceeds bound`` (the stated value
against a physical limit that we compute), ``cannot check`` (nothing in the note or in
first principles fixes it).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis import (
    collectives,
    cooling,
    hardware,
    kvcache,
    moe,
    power,
    precision,
    prefill,
    roofline,
    speculative,
    workloads,
)
from analysis.data import load, lookup
from analysis.verdicts import (  # noqa: F401  (re-exported for the checks page and tests)
    VERDICTS,
    CheckResult,
    Tables,
    compare,
    load_tables,
    ratio_to_range,
    stated_at_least,
    stated_at_most,
    verdict_for_ratio,
)

_bytes = precision.bytes_per_value  # bytes per stored value of a number format


# One function per check. Each docstring gives the arithmetic; claims are named by id.
def llama_compute(t: Tables) -> CheckResult:
    """6 x parameters x tokens, the usual training-compute rule (kaplan-2020)."""
    flop = workloads.training_compute_flop(
        t.point("s1_llama405_parameters") * 1e9, t.point("s1_llama405_tokens") * 1e12
    )
    return compare(*t.range("s1_llama405_compute"), flop)


def llama_tokens_per_parameter(t: Tables) -> CheckResult:
    """Training tokens divided by parameters."""
    ratio = workloads.tokens_per_parameter(
        t.point("s1_llama405_tokens") * 1e12, t.point("s1_llama405_parameters") * 1e9
    )
    return compare(*t.range("s1_llama405_tokens_per_parameter"), ratio)


def optimiser_memory(t: Tables) -> CheckResult:
    """Mixed-precision Adam: 16 bytes per parameter over 2 for BF16 weights.

    Bytes from table training_memory (rajbhandari-zero-2020).
    """
    multiple = workloads.training_bytes_per_parameter() / precision.bytes_per_value("BF16")
    return compare(*t.range("s1_optimiser_memory_multiple"), multiple)


def compute_split(t: Tables) -> CheckResult:
    """100% minus the training share."""
    return compare(*t.range("s1_openai_inference_share_2024"),
                   100.0 - t.point("s1_openai_training_share_2024"))  # fmt: skip


def reasoning_query_tokens(t: Tables) -> CheckResult:
    """Tokens the top of section 6's per-GPU decode speed yields in 90 s."""
    top_speed = t.range("s6_decode_per_gpu")[1]
    tokens = top_speed * t.point("s1_reasoning_query_seconds")
    return compare(*t.range("s1_reasoning_query_tokens"), tokens)


#: Checks that are one arithmetic rule applied to other claims: rule name -> (formula, fn).
RULES: dict[str, tuple[str, Callable[..., float]]] = {
    "half": ("half of {0}",
             lambda a: hardware.dense_from_sparse(a)),
    "double": ("twice {0}", lambda a: 2.0 * a),
    "product": ("{0} x {1}", lambda a, b: hardware.system_total(a, b)),
    "product_k": ("{0} x {1}, / 1,000",
                  lambda a, b: hardware.system_total(a, b) / 1e3),
    "ratio": ("{0} / {1}", lambda a, b: hardware.ratio(a, b)),
    "gain": ("({0} / {1} - 1) x 100%", lambda a, b: (hardware.ratio(a, b) - 1.0) * 100.0),
    "same": ("the same as {0} (mid-range)", lambda a: a),
}  # fmt: skip

#: Devices of the note's per-GPU HBM table (section 3), whose rows repeat section 2.
_HBM_TABLE_DEVICES = ("h100", "h200", "b200", "b300", "r100", "mi300x", "mi325x", "mi355x")
_HBM_TABLE_DEVICES += ("trn2", "trn3", "maia200")

#: claim_id -> (rule, input claim ids...): the rule's arguments are those claims' values.
RULE_CHECKS: dict[str, tuple[str, ...]] = {
    "s2_h100_fp8_dense": ("double", "s2_h100_bf16_dense"),
    "s2_h200_vs_h100_gain": ("gain", "s2_h200_bandwidth", "s2_h100_bandwidth"),
    "s2_b200_fp4_dense": ("half", "s2_b200_fp4_sparse"),
    "s2_b200_fp8_dense": ("half", "s2_b200_fp4_dense"),
    "s2_nvl72_memory": ("product_k", "s2_nvl72_gpus", "s2_b200_memory"),
    "s2_nvl72_fp4_sparse": ("product_k", "s2_nvl72_gpus", "s2_b200_fp4_sparse"),
    "s2_b300_lift_over_b200": ("gain", "s2_b300_fp4_dense", "s2_b200_fp4_dense"),
    "s2_gb300_vs_gb200": ("ratio", "s2_b300_fp4_dense", "s2_b200_fp4_dense"),
    "s2_r100_fp4_dense": ("half", "s2_r100_fp4_sparse"),
    "s2_r100_fp8_dense": ("half", "s2_r100_fp4_dense"),
    "s2_trn2_ultraserver_fp8": ("product", "s2_trn2_ultraserver_chips", "s2_trn2_fp8_dense"),
    "s2_trn3_ultraserver_fp8": ("product", "s2_trn3_ultraserver_chips", "s2_trn3_fp8_dense"),
    "s2_mtia2_int8": ("double", "s2_mtia2_fp16"),
    **{
        f"s3_table_{k}_{q}": ("same", f"s2_{k}_{q}")
        for k in _HBM_TABLE_DEVICES
        for q in ("memory", "bandwidth")
    },
    "s5_llama_cluster_gpus": ("same", "s1_llama405_gpus"),
    "s8_reasoning_token_multiple": ("same", "s1_reasoning_token_multiple"),
    "s8_serving_gain": ("same", "s6_speculative_speedup"),
    "s9_b200_fp4_marketing": ("same", "s2_b200_fp4_sparse"),
    "s9_training_mfu": ("same", "s5_mfu"),
    "s9_inference_utilisation": ("same", "s5_inference_utilisation"),
    "s9_meta_ett": ("same", "s5_effective_training_time"),
    "s9_meta_mfu": ("same", "s5_mfu"),
    "s9_openai_inference_share": ("same", "s1_openai_inference_share_2024"),
    "s9_r100_broad_availability": ("same", "s2_r100_broad_availability"),
    "s9_maia200_production": ("same", "s2_maia200_production"),
    "s9_trn3_ga": ("same", "s2_trn3_ga"),
    "s5_reasoning_query_tokens": ("same", "s1_reasoning_query_tokens"),
}


def rule_check(t: Tables, claim_id: str) -> tuple[CheckResult, str]:
    """Apply the rule of :data:`RULE_CHECKS` to ``claim_id``: result and formula in words."""
    rule, *inputs = RULE_CHECKS[claim_id]
    formula, function = RULES[rule]
    values = [float(np.nanmean(t.range(i))) for i in inputs]
    how = formula.format(*(lookup(t.claims, "claim_id", i, "quantity") for i in inputs))
    return compare(*t.range(claim_id), function(*values)), how


def nvl72_power_from_parts(t: Tables) -> CheckResult:
    """GPU power alone, 72 x 1,000 W, must not exceed the rack's power (a floor)."""
    gpus_kW = power.rack_power_from_parts_kW(t.point("s2_nvl72_gpus"), t.point("s2_b200_tdp"))
    return stated_at_least(*t.range("s2_nvl72_power"), gpus_kW)


def nvl72_moe_fits(t: Tables) -> CheckResult:
    """Limit: parameters whose BF16 weights fill the rack's GPU memory, in billions."""
    limit = t.point("s2_nvl72_memory") * 1e3 / precision.bytes_per_value("BF16")
    return stated_at_most(*t.range("s2_nvl72_moe_params"), limit)


def h200_node_405b(t: Tables) -> CheckResult:
    """Floor: H200s that hold 405 B parameters at BF16 (810 GB over 141 GB each)."""
    weights = workloads.resident_memory_gb(t.point("s1_llama405_parameters"), _bytes("BF16"))
    return stated_at_least(
        *t.range("s6_405b_h200_gpus"), math.ceil(weights / t.point("s2_h200_memory"))
    )


def decode_ceiling_b200(t: Tables) -> CheckResult:
    """Bandwidth over bytes read per token: 8 TB/s over 70 GB of FP8 weights."""
    weights = workloads.resident_memory_gb(t.model("Llama 3 70B", "parameters_B"), _bytes("FP8"))
    ceiling = roofline.decode_ceiling_tokens_per_s(t.point("s2_b200_bandwidth"), weights)
    return compare(*t.range("s3_decode_b200_70b_fp8"), ceiling)


def fp4_decode_gain(t: Tables) -> CheckResult:
    """Bytes per value of FP8 over FP4, at equal bandwidth."""
    gain = precision.bytes_per_value("FP8") / precision.bytes_per_value("FP4")
    return compare(*t.range("s3_decode_fp4_gain"), gain)


def fabric_line_rate(claim_id: str):
    """Limit: the node's line rate, 8 links x 400 Gb/s, if the figure is a node total."""

    def check(t: Tables) -> CheckResult:
        rate = collectives.line_rate_GB_per_s(t.point("s3_deepseek_nics"), t.point("s3_ib_link"))
        return stated_at_most(*t.range(claim_id), rate)

    check.__doc__ = fabric_line_rate.__doc__
    return check


def alltoall_per_nic(t: Tables) -> CheckResult:
    """Limit: one 400 Gb/s link per GPU, in GB/s."""
    rate = collectives.line_rate_GB_per_s(1, t.point("s3_ib_link"))
    return stated_at_most(*t.range("s3_deepseek_alltoall"), rate)


def seventy_b_on_one_server(t: Tables) -> CheckResult:
    """Floor: H100s that hold 70 B parameters at BF16 (140 GB over 80 GB each)."""
    needed = math.ceil(
        workloads.resident_memory_gb(t.model("Llama 3 70B", "parameters_B"), _bytes("BF16"))
        / t.point("s2_h100_memory")
    )
    return stated_at_least(*t.range("s3_70b_one_server"), needed)


def rack_over_air_ceiling(t: Tables) -> CheckResult:
    """130 kW over the bottom of the 40-60 kW air ceiling (the most generous reading)."""
    multiple = power.ratio_to_ceiling(t.range("s4_rack_gb200")[1], t.range("s4_air_ceiling")[0])
    return compare(*t.range("s4_multiple_over_air"), multiple)


def coolant_rise(t: Tables) -> CheckResult:
    """Rise Q / (density x flow x heat capacity) for 130 kW at 2 L/s of water (iapws-95)."""
    flow = cooling.mass_flow_kg_per_s(t.point("s4_coolant_flow"), t.water(35, "density_kg_per_m3"))
    rise = cooling.temperature_rise_K(
        t.range("s4_rack_gb200")[1], flow, t.water(35, "specific_heat_kJ_per_kg_K")
    )
    return compare(*t.range("s4_coolant_rise"), rise)


def mfu_rounded(t: Tables) -> CheckResult:
    """Midpoint of the 38-43% MFU range."""
    return compare(*t.range("s5_mfu_rounded"), float(np.mean(t.range("s5_mfu"))))


def training_load(t: Tables) -> CheckResult:
    """Limit: a cluster training 90% of the time averages at most 90% of rated power."""
    return stated_at_most(*t.range("s5_training_load"), t.point("s5_effective_training_time"))


def prefill_utilisation(t: Tables) -> float:
    """Assumed share of peak in prefill [-]: the middle of the note's sustained range (s9)."""
    return float(np.mean(t.range("s9_inference_sustained"))) / 100


def prefill_prompt_tokens() -> float:
    """Prompt length of the note's prefill figure [tokens], from ``throughput_benchmarks``."""
    return float(
        lookup(load("throughput_benchmarks"), "benchmark", "prefill_h100_10k", "prompt_tokens")
    )


def prefill_h100(t: Tables) -> CheckResult:
    """Llama 3 8B: (2 x parameters x tokens + attention) over the middle of 30-60% of peak."""
    model = "Llama 3 8B"
    flop = prefill.prefill_matmul_flop(
        t.model(model, "active_parameters_B"), prefill_prompt_tokens()
    )
    width = t.model(model, "attention_heads") * t.model(model, "head_dim")
    flop = flop + prefill.prefill_attention_flop(
        t.model(model, "layers"), width, prefill_prompt_tokens()
    )
    peak = t.point("s2_h100_bf16_dense")
    seconds = prefill.prefill_time_s(flop, peak, prefill_utilisation(t))
    return compare(*t.range("s6_prefill_h100_10k"), seconds * 1e3)


def decode_per_gpu(t: Tables) -> CheckResult:
    """Limit: one stream of Llama 3 8B at BF16 on an H100, bandwidth over weights."""
    weights = workloads.resident_memory_gb(t.model("Llama 3 8B", "parameters_B"), _bytes("BF16"))
    ceiling = roofline.decode_ceiling_tokens_per_s(t.point("s2_h100_bandwidth"), weights)
    return stated_at_most(*t.range("s6_decode_per_gpu"), ceiling)


def h100x8_405b(t: Tables) -> CheckResult:
    """Limit: one stream on 8 H100s, 8 x 3.35 TB/s over 405 GB of FP8 weights."""
    weights = workloads.resident_memory_gb(t.point("s1_llama405_parameters"), _bytes("FP8"))
    ceiling = roofline.decode_ceiling_tokens_per_s(8 * t.point("s2_h100_bandwidth"), weights)
    return stated_at_most(*t.range("s6_h100x8_405b_fp8"), ceiling)


def bf16_bytes(t: Tables) -> CheckResult:
    """Sixteen bits at 8 bits per byte."""
    return compare(*t.range("s6_bf16_bytes"), precision.bytes_per_value("BF16"))


def nvfp4_memory(t: Tables) -> CheckResult:
    """Bytes per value of FP8 over NVFP4 (half a byte plus a shared scale per 16)."""
    gain = precision.bytes_per_value("FP8") / precision.bytes_per_value("NVFP4")
    return compare(*t.range("s6_nvfp4_memory"), gain)


def nvfp4_throughput(t: Tables) -> CheckResult:
    """Limit: the memory-bound gain, FP8 over NVFP4 bytes per value."""
    gain = precision.bytes_per_value("FP8") / precision.bytes_per_value("NVFP4")
    return stated_at_most(*t.range("s6_nvfp4_throughput"), gain)


def blackwell_headline(t: Tables) -> CheckResult:
    """B200 dense FP4 over H100 dense FP8, both as the note states them."""
    ratio = t.point("s2_b200_fp4_dense") * 1e3 / t.point("s2_h100_fp8_dense")
    return compare(*t.range("s6_blackwell_vs_hopper"), ratio)


def blackwell_fp8(claim_id: str):
    """B200 dense FP8 over H100 dense FP8, both as the note states them."""

    def check(t: Tables) -> CheckResult:
        ratio = hardware.ratio(t.point("s2_b200_fp8_dense") * 1e3, t.point("s2_h100_fp8_dense"))
        return compare(*t.range(claim_id), ratio)

    check.__doc__ = blackwell_fp8.__doc__
    return check


def _llama70_kv_per_token_B(t: Tables) -> float:
    m = "Llama 3 70B"
    args = (t.model(m, "layers"), t.model(m, "kv_heads"), t.model(m, "head_dim"), 2.0)
    return float(kvcache.kv_bytes_per_token(*args))


def kv_per_token(t: Tables) -> CheckResult:
    """2 x 80 layers x 8 KV heads x 128 values x 2 bytes (BF16), in kB."""
    return compare(*t.range("s6_kv_per_token"), _llama70_kv_per_token_B(t) / 1e3)


def kv_per_request(t: Tables, requests: int = 1, claim_id: str = "s6_kv_per_request"):
    """KV cache per token x 8,192 tokens, in GB."""
    total = kvcache.kv_bytes_for_batch(_llama70_kv_per_token_B(t), 8192, requests)
    return compare(*t.range(claim_id), total / 1e9)


def kv_32_requests(t: Tables) -> CheckResult:
    """KV cache per token x 8,192 tokens x 32 requests, in GB."""
    return kv_per_request(t, 32, "s6_kv_32_requests")


def gqa(t: Tables) -> CheckResult:
    """Query heads over KV heads of Llama 3 70B."""
    m = "Llama 3 70B"
    factor = kvcache.gqa_reduction_factor(t.model(m, "attention_heads"), t.model(m, "kv_heads"))
    return compare(*t.range("s6_gqa_reduction"), factor)


def kv_quantisation(t: Tables) -> CheckResult:
    """BF16 over FP4 bytes per value (the top of the range; FP8 gives 2)."""
    return compare(*t.range("s6_kv_quant_reduction"), kvcache.precision_reduction_factor(2, 0.5))


def combined_concurrency(t: Tables) -> CheckResult:
    """Smallest product of the parts: GQA 8 x FP8 2 x paging 1 / (1 - 60%)."""
    paging = kvcache.paged_capacity_factor(t.range("s6_paged_waste")[0] / 100)
    low = t.point("s6_gqa_reduction") * t.range("s6_kv_quant_reduction")[0] * paging
    return compare(*t.range("s6_combined_concurrency"), low)


#: Draft length assumed for speculative decoding (leviathan-2023 try several; 3 is typical).
DRAFT_TOKENS = 3


def speculative_gain(t: Tables) -> CheckResult:
    """Tokens per verification step at 80% acceptance, 3 draft tokens (leviathan-2023)."""
    rate = t.point("s6_eagle3_acceptance") / 100
    gain = speculative.expected_tokens_per_step(rate, DRAFT_TOKENS)
    return compare(*t.range("s6_speculative_speedup"), gain)


def a100_value(t: Tables) -> CheckResult:
    """A100 over H100 memory bandwidth (nvidia-a100), the memory-bound value."""
    share = t.device("A100", "memory_bandwidth_TB_per_s") / t.point("s2_h100_bandwidth")
    return compare(*t.range("s7_a100_value"), share * 100)


def moe_saving(t: Tables) -> CheckResult:
    """Total over active parameters."""
    ratio = moe.compute_ratio_dense_to_moe(
        t.point("s8_deepseek_total"), t.point("s8_deepseek_active")
    )
    return compare(*t.range("s8_moe_compute_saving"), ratio)


def dense_share_of_sparse(t: Tables) -> CheckResult:
    """2:4 sparsity skips half the products, so dense = sparse / 2."""
    return compare(*t.range("s9_dense_share_of_sparse"), hardware.dense_from_sparse(100.0))


def inference_share_of_dense(t: Tables) -> CheckResult:
    """Limit: a dense peak is 50% of a sparse marketing peak."""
    dense_share = hardware.dense_from_sparse(100.0)
    return stated_at_most(*t.range("s9_inference_sustained"), dense_share)


#: Checks with their own function: claim_id -> function of the tables.
CHECKS: dict[str, Callable[[Tables], CheckResult]] = {
    "s1_optimiser_memory_multiple": optimiser_memory,
    "s1_llama405_tokens_per_parameter": llama_tokens_per_parameter,
    "s1_llama405_compute": llama_compute,
    "s1_reasoning_query_tokens": reasoning_query_tokens,
    "s1_openai_inference_share_2024": compute_split,
    "s2_nvl72_power": nvl72_power_from_parts,
    "s2_nvl72_moe_params": nvl72_moe_fits,
    "s3_decode_b200_70b_fp8": decode_ceiling_b200,
    "s3_decode_fp4_gain": fp4_decode_gain,
    "s3_ib_busbw": fabric_line_rate("s3_ib_busbw"),
    "s3_roce_busbw": fabric_line_rate("s3_roce_busbw"),
    "s3_70b_one_server": seventy_b_on_one_server,
    "s3_deepseek_alltoall": alltoall_per_nic,
    "s4_multiple_over_air": rack_over_air_ceiling,
    "s4_coolant_rise": coolant_rise,
    "s5_mfu_rounded": mfu_rounded,
    "s5_training_load": training_load,
    "s6_prefill_h100_10k": prefill_h100,
    "s6_decode_per_gpu": decode_per_gpu,
    "s6_h100x8_405b_fp8": h100x8_405b,
    "s6_405b_h200_gpus": h200_node_405b,
    "s6_nvfp4_throughput": nvfp4_throughput,
    "s6_nvfp4_memory": nvfp4_memory,
    "s6_bf16_bytes": bf16_bytes,
    "s6_blackwell_vs_hopper": blackwell_headline,
    "s6_blackwell_vs_hopper_fp8": blackwell_fp8("s6_blackwell_vs_hopper_fp8"),
    "s6_kv_per_token": kv_per_token,
    "s6_kv_per_request": kv_per_request,
    "s6_kv_32_requests": kv_32_requests,
    "s6_gqa_reduction": gqa,
    "s6_kv_quant_reduction": kv_quantisation,
    "s6_combined_concurrency": combined_concurrency,
    "s6_speculative_speedup": speculative_gain,
    "s7_b200_vs_h100_training": blackwell_fp8("s7_b200_vs_h100_training"),
    "s7_a100_value": a100_value,
    "s8_moe_compute_saving": moe_saving,
    "s9_inference_sustained": inference_share_of_dense,
    "s9_dense_share_of_sparse": dense_share_of_sparse,
}


def check_claim(t: Tables, claim_id: str) -> tuple[CheckResult, str]:
    """Run the check of ``claim_id``: its result and how it was recomputed, in words."""
    if claim_id in RULE_CHECKS:
        return rule_check(t, claim_id)
    if claim_id in CHECKS:
        function = CHECKS[claim_id]
        return function(t), (function.__doc__ or "").strip().splitlines()[0]
    low, high = t.range(claim_id)
    return CheckResult(low, high, math.nan, math.nan, "cannot check"), ""


def run_checks(t: Tables | None = None) -> pd.DataFrame:
    """Every claim of table ``claims`` with how, stated range, recomputed, ratio, verdict.

    Claims without a check get ``cannot check`` and NaN for recomputed and ratio.
    """
    t = load_tables() if t is None else t
    rows = []
    for claim in t.claims.itertuples(index=False):
        result, how = check_claim(t, claim.claim_id)
        rows.append({**claim._asdict(), "how": how, **result.__dict__})
    return pd.DataFrame(rows)


def implied_b200_dense_fp4(t: Tables) -> pd.DataFrame:
    """B200 dense FP4 peak [PFLOP/s] implied by each of the note's other statements.

    Rack share: 1.44 EFLOP/s sparse / 72 GPUs / 2; B300 lift: 15 / 1.5; like-for-like
    FP8 uplift over H100: 2.5 x 1,979 TFLOP/s x 2 (FP4 = 2 x FP8); training uplift (section
    7): 2.5-3 x the same; headline 5x (FP4 against H100 FP8): 5 x 1,979 TFLOP/s.
    """
    h100_fp8_pf = t.point("s2_h100_fp8_dense") / 1e3
    rack = hardware.per_chip(t.point("s2_nvl72_fp4_sparse") * 1e3, t.point("s2_nvl72_gpus"))
    training = [x * h100_fp8_pf * 2 for x in t.range("s7_b200_vs_h100_training")]
    rows = [
        ("s2_b200_fp4_dense", "the note's own figure", *t.range("s2_b200_fp4_dense")),
        ("s2_nvl72_fp4_sparse", "GB200 NVL72 rack rating shared over 72 GPUs, halved",
         *[hardware.dense_from_sparse(rack)] * 2),
        ("s2_b300_lift_over_b200", "B300 dense FP4 divided by the stated 1.5x lift",
         *[t.point("s2_b300_fp4_dense") / (1 + t.point("s2_b300_lift_over_b200") / 100)] * 2),
        ("s6_blackwell_vs_hopper_fp8", "like-for-like FP8 uplift over H100, times 2 for FP4",
         *[t.point("s6_blackwell_vs_hopper_fp8") * h100_fp8_pf * 2] * 2),
        ("s6_blackwell_vs_hopper", "headline 5x of Blackwell FP4 over Hopper FP8",
         *[t.point("s6_blackwell_vs_hopper") * h100_fp8_pf] * 2),
        ("s7_b200_vs_h100_training", "training uplift over H100 (FP8), times 2 for FP4",
         *training),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["claim_id", "route", "low_PFLOP_per_s", "high_PFLOP_per_s"])


def result(claim_id: str) -> pd.Series:
    """One claim's row of :func:`run_checks`: stated range, recomputed, ratio, verdict, how.

    Every page that states a verdict takes it from here, so that each claim has one
    verdict across the book.
    """
    results = _cached_results()
    rows = results[results["claim_id"] == claim_id]
    if len(rows) != 1:
        raise KeyError(f"claims.csv: no single claim {claim_id!r}")
    return rows.iloc[0]


_RESULTS: list[pd.DataFrame] = []


def _cached_results() -> pd.DataFrame:
    if not _RESULTS:
        _RESULTS.append(run_checks())
    return _RESULTS[0]


def glue_result(claim_id: str, chapter: int | str, digits: int = 3) -> None:
    """Glue a claim's verdict, ratio and recomputed value for a chapter's prose.

    Names: ``ch<chapter>_<claim_id>_verdict``, ``..._ratio`` (recomputed over stated, as
    '0.50×') and ``..._recomputed`` (with the claim's unit). A test compares these glues
    across pages: one claim, one verdict.
    """
    from analysis.appendix import stated_text
    from analysis.publish import glue_text, sig

    row = result(claim_id)
    base = f"ch{chapter}_{claim_id}"
    glue_text(f"{base}_verdict", row["verdict"])
    glue_text(f"{base}_ratio", f"{sig(row['ratio'], digits)}×")
    glue_text(f"{base}_recomputed", stated_text(row["recomputed"], row["recomputed"], row["unit"]))
