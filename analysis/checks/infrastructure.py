"""Checks of the note's sections 3 to 5: memory, networking, power density, utilisation."""

from __future__ import annotations

import math

from analysis import collectives, cooling, precision, roofline, workloads
from analysis.checks.engine import Context, Outcome, cannot_check, check, outcome
from analysis.publish import sig
from analysis.verdicts import stated_at_least, stated_at_most

#: Context of the note's KV-cache example, "8K", read as 8,192 tokens.
EIGHT_K_TOKENS = 8192


@check("s3_hbm3_capacity", "bound")
def hbm3_capacity(ctx: Context) -> Outcome:
    limit = ctx.value("hbm_generations", "HBM3", "capacity_per_stack_GB_high")
    return Outcome(
        stated_at_most(*ctx.stated("s3_hbm3_capacity"), limit),
        "inside the JEDEC HBM3 density range of 4-64 GB per stack",
    )


@check("s3_decode_b200_70b_fp8", "derived")
def decode_ceiling_b200(ctx: Context) -> Outcome:
    weights = workloads.resident_memory_gb(
        ctx.value("models", "Llama 3 70B", "parameters_billion"), precision.bytes_per_value("FP8")
    )
    bandwidth = ctx.device("B200 HGX", "memory_bandwidth_TB_per_s")
    ceiling = float(roofline.decode_ceiling_tokens_per_s(bandwidth, weights))
    return outcome(
        ctx,
        "s3_decode_b200_70b_fp8",
        ceiling,
        f"bandwidth over weights read per token: {bandwidth:g} TB/s over 70 GB of FP8 weights",
        "One stream on an HGX B200 (7.7 TB/s); KV cache ignored; the note used 8 TB/s",
    )


@check("s3_decode_fp4_gain", "derived")
def fp4_gain(ctx: Context) -> Outcome:
    gain = precision.bytes_per_value("FP8") / precision.bytes_per_value("FP4")
    return outcome(
        ctx,
        "s3_decode_fp4_gain",
        gain,
        "bytes per value of FP8 over FP4 at equal bandwidth",
        "With NVFP4's shared scale factors (0.5625 byte a value) the gain is 1.78",
    )


def _busbw_bound(claim_id: str) -> None:
    @check(claim_id, "bound")
    def busbw(ctx: Context) -> Outcome:
        nic = ctx.value("fabrics", "InfiniBand NDR 400G NIC", "bandwidth_GB_per_s_low")
        fabric = {"s3_ib_busbw": "NCCL all-reduce, 8x H100, InfiniBand NDR",
                  "s3_roce_busbw": "NCCL all-reduce, 8x H100, RoCEv2 400GbE"}[claim_id]  # fmt: skip
        nics = ctx.value("fabrics", fabric, "nic_count")
        limit = float(collectives.node_bus_bandwidth_limit_GB_per_s(nics, nic))
        return Outcome(
            stated_at_most(*ctx.stated(claim_id), limit),
            f"NCCL bus bandwidth across nodes is bounded by the node's NICs: "
            f"{nics:.0f} x {nic:g} GB/s",
            "Bus bandwidth is a per-rank figure; a multi-node ring spreads its inter-node "
            "traffic over every NIC of the node",
        )


_busbw_bound("s3_ib_busbw")
_busbw_bound("s3_roce_busbw")


@check("s3_70b_one_server", "bound")
def seventy_b_server(ctx: Context) -> Outcome:
    weights = workloads.resident_memory_gb(
        ctx.value("models", "Llama 3 70B", "parameters_billion"), precision.bytes_per_value("BF16")
    )
    needed = math.ceil(weights / ctx.device("H100 SXM", "memory_GB"))
    return Outcome(
        stated_at_least(*ctx.stated("s3_70b_one_server"), needed),
        f"H100s whose memory holds 70 B parameters at BF16: {weights:.0f} GB over 85.9 GB each",
        "Weights only; the rest of the server's memory holds KV cache for concurrent users",
    )


