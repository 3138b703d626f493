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
    hardware,
    kvcache,
    lifecycle,
    moe,
    power,
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
    collectives, cooling, decode, hardware, kvcache, lifecycle, moe, power, precision,
    prefill, roofline, speculative, sustained, utilisation, workloads,
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
    collectives.gradient_size_GB: {"parameters_B": 70.0, "bytes_per_value": 2.0},
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
    utilisation.days_to_train: {
        "compute_FLOP": 3.8e25, "accelerators": 16000, "peak_tflops": 989.0, "mfu": 0.4,
        "effective_training_time": 0.9,
    },
    utilisation.energy_over_period_MWh: {
        "rated_power_MW": 100.0, "hours": 24.0, "load_factor": 0.7,
    },
    utilisation.training_cluster_profile: {
        "t_h": 1.0, "step_h": 5 / 60, "running_fraction": 0.9, "interrupted_fraction": 0.7,
        "effective_training_time": 0.9, "interruptions_per_day": 8.6,
    },
    utilisation.diurnal_profile: {"t_h": 14.0, "mean_fraction": 0.5, "trough_fraction": 0.3},
    utilisation.blended_profile: {"base": 0.8, "other": 0.5, "share_other": 0.3},
    sustained.sustained_range: {"peak": 989.0, "fraction_low": 0.3, "fraction_high": 0.5},
    lifecycle.implied_peak_price: {"price_now": 2.0, "fall_fraction": 0.7},
    lifecycle.implied_price_from_ratio: {"reference_price": 2.0, "price_ratio": 0.7},
    lifecycle.bandwidth_per_price: {"bandwidth_tb_per_s": 3.35, "price_usd_per_h": 2.0},
    lifecycle.value_per_price: {"value_ratio": 0.8, "price_ratio": 0.7},
    lifecycle.book_value: {"cost": 1.0, "life_years": 6.0, "years_elapsed": 2.0},
    hardware.dense_from_sparse: {"sparse_peak": 4500.0},
    hardware.ratio: {"new": 2250.0, "old": 989.0},
    hardware.compute_per_watt: {"peak_tera_ops_per_s": 989.0, "power_W": 700.0},
    hardware.operations_per_kWh: {"peak_tera_ops_per_s": 989.0, "power_W": 700.0},
    hardware.annual_growth: {"ratio_over_period": 2.0, "years": 2.0},
    hardware.per_chip: {"system_value": 1440.0, "chips": 72},
    hardware.system_total: {"per_chip_value": 20.0, "chips": 72},
    hardware.memory_sweeps_per_s: {"bandwidth_TB_per_s": 8.0, "memory_GB": 192.0},
}  # fmt: skip

#: Scalar-only parameters: rule settings of a function, not quantities varied element-wise.
SCALAR_ONLY = {
    moe.expected_expert_fraction_touched: {"experts_per_token", "experts_per_layer"},
    utilisation.training_cluster_profile: {
        "step_h", "running_fraction", "interrupted_fraction", "effective_training_time",
        "interruptions_per_day",
    },
    utilisation.diurnal_profile: {"mean_fraction", "trough_fraction"},
    utilisation.blended_profile: {"share_other"},
    sustained.sustained_range: {"fraction_low", "fraction_high"},
    lifecycle.book_value: {"cost", "life_years"},
}  # fmt: skip

#: Reductions over a whole series: NaN in gives NaN out; a Series in gives one number.
REDUCTIONS = {
    utilisation.load_factor_of_rated: {"load": [0.5, 0.7]},
    utilisation.peak_to_average_ratio: {"load": [0.5, 0.7]},
    utilisation.energy_of_profile_MWh: {"load_MW": [50.0, 70.0], "step_h": 1.0},
}

#: Public functions that are neither, and why.
NOT_ELEMENTWISE = {
    workloads.training_bytes_per_parameter: "sums a table (training_memory)",
    workloads.workload_figure: "looks a figure up by name",
    precision.bytes_per_value: "looks a number format up by name",
    moe.all_to_all_bytes_per_token_layer: "architecture constants (integers), not series",
    moe.tokens_for_expert_share: "inverts a rule for one share; scalar by design",
    speculative.best_draft_length: "a search over draft lengths for one setting",
    utilisation.step_midpoints_h: "builds a time axis from scalars",
    utilisation.load_duration_curve: "sorts a series: the order, not the index, is the output",
    sustained.peaks_by_basis: "takes the compute table",
    sustained.apply_sustained_ranges: "takes tables",
    lifecycle.depreciation_schedule: "builds a schedule from scalars",
    lifecycle.annual_charge_change: "scalar accounting rule",
    hardware.dense_peaks: "takes the compute table",
    hardware.peak: "looks a device up in a table",
    hardware.dense_peak: "looks a device up in a table",
    hardware.like_for_like_ratio: "looks devices up in a table",
    hardware.generation_steps: "takes tables",
    hardware.headline_peak: "looks a device up in a table",
    hardware.chained_index: "a cumulative product with a leading 1: one longer than its input",
    hardware.hbm_table_by_gpu: "takes the accelerators table",
    hardware.note_stated: "looks a claim up by identifier",
    hardware.note_checks: "takes tables",
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
