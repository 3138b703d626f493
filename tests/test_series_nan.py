"""Every public domain function takes pandas Series and NaN the way numpy takes arrays.

For each function of the physical-domain modules: a Series in any array argument gives a
Series out on the same index (element-wise functions), and NaN in an array argument gives
NaN out, never an exception or a silent number. Functions that take names, tables or only
scalar rule parameters are listed in NOT_ELEMENTWISE with the reason; a new public function
must join one table or the other (test_every_public_function_is_covered).
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest

from analysis import (
    collectives,
    cooling,
    decode,
    evidence,
    hardware,
    kvcache,
    lifecycle,
    load_shapes,
    moe,
    parallelism,
    power,
    power_model,
    precision,
    prefill,
    roofline,
    speculative,
    sustained,
    utilisation,
    workloads,
)

pytestmark = pytest.mark.unit

MODULES = (
    collectives, cooling, decode, evidence, hardware, kvcache, lifecycle, load_shapes, moe,
    parallelism,
    power, power_model, precision, prefill, roofline, speculative, sustained, utilisation,
    workloads,
)  # fmt: skip

#: Element-wise functions: valid example arguments; every numeric one may be an array.
ELEMENTWISE = {
    workloads.training_compute_flop: {"parameters": 405e9, "tokens": 15.6e12},
    workloads.tokens_per_parameter: {"tokens": 15.6e12, "parameters": 405e9},
    workloads.compute_at_ratio_flop: {"parameters": 405e9, "tokens_per_param": 20.0},
    workloads.growth_factor: {"doubling_months": 5.2, "period_months": 12.0},
    workloads.resident_memory_gb: {"parameters_b": 70.0, "bytes_per_parameter": 2.0},
    workloads.tokens_per_second: {"tokens": 1000.0, "seconds": 20.0},
    roofline.ridge_point_flop_per_byte: {"peak_tflops": 989.0, "bandwidth_tb_per_s": 3.35},
    roofline.attainable_tflops: {
        "intensity_flop_per_byte": 100.0, "peak_tflops": 989.0, "bandwidth_tb_per_s": 3.35,
    },
    roofline.decode_ceiling_tokens_per_s: {"bandwidth_tb_per_s": 8.0, "bytes_per_token_gb": 70.0},
    prefill.prefill_matmul_flop: {"active_parameters_b": 8.0, "prompt_tokens": 1e4},
    prefill.prefill_attention_flop: {"layers": 32, "attention_width": 4096, "prompt_tokens": 1e4},
    prefill.prefill_time_s: {"flop": 1.6e14, "peak_tflops": 989.0, "utilisation": 0.45},
    prefill.parameters_for_prefill_time_b: {
        "time_s": 0.3, "prompt_tokens": 1e4, "peak_tflops": 989.0, "utilisation": 0.45,
    },
    prefill.prefill_intensity_flop_per_byte: {"prompt_tokens": 1e4, "bytes_per_value": 1.0},
    prefill.prompt_tokens_at_ridge: {"ridge_flop_per_byte": 590.0, "bytes_per_value": 1.0},
    decode.decode_step_bytes: {"batch": 8, "weights_gb_": 70.0, "kv_bytes_per_request": 2.7e9},
    decode.decode_step_flop: {"batch": 8, "active_parameters_b": 70.0},
    decode.decode_intensity_flop_per_byte: {
        "batch": 8, "active_parameters_b": 70.0, "weights_gb_": 70.0, "kv_bytes_per_request": 2.7e9,
    },
    decode.batch_at_ridge: {
        "ridge_flop_per_byte": 295.0, "active_parameters_b": 70.0, "weights_gb_": 70.0,
        "kv_bytes_per_request": 1e6,
    },
    decode.decode_step_time_s: {
        "batch": 8, "active_parameters_b": 70.0, "weights_gb_": 70.0,
        "kv_bytes_per_request": 2.7e9, "peak_tflops": 989.0, "bandwidth_tb_per_s": 3.35,
    },
    decode.decode_throughput_tokens_per_s: {"batch": 8, "step_time_s": 0.03},
    decode.decode_stream_tokens_per_s: {"step_time_s": 0.03},
    decode.energy_kwh_per_million_tokens: {"power_w": 700.0, "tokens_per_s": 1000.0},
    decode.colocated_token_interval_s: {
        "step_time_s": 0.02, "prefill_time_s": 0.5, "batch": 32, "output_tokens": 400.0,
    },
    decode.prefill_gpus_per_decode_gpu: {
        "step_time_s": 0.02, "prefill_time_s": 0.5, "batch": 32, "output_tokens": 400.0,
    },
    kvcache.kv_bytes_per_token: {
        "layers": 80, "kv_heads": 8, "head_dim": 128, "bytes_per_value": 2,
    },
    kvcache.kv_bytes_per_request: {"bytes_per_token": 327680.0, "context_tokens": 8192},
    kvcache.kv_bytes_for_batch: {
        "bytes_per_token": 327680.0, "context_tokens": 8192, "requests": 32,
    },
    kvcache.gqa_reduction_factor: {"attention_heads": 64, "kv_heads": 8},
    kvcache.precision_reduction_factor: {"baseline_bytes_per_value": 2.0, "bytes_per_value": 1.0},
    kvcache.paged_capacity_factor: {"waste_fraction_before": 0.6, "waste_fraction_after": 0.04},
    kvcache.max_concurrent_requests: {
        "memory_gb": 141.0, "weights_gb": 70.0, "kv_bytes_per_request_": 2.7e9,
    },
    kvcache.mean_context_tokens: {"prompt_tokens": 1000.0, "output_tokens": 50_000.0},
    power_model.long_context_tokens_per_s: {
        "chat_tokens_per_s": 1000.0, "extra_kv_GB_per_request": 8.0, "gpus": 4,
        "bandwidth_TB_per_s": 3.35, "bandwidth_share": 0.62,
    },
    speculative.expected_tokens_per_step: {"acceptance_rate": 0.8, "draft_tokens": 4},
    speculative.speculative_speedup: {
        "acceptance_rate": 0.8, "draft_tokens": 4, "draft_cost_ratio": 0.05,
    },
    collectives.ring_allreduce_factor: {"participants": 8},
    collectives.ring_allreduce_time_s: {
        "message_GB": 10.0, "participants": 8, "bus_bandwidth_GB_per_s": 400.0,
        "step_latency_s": 1e-5,
    },
    collectives.algorithm_bandwidth_GB_per_s: {"bus_bandwidth_GB_per_s": 400.0, "participants": 8},
    collectives.line_rate_GB_per_s: {"nic_count": 8, "nic_line_rate_Gb_per_s": 400.0},
    collectives.gradient_size_GB: {"parameters_billion": 70.0, "bytes_per_value": 2.0},
    collectives.node_bus_bandwidth_limit_GB_per_s: {
        "nics_per_node": 8, "nic_bandwidth_GB_per_s": 50.0,
    },
    collectives.busbw_bound_GB_per_s: {
        "nics_per_node": 8, "nic_bandwidth_GB_per_s": 50.0, "rings_per_node": 8,
    },
    collectives.one_way_GB_per_s: {"bandwidth_GB_per_s": 1800.0, "direction": "bidirectional"},
    parallelism.layout_gpus: {
        "tensor_parallel": 8, "context_parallel": 1, "pipeline_parallel": 16, "data_parallel": 128,
    },
    parallelism.shard_size_billion: {
        "parameters_billion": 405.0, "tensor_parallel": 8, "pipeline_parallel": 16,
    },
    parallelism.tokens_per_step: {
        "sequence_length_tokens": 8192, "sequences_per_data_parallel_group": 16,
        "data_parallel": 128,
    },
    parallelism.step_compute_time_s: {
        "parameters_billion": 405.0, "tokens": 16777216, "gpus": 16384,
        "achieved_tflops_per_gpu": 400.0,
    },
    workloads.doubling_months: {"growth_per_year": 5.0},
    sustained.decode_fraction_of_peak: {
        "intensity_flop_per_byte": 47.0, "ridge_flop_per_byte": 590.7,
    },
    hardware.gib_to_gb: {"capacity": 80.0},
    hardware.joules_per_tera_op: {"peak_tera_ops_per_s": 989.0, "power_W": 700.0},
    collectives.transfer_time_s: {"size_GB": 140.0, "bandwidth_GB_per_s": 400.0},
    moe.compute_ratio_dense_to_moe: {"total_parameters": 671e9, "active_parameters": 37e9},
    moe.forward_flop_per_token: {"active_parameters": 37e9},
    moe.expected_expert_fraction_touched: {
        "tokens_in_step": 64, "experts_per_token": 8, "experts_per_layer": 256,
    },
    cooling.mass_flow_kg_per_s: {"volume_flow_L_per_s": 2.0, "density_kg_per_m3": 994.0},
    cooling.heat_removed_kW: {
        "mass_flow": 2.0, "specific_heat_kJ_per_kg_K": 4.18, "temperature_rise_K": 10.0,
    },
    cooling.temperature_rise_K: {
        "heat_kW": 130.0, "mass_flow": 2.0, "specific_heat_kJ_per_kg_K": 4.18,
    },
    cooling.volume_flow_for_heat_L_per_s: {
        "heat_kW": 130.0, "temperature_rise": 10.0, "density_kg_per_m3": 994.0,
        "specific_heat_kJ_per_kg_K": 4.18,
    },
    power.rack_power_from_parts_kW: {
        "accelerators": 72, "accelerator_tdp_W": 1000.0, "cpus": 36, "cpu_power_W": 300.0,
        "other_kW": 10.0,
    },
    power.unitemised_power_kW: {"stated_rack_kW": 120.0, "itemised_kW": 93.0},
    power.it_power_MW: {"facility_power_MW": 100.0, "pue": 1.2},
    power.racks_in_campus: {"it_power_MW_": 100.0, "rack_power_kW": 120.0},
    power.accelerators_in_campus: {
        "facility_power_MW": 100.0, "pue": 1.2, "rack_power_kW": 120.0,
        "accelerators_per_rack": 72,
    },
    power.ratio_to_ceiling: {"rack_power_kW": 120.0, "ceiling_kW": 40.0},
    power.three_phase_current_A: {"power_kW": 120.0, "line_voltage_V": 415.0, "power_factor": 1.0},
    utilisation.days_to_train: {
        "compute_FLOP": 3.8e25, "accelerators": 16000, "peak_tflops": 989.0, "mfu": 0.4,
        "effective_training_time": 0.9,
    },
    sustained.sustained_range: {"peak": 989.0, "fraction_low": 0.3, "fraction_high": 0.5},
    lifecycle.implied_peak_price: {"price_now": 2.0, "fall_fraction": 0.7},
    lifecycle.implied_price_from_ratio: {"reference_price": 2.0, "price_ratio": 0.7},
    lifecycle.bandwidth_per_price: {"bandwidth_tb_per_s": 3.35, "price_usd_per_h": 2.0},
    lifecycle.value_per_price: {"value_ratio": 0.8, "price_ratio": 0.7},
    lifecycle.book_value: {"cost": 1.0, "life_years": 6.0, "years_elapsed": 2.0},
    lifecycle.bandwidth_per_watt: {"bandwidth_tb_per_s": 3.35, "power_W": 700.0},
    lifecycle.rent_per_MWh: {"price_usd_per_gpu_h": 2.0, "fleet_power_MW": 1.2, "fleet_gpus": 1000},
    lifecycle.installed_base: {
        "additions_per_year": 100.0, "life_years": 5.0, "years_since_start": 3.0,
    },
    lifecycle.installed_base_growing: {"growth_per_year": 0.5, "life_years": 4.0},
    lifecycle.life_stretch_factor: {
        "life_before_years": 4.0, "life_after_years": 6.0, "growth_per_year": 0.5,
    },
    kvcache.context_tokens_that_fit: {
        "memory_gb": 85.9, "weights_gb": 70.0, "bytes_per_token": 327_680.0, "requests": 50.0,
    },
    decode.bandwidth_share_of_peak: {
        "stream_tokens_per_s": 42.0, "step_bytes": 70e9, "bandwidth_tb_per_s": 3.35,
    },
    hardware.ratio: {"new": 2250.0, "old": 989.0},
    hardware.compute_per_watt: {"peak_tera_ops_per_s": 989.0, "power_W": 700.0},
    hardware.annual_growth: {"ratio_over_period": 2.0, "years": 2.0},
    hardware.per_chip: {"system_value": 1440.0, "chips": 72},
    hardware.system_total: {"per_chip_value": 20.0, "chips": 72},
    hardware.memory_sweeps_per_s: {"bandwidth_TB_per_s": 8.0, "memory_GB": 192.0},
    power.annual_energy_TWh: {"peak_MW": 100.0, "load_factor": 0.9},
    power_model.idle_power_W: {"rated_W": 700.0, "idle_fraction": 0.1},
    power_model.training_power_W: {"rated_W": 700.0, "training_fraction": 0.9},
    power_model.busy_share_power_W: {"busy_share": 0.5, "idle_W": 70.0, "busy_W": 650.0},
    power_model.decode_power_W: {
        "batch": 64, "floor_W": 400.0, "saturation_W": 690.0, "batch_scale": 60.0,
    },
    power_model.decode_throughput_tokens_per_s: {
        "batch": 64, "max_tokens_per_s": 9000.0, "half_batch": 60.0,
    },
    power_model.batch_for_throughput: {
        "tokens_per_s": 4000.0, "max_tokens_per_s": 9000.0, "half_batch": 60.0,
    },
    power_model.serving_gpu_power_W: {
        "batch": 64, "idle_W": 70.0, "floor_W": 400.0, "saturation_W": 690.0,
        "batch_scale": 60.0,
    },
    power_model.energy_per_token_J: {"power_W": 600.0, "tokens_per_s": 5000.0},
    power_model.kwh_per_million_tokens: {"energy_per_token_J_": 0.12},
    power_model.host_power_W: {
        "server_rated_W": 10200.0, "gpus": 8, "gpu_rated_W": 700.0, "host_share": 0.8,
    },
    power_model.server_power_W: {"gpu_power_W": 600.0, "gpus": 8, "host_W": 3000.0},
    power_model.meter_power_W: {"it_power_W": 1e6, "pue": 1.2},
    power_model.bandwidth_ceiling_tokens_per_s: {
        "batch": 64, "gpus": 4, "bandwidth_TB_per_s": 3.35, "weights_GB": 140.0,
        "kv_GB_per_request": 0.3,
    },
    load_shapes.synchronous_swing_W: {"gpus": 16384, "from_W": 650.0, "to_W": 150.0},
    workloads.compound_growth: {"growth_per_year": 4.0, "years": 10.0},
    sustained.achieved_tflops: {"tokens_per_s": 5000.0, "active_parameters_b": 70.0, "chips": 4},
}  # fmt: skip

#: Scalar-only parameters: rule settings of a function, not quantities varied element-wise.
SCALAR_ONLY = {
    power_model.decode_power_W: {"floor_W", "saturation_W", "batch_scale"},
    power_model.decode_throughput_tokens_per_s: {"max_tokens_per_s", "half_batch"},
    power_model.batch_for_throughput: {"max_tokens_per_s", "half_batch"},
    power_model.serving_gpu_power_W: {"idle_W", "floor_W", "saturation_W", "batch_scale"},
    moe.expected_expert_fraction_touched: {"experts_per_token", "experts_per_layer"},
    sustained.sustained_range: {"fraction_low", "fraction_high"},
    collectives.one_way_GB_per_s: {"direction"},
    lifecycle.book_value: {"cost", "life_years"},
}  # fmt: skip

#: Reductions over a whole series: NaN in gives NaN out; a Series in gives one number.
REDUCTIONS = {
    load_shapes.load_factor: {"load": [0.5, 0.7]},
    load_shapes.peak_to_average_ratio: {"load": [0.5, 0.7]},
    load_shapes.energy_MWh: {"load_MW": [50.0, 70.0], "step_h": 1.0},
    load_shapes.largest_step_change: {"load": [50.0, 70.0]},
}

#: Public functions that are neither, and why.
NOT_ELEMENTWISE = {
    workloads.training_bytes_per_parameter: "sums a table (training_memory)",
    precision.bytes_per_value: "looks a number format up by name",
    moe.all_to_all_bytes_per_token_layer: "architecture constants (integers), not series",
    moe.all_to_all_tokens_per_s: "one link's rate for one arrangement (the flag picks the rule)",
    moe.tokens_for_expert_share: "inverts a rule for one share; scalar by design",
    speculative.best_draft_length: "a search over draft lengths for one setting",
    lifecycle.depreciation_schedule: "builds a schedule from scalars",
    lifecycle.annual_charge_change: "scalar accounting rule",
    hardware.dense_peaks: "takes the compute table",
    power_model.fit_decode_power: "fits one curve to a set of measurements",
    power_model.fit_decode_throughput: "fits one curve to a set of measurements",
    load_shapes.step_midpoints_h: "builds a time axis from scalars",
    load_shapes.one_day: "selects steps of a time axis; returns a mask and the hours",
    load_shapes.diurnal_request_profile: "a profile over a time axis, with scalar settings",
    load_shapes.defer_into_valleys: "moves load between steps: the whole series is the input",
    load_shapes.serving_fleet_power_W: "a profile from fitted curves and scalar settings",
    load_shapes.training_cluster_power_W: "a profile over a time axis, with scalar settings",
    load_shapes.load_duration_curve: "sorts a series: the order, not the index, is the output",
    hardware.capacity_GiB: "a unit given by name (GB, GiB, TB) decides the factor",
    cooling.property_at: "interpolates in a table of temperatures and values",
    hardware.device_table: "joins two tables",
    hardware.sparsity_gain: "looks a device up in a table",
    hardware.peak: "looks a device up in a table",
    hardware.dense_peak: "looks a device up in a table",
    hardware.like_for_like_ratio: "looks devices up in a table",
    hardware.generation_steps: "takes tables",
    hardware.headline_peak: "looks a device up in a table",
    hardware.chained_index: "a cumulative product with a leading 1: one longer than its input",
    sustained.chip_peaks: "looks devices up in tables",
    evidence.claim_kinds: "maps labels (text) to kinds, not quantities",
    evidence.claims_by_kind: "counts a table",
    evidence.verified_counts: "counts tables",
    evidence.availability_by_lineage: "counts a table",
    evidence.rows_citing: "counts tables",
}


def array_params(function) -> list[str]:
    names = inspect.signature(function).parameters
    return [n for n in names if n not in SCALAR_ONLY.get(function, set())]


CASES = [
    pytest.param(f, p, id=f"{f.__module__.split('.')[-1]}.{f.__name__}:{p}")
    for f in ELEMENTWISE
    for p in array_params(f)
    if p in ELEMENTWISE[f]
]


def outputs(result) -> tuple:
    return result if isinstance(result, tuple) else (result,)


def test_every_public_function_is_covered():
    public = {
        f
        for module in MODULES
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__ and not name.startswith("_")
    }
    covered = set(ELEMENTWISE) | set(REDUCTIONS) | set(NOT_ELEMENTWISE)
    assert public - covered == set(), "add these to a table of tests/test_series_nan.py"
    assert covered - public == set()


@pytest.mark.parametrize(("function", "param"), CASES)
def test_series_in_gives_series_out_on_its_index(function, param):
    args = dict(ELEMENTWISE[function])
    index = pd.Index(["first", "second", "third"], name="case")
    args[param] = pd.Series([args[param]] * 3, index=index)
    scalar = outputs(function(**ELEMENTWISE[function]))
    for got, expected in zip(outputs(function(**args)), scalar, strict=True):
        assert isinstance(got, pd.Series), f"{type(got).__name__} out"
        pd.testing.assert_index_equal(got.index, index)
        np.testing.assert_allclose(got.to_numpy(dtype=float), expected, rtol=1e-12)


@pytest.mark.parametrize(("function", "param"), CASES)
def test_nan_in_gives_nan_out(function, param):
    args = {**ELEMENTWISE[function], param: math.nan}
    for got in outputs(function(**args)):
        assert np.all(np.isnan(np.asarray(got, dtype=float))), f"{got!r} from NaN {param}"


@pytest.mark.parametrize(("function", "param"), CASES)
def test_nan_among_values_stays_in_its_place(function, param):
    args = dict(ELEMENTWISE[function])
    args[param] = np.array([args[param], math.nan])
    for got in outputs(function(**args)):
        got = np.asarray(got, dtype=float)
        assert not np.isnan(got[0]) and np.isnan(got[1]), got


@pytest.mark.parametrize("function", list(REDUCTIONS), ids=lambda f: f.__name__)
def test_reductions_give_a_number_or_nan(function):
    args = dict(REDUCTIONS[function])
    series = pd.Series(args[next(iter(args))], index=["a", "b"])
    assert isinstance(function(**{**args, next(iter(args)): series}), float)
    with_nan = {**args, next(iter(args)): [math.nan, 1.0]}
    assert math.isnan(function(**with_nan))
