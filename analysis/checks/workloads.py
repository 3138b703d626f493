"""Checks of the note's sections 1 and 2 that are computations rather than lookups."""

from __future__ import annotations

from dataclasses import dataclass, replace

from analysis import hardware, precision, roofline, units, workloads
from analysis.checks.engine import (
    Context,
    Outcome,
    cannot_check,
    check,
    load_context,
    outcome,
)
from analysis.publish import sig
from analysis.verdicts import stated_at_least, stated_at_most


@check("s1_optimiser_memory_multiple", "derived")
def optimiser_memory(ctx: Context) -> Outcome:
    bytes_per_parameter = workloads.training_bytes_per_parameter(ctx.table("training_memory"))
    multiple = bytes_per_parameter / precision.bytes_per_value("FP32")
    return outcome(
        ctx,
        "s1_optimiser_memory_multiple",
        multiple,
        "mixed-precision Adam holds 16 bytes per parameter (ZeRO) over the 4 bytes of an "
        "FP32 parameter",
        "Counted in tensors of the parameters' size, as the note's 'two extra tensors per "
        "parameter' reads: weights, gradients and two moments. Against the 2 bytes of BF16 "
        "weights, the memory a served model needs, the multiple is 8",
    )


@check("s1_chinchilla_tokens_per_parameter", "derived")
def chinchilla_ratio(ctx: Context) -> Outcome:
    low = ctx.value("workload_figures", "chinchilla_tokens_per_parameter", "value_low")
    return outcome(
        ctx,
        "s1_chinchilla_tokens_per_parameter",
        low,
        "tokens over parameters in Chinchilla's Table 3 (smallest of its model sizes)",
    )


@check("s1_llama405_tokens_per_parameter", "derived")
def llama_tokens_per_parameter(ctx: Context) -> Outcome:
    run = ctx.row("training_runs", "Llama 3.1 405B")
    ratio = workloads.tokens_per_parameter(
        run.training_tokens_trillion * 1e12, run.parameters_billion * 1e9
    )
    return outcome(ctx, "s1_llama405_tokens_per_parameter", float(ratio), "15.6 T tokens / 405 B")


@check("s1_compute_doubling", "derived")
def compute_doubling(ctx: Context) -> Outcome:
    low = ctx.value("workload_figures", "frontier_compute_growth_per_year", "value_low")
    high = ctx.value("workload_figures", "frontier_compute_growth_per_year", "value_high")
    stated = ctx.point("s1_compute_doubling")
    slowest, fastest = (workloads.doubling_months(g) for g in (low, high))
    inside = fastest * 0.995 <= stated <= slowest * 1.005  # to the note's one decimal
    nearest = stated if inside else min((slowest, fastest), key=lambda m: abs(m - stated))
    return outcome(
        ctx,
        "s1_compute_doubling",
        nearest,
        f"Epoch AI's 4-5x a year is a doubling every {fastest:.1f}-{slowest:.1f} months",
    )


@check("s1_openai_inference_share_2024", "derived")
def openai_inference_share(ctx: Context) -> Outcome:
    share = ctx.value("workload_figures", "openai_inference_spend_2024", "value_low") / ctx.value(
        "workload_figures", "openai_compute_spend_2024", "value_low"
    )
    return outcome(ctx, "s1_openai_inference_share_2024", 100 * share, "US$2 B of US$7 B")


@check("s1_openai_training_share_2024", "derived")
def openai_training_share(ctx: Context) -> Outcome:
    spend = ctx.value("workload_figures", "openai_compute_spend_2024", "value_low")
    share = 1 - ctx.value("workload_figures", "openai_inference_spend_2024", "value_low") / spend
    return outcome(ctx, "s1_openai_training_share_2024", 100 * share, "US$5 B of US$7 B")