@check("s4_coolant_rise", "arithmetic", finding="coolant-balance")
def coolant_rise(ctx: Context) -> Outcome:
    mid_C = ctx.point("s4_coolant_inlet") + ctx.point("s4_coolant_rise") / 2
    water = ctx.table("fluid_properties").set_index("temperature_C").loc[mid_C]
    flow = cooling.mass_flow_kg_per_s(ctx.point("s4_coolant_flow"), water.density_kg_per_m3)
    rack_kW = ctx.stated("s4_rack_gb200")[1]
    rise = float(cooling.temperature_rise_K(rack_kW, flow, water.specific_heat_kJ_per_kg_K))
    return outcome(
        ctx,
        "s4_coolant_rise",
        rise,
        f"rise = Q / (m c_p) for {rack_kW:g} kW at 2 L/s of water (IAPWS-95 at {mid_C:g} °C)",
        "The rack's whole power carried by the liquid loop at the stated flow",
    )


@check("s4_multiple_over_air", "arithmetic", finding="air-multiple")
def air_multiple(ctx: Context) -> Outcome:
    rack = ctx.stated("s4_rack_gb200")[1]
    ceiling_low, ceiling_high = ctx.stated("s4_air_ceiling")
    most = rack / ceiling_low
    return outcome(
        ctx,
        "s4_multiple_over_air",
        most,
        f"{rack:g} kW over the air-cooling ceiling of {ceiling_low:g}-{ceiling_high:g} kW is "
        f"{sig(rack / ceiling_high, 3)}-{sig(most, 3)}x; the larger multiple, {sig(most, 3)}x, "
        "is compared with the note's range",
    )


@check("s5_interruptions", "derived", finding="interruptions")
def interruptions(ctx: Context) -> Outcome:
    run = ctx.row("training_runs", "Llama 3.1 405B")
    rate = run.interruptions / run.snapshot_days
    return outcome(
        ctx,
        "s5_interruptions",
        rate,
        f"{run.interruptions:.0f} interruptions in a {run.snapshot_days:.0f}-day snapshot",
        "The paper's 'at least one training interruption daily' refers to automated "
        "maintenance alone",
    )


@check("s5_mfu_rounded", "arithmetic")
def mfu_rounded(ctx: Context) -> Outcome:
    low, high = ctx.stated("s5_mfu")
    return outcome(ctx, "s5_mfu_rounded", (low + high) / 2, "mid-point of 38-43%")


def _not_checkable(claim_id: str, why: str) -> None:
    check(claim_id, "none")(lambda ctx: cannot_check(ctx, claim_id, why))


for _claim, _why in {
    "s3_hbm4_capacity": "the standard's capacity limit could not be read",
    "s3_concurrent_users": "the note's illustration",
    "s4_rack_cpu": "the note's table; not found in its sources as read",
    "s4_rack_h100_air": "the note's table; not found in its sources as read",
    "s4_rack_inference": "the note's table; not found in its sources as read",
    "s4_rack_frontier": "a projection; 900 kW not found",
    "s4_dtc_threshold": "the Tom's Hardware article could not be read",
    "s4_coolant_inlet": "the Tonecooling guide could not be read",
    "s4_coolant_flow": "the Tonecooling guide could not be read (the rise is checked)",
    "s4_air_ceiling": "the note's own figure",
    "s4_rack_voltage": "a common three-phase supply voltage; no source given",
    "s4_campus_power": "the note's illustration",
    "s5_inference_rack": "not found in the McKinsey article as read",
    "s5_inference_utilisation": "an industry estimate; not found in the sources as read",
    "s5_enterprise_utilisation": "not found in the VentureBeat article as read",
    "s5_enterprise_utilisation_low": "not found in the VentureBeat article as read",
    "s5_reasoning_bandwidth_use": "the note's own description",
}.items():
    _not_checkable(_claim, _why)

del _claim, _why