@dataclass(frozen=True)
class ReasoningQueryBounds:
    """What one GPU can write for the note's reasoning query, with and without speculation.

    Attributes
    ----------
    model : str
        The model whose active weights are read (DeepSeek-V3's architecture, as DeepSeek-R1).
    active_parameters_billion : float
        Parameters that work on each token [billion].
    active_gb : float
        Bytes of those weights at FP8, read once per decode step [GB].
    bandwidth_TB_per_s : float
        Memory bandwidth of the GPU [TB/s] (B200 in GB200 NVL72, the fastest shipping).
    seconds, tokens : float
        The note's query: its duration [s] and output [token].
    ceiling_tokens_per_s : float
        One stream's ceiling with one token per read of the weights [token/s].
    plain_tokens : float
        That ceiling over the query's duration [token].
    speedup_low, speedup_high : float
        The note's speculative-decoding speed-up (claim ``s6_speculative_speedup``) [-].
    speculative_low, speculative_high : float
        The ceiling over the query's duration with that speed-up [token].
    speedup_needed : float
        The speed-up the note's token count needs over one token per read [-].
    max_active_billion : float
        Active parameters at FP8 that one GPU can read at the note's pace, one token per
        read [billion].
    server_gpus : float
        GPUs in a DGX B200 server [GPU].
    server_tokens_per_s : float
        The stream's ceiling with the weights spread over that server [token/s].
    small_model_tokens_per_s : float
        One stream's ceiling for Llama 3 8B at FP8 on the same GPU, one token per read
        [token/s]: how far the bound depends on the model.
    """

    model: str
    active_parameters_billion: float
    active_gb: float
    bandwidth_TB_per_s: float
    seconds: float
    tokens: float
    ceiling_tokens_per_s: float
    plain_tokens: float
    speedup_low: float
    speedup_high: float
    speculative_low: float
    speculative_high: float
    speedup_needed: float
    max_active_billion: float
    server_gpus: float
    server_tokens_per_s: float
    small_model_tokens_per_s: float


def reasoning_query_bounds(ctx: Context | None = None) -> ReasoningQueryBounds:
    """The one-GPU ceilings on the note's reasoning query (:class:`ReasoningQueryBounds`).

    One stream reads every active weight once per token, however the model is spread over
    GPUs, so its tokens per GPU-second are at most one GPU's bandwidth over those bytes;
    speculative decoding or multi-token prediction writes several tokens per read and
    raises that ceiling by its speed-up. The KV cache is ignored, which is generous.
    """
    ctx = ctx if ctx is not None else load_context()
    model = ctx.row("models", "DeepSeek-V3")
    fp8 = precision.bytes_per_value("FP8")
    active_gb = float(workloads.resident_memory_gb(model.active_parameters_billion, fp8))
    bandwidth = ctx.device("B200 NVL72", "memory_bandwidth_TB_per_s")
    ceiling = float(roofline.decode_ceiling_tokens_per_s(bandwidth, active_gb))
    small_gb = workloads.resident_memory_gb(
        ctx.value("models", "Llama 3 8B", "parameters_billion"), fp8
    )
    seconds = ctx.point("s1_reasoning_query_seconds")
    tokens = ctx.point("s1_reasoning_query_tokens")
    low, high = ctx.stated("s6_speculative_speedup")
    plain = ceiling * seconds
    rate = float(workloads.tokens_per_second(tokens, seconds))
    # the active weights [GB] one GPU can read `rate` times a second, as billions at FP8
    max_active = units.convert(bandwidth, "TB/s", "GB/s") / rate / fp8
    server = float(ctx.table("system_power").set_index("system").at["DGX B200", "gpus"])
    return ReasoningQueryBounds(
        model=str(model.model),
        active_parameters_billion=float(model.active_parameters_billion),
        active_gb=active_gb,
        bandwidth_TB_per_s=bandwidth,
        seconds=seconds,
        tokens=tokens,
        ceiling_tokens_per_s=ceiling,
        plain_tokens=plain,
        speedup_low=low,
        speedup_high=high,
        speculative_low=plain * low,
        speculative_high=plain * high,
        speedup_needed=tokens / plain,
        max_active_billion=max_active,
        server_gpus=server,
        server_tokens_per_s=server * ceiling,
        small_model_tokens_per_s=float(roofline.decode_ceiling_tokens_per_s(bandwidth, small_gb)),
    )


@check("s1_reasoning_query_tokens", "bound", finding="reasoning-query")
def reasoning_query_rate(ctx: Context) -> Outcome:
    # The bound is the ceiling under the note's own premises: a DeepSeek-R1-class model at
    # FP8 on one GPU, with the 2-3x speculative speed-up of its section 6. Its top end
    # judges the verdict; the bottom end and the plain ceiling are stated beside it.
    b = reasoning_query_bounds(ctx)
    judged = stated_at_most(*ctx.stated("s1_reasoning_query_tokens"), b.speculative_high)
    result = replace(judged, recomputed=b.speculative_low)
    rate = b.tokens / b.seconds
    return Outcome(
        result,
        f"{b.tokens:,.0f} tokens in {b.seconds:g} s is {sig(rate, 3)} token/s for one stream. "
        f"One GPU reading DeepSeek-R1's {b.active_gb:g} GB of active weights at FP8 at "
        f"{b.bandwidth_TB_per_s:g} TB/s (the fastest shipping GPU memory) writes at most "
        f"{sig(b.ceiling_tokens_per_s, 3)} token/s with one token per read, "
        f"{sig(b.plain_tokens, 3)} tokens in {b.seconds:g} s; the note's own {b.speedup_low:g}-"
        f"{b.speedup_high:g}x speculative speed-up raises that to {sig(b.speculative_low, 3)}-"
        f"{sig(b.speculative_high, 3)} tokens (KV cache ignored)",
        f"Premises: a DeepSeek-R1-class model ({b.active_parameters_billion:g} B active "
        f"parameters) at FP8, one query on one GPU. Within the bound only with speculative "
        f"decoding or multi-token prediction of at least {b.speedup_needed:.1f}x, the upper "
        f"part of the note's range; with one token per read the note's figure is "
        f"{b.speedup_needed:.1f} times the ceiling, unless the model has at most "
        f"{b.max_active_billion:.0f} B active parameters at FP8. Spread over a server of "
        f"{b.server_gpus:.0f} GPUs the stream could reach {sig(b.server_tokens_per_s, 3)} token/s "
        f"without speculation, but would then occupy all of them or share them with other "
        f"queries",
        recomputed_high=b.speculative_high,
    )


@check("s2_h200_vs_h100_gain", "derived")
def h200_gain(ctx: Context) -> Outcome:
    ratio = ctx.value("throughput_benchmarks", "coreweave_h200_vs_h100_llama2_70b", "value_low")
    return outcome(ctx, "s2_h200_vs_h100_gain", 100 * (ratio - 1), "CoreWeave's 1.4x, as a gain")


@check("s2_nvl72_moe_params", "bound")
def nvl72_moe(ctx: Context) -> Outcome:
    capacity_gb = ctx.device("GB200 NVL72", "memory_GB")
    limit = capacity_gb / precision.bytes_per_value("BF16")  # billions of parameters
    low, high = ctx.stated("s2_nvl72_moe_params")
    return Outcome(
        stated_at_most(low, high, limit),
        "parameters whose BF16 weights fill the rack's 13.4 TB of GPU memory, in billions",
    )


@check("s2_b300_lift_over_b200", "derived")
def b300_lift(ctx: Context) -> Outcome:
    lift = ctx.dense("B300 NVL72", "FP4") / ctx.dense("B200 NVL72", "FP4")
    return outcome(
        ctx,
        "s2_b300_lift_over_b200",
        100 * (lift - 1),
        "dense FP4 of the B300 in GB300 NVL72 over the B200 in GB200 NVL72 (15 over 10 PFLOP/s)",
        "Like for like: the same rack-scale variant of each; with the note's own 4.5 PFLOP/s "
        "for the B200 the lift would be 233%",
    )


@check("s2_gb300_vs_gb200", "derived")
def gb300_over_gb200(ctx: Context) -> Outcome:
    ratio = ctx.dense("GB300 NVL72", "FP4") / ctx.dense("GB200 NVL72", "FP4")
    return outcome(ctx, "s2_gb300_vs_gb200", ratio, "rack dense FP4, 1,080 over 720 PFLOP/s")


@check("s2_mi355x_compute_vs_mi300x", "derived")
def mi355x_over_mi300x(ctx: Context) -> Outcome:
    ratio = ctx.dense("MI355X", "FP4") / ctx.dense("MI300X", "FP8")
    return outcome(
        ctx,
        "s2_mi355x_compute_vs_mi300x",
        ratio,
        "MI355X dense FP4 over MI300X dense FP8, each at its lowest precision",
        "AMD's generational claim compares each chip at its lowest precision",
    )


@check("s2_trillium_vs_v5e", "derived")
def trillium_over_v5e(ctx: Context) -> Outcome:
    compute = ctx.table("accelerator_compute")
    ratio = hardware.peak(compute, "TPU v6e Trillium", "BF16", "unlabelled") / hardware.peak(
        compute, "TPU v5e", "BF16", "unlabelled"
    )
    return outcome(ctx, "s2_trillium_vs_v5e", ratio, "peak BF16 per chip, 918 over 197 TFLOP/s")


@check("s2_trillium_memory_vs_v5e", "derived")
def trillium_memory(ctx: Context) -> Outcome:
    ratio = ctx.device("TPU v6e Trillium", "memory_GiB") / ctx.device("TPU v5e", "memory_GiB")
    return outcome(
        ctx,
        "s2_trillium_memory_vs_v5e",
        ratio,
        "HBM capacity per chip, 32 over 16",
        "Read as HBM capacity; ICI bandwidth is not in the book's data",
    )


def _not_checkable(claim_id: str, why: str) -> None:
    check(claim_id, "none")(lambda ctx: cannot_check(ctx, claim_id, why))


for _claim, _why in {
    "s1_finetune_compute_share": "the note's own figure; no source given",
    "s1_finetune_examples": "the note's own description; no source given",
    "s1_reasoning_token_multiple": "Raschka's article, which the note cites, could not be read",
    "s1_reasoning_query_seconds": "the note's illustration (its token count is checked)",
    "s1_inference_share_2030": "not found in the cited article; McKinsey says 'more than half'",
    "s2_rubin_inference_claim": "a roadmap claim for whole systems, not a specification",
    "s2_rubin_cost_claim": "a roadmap claim on cost, not a specification",
    "s2_r100_broad_availability": "NVIDIA's text says partners from the second half of 2026; "
    "'broad availability 2027' was not found",
    "s2_mi355x_inference_vs_mi300x": "a vendor claim for hardware and software together",
    "s2_rainier_gain": "a claim about Anthropic's clusters that no document read can check",
    "s2_rainier_chips": "'hundreds of thousands' is not a specification",
    "s2_trn3_node": "not in the AWS documentation that could be read",
    "s2_groq_chips_llama70b": "no Groq document could be read",
    "s2_sambanova_chips_llama70b": "not found in SambaNova's slides",
    "s2_blackhole_node": "not in Tenstorrent's documentation that could be read",
}.items():
    _not_checkable(_claim, _why)

del _claim, _why


@check("s2_nvl72_power", "bound")
def nvl72_power(ctx: Context) -> Outcome:
    gpus = ctx.value("accelerators", "GB200 NVL72", "chips")
    gpu_kW = gpus * ctx.device("B200 NVL72", "tdp_W") / 1e3
    return Outcome(
        stated_at_least(*ctx.stated("s2_nvl72_power"), gpu_kW),
        f"the rack's GPUs alone at their rated power: {gpus:.0f} x 1,200 W",
        "CPUs, switches, memory and fans add to the GPUs; NVIDIA publishes no rack draw",
    )
