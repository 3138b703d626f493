"""Decode ceilings and the batch at which decode turns compute-bound, by hand arithmetic."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import decode, workloads

pytestmark = pytest.mark.unit

# H100 SXM: 3.35 TB/s HBM3 (nvidia-h100); dense BF16 989 TFLOP/s (half the sparse 1,979).
H100_TB_PER_S = 3.35
H100_BF16_DENSE_TFLOPS = 989.0
LLAMA70_KV_8K_BYTES = 327_680 * 8192  # 2 x 80 x 8 x 128 x 2 B per token x 8,192 tokens


def test_weights():
    assert_allclose(workloads.resident_memory_gb(70, [2.0, 1.0, 0.5625]), [140.0, 70.0, 39.375])


def test_single_stream_ceiling_70b_fp8_on_h100():
    # One request, no cache: 70e9 B read per token; 3.35e12 / 70e9 = 47.86 token/s.
    t = decode.decode_step_time_s(1, 70, 70, 0.0, 1979.0, H100_TB_PER_S)
    assert_allclose(decode.decode_stream_tokens_per_s(t), 3.35e12 / 70e9, rtol=1e-12)


def test_note_b200_example():
    # The note: 8 TB/s over 70 GB -> 8e12 / 70e9 = 114.3 token/s ("~115").
    t = decode.decode_step_time_s(1, 70, 70, 0.0, 4500.0, 8.0)
    assert_allclose(1 / t, 114.2857, rtol=1e-5)


def test_batch_at_ridge_without_cache_is_ridge_times_bytes_over_two():
    # Ridge 989 / 3.35 = 295.2 FLOP/B; BF16 weights (2 B): b* = 295.2 x 2 / 2 = 295.2.
    ridge = H100_BF16_DENSE_TFLOPS / H100_TB_PER_S
    assert_allclose(decode.batch_at_ridge(ridge, 70, 140), ridge, rtol=1e-12)
    # FP8 weights (1 B) against the FP8 ridge 1979 / 3.35 = 590.7: b* = 295.4.
    assert_allclose(decode.batch_at_ridge(1979 / 3.35, 70, 70), 1979 / 3.35 / 2, rtol=1e-12)


def test_intensity_at_ridge_batch_equals_ridge():
    ridge = 295.2
    b = decode.batch_at_ridge(ridge, 70, 140, 327_680 * 1024)  # 1K context
    # 2 x 70e9 - 295.2 x 3.3554e8 = 4.0947e10; b* = 295.2 x 140e9 / 4.0947e10 = 1009.3.
    assert_allclose(b, 295.2 * 140e9 / (140e9 - 295.2 * 327_680 * 1024), rtol=1e-12)
    intensity = decode.decode_intensity_flop_per_byte(b, 70, 140, 327_680 * 1024)
    assert_allclose(intensity, ridge, rtol=1e-9)


def test_long_context_keeps_decode_memory_bound_at_any_batch():
    # Per request at 8K: 1.4e11 FLOP against 2.68e9 B of cache, 52.2 FLOP/B < 295 ridge.
    ridge = H100_BF16_DENSE_TFLOPS / H100_TB_PER_S
    assert np.isinf(decode.batch_at_ridge(ridge, 70, 140, LLAMA70_KV_8K_BYTES))
    big = decode.decode_intensity_flop_per_byte(1e9, 70, 140, LLAMA70_KV_8K_BYTES)
    assert_allclose(big, 140e9 / LLAMA70_KV_8K_BYTES, rtol=1e-6)


def test_step_time_is_the_larger_of_memory_and_compute_time():
    # b = 1000, 70B BF16, no cache: memory 140e9 / 3.35e12 = 0.04179 s;
    # compute 1000 x 1.4e11 / 989e12 = 0.14156 s -> compute-bound.
    t = decode.decode_step_time_s(1000, 70, 140, 0.0, H100_BF16_DENSE_TFLOPS, H100_TB_PER_S)
    assert_allclose(t, 1.4e14 / 989e12, rtol=1e-12)
    assert_allclose(decode.decode_throughput_tokens_per_s(1000, t), 1000 / t)


def test_energy_per_million_tokens():
    # 1,000 W at 100 token/s: 10 J per token; 1e6 tokens = 1e7 J = 1e7 / 3.6e6 kWh = 2.778 kWh.
    assert_allclose(decode.energy_kwh_per_million_tokens(1000, 100), 1e7 / 3.6e6, rtol=1e-12)


def test_colocated_interval_adds_the_prefill_pauses_shared_over_a_reply():
    # 25 ms steps; 64 requests of 320 tokens finish 64 / 320 = 0.2 requests a step;
    # each new prompt takes 0.8 s to prefill: 0.025 + 0.2 x 0.8 = 0.185 s between tokens.
    assert_allclose(decode.colocated_token_interval_s(0.025, 0.8, 64, 320), 0.185, rtol=1e-12)
    # No prefill work, no pause: the interval is the step time.
    assert_allclose(decode.colocated_token_interval_s(0.025, 0.0, 64, 320), 0.025)


def test_prefill_pool_keeps_pace_with_the_decode_pool():
    # Same case: 0.2 new requests a step x 0.8 s of prefill each = 0.16 s of prefill work
    # per 0.025 s step, so 6.4 prefill chips per decode chip.
    assert_allclose(decode.prefill_gpus_per_decode_gpu(0.025, 0.8, 64, 320), 6.4, rtol=1e-12)


def test_splitting_the_phases_leaves_tokens_per_chip_unchanged():
    # Colocated: b tokens per interval on one chip. Split: b tokens per step on one decode
    # chip plus the prefill pool. The two rates per chip must be equal.
    step, prefill_s, b, out = 0.031, 1.2, np.array([8.0, 32.0, 128.0]), 350.0
    colocated = b / decode.colocated_token_interval_s(step, prefill_s, b, out)
    split = b / step / (1 + decode.prefill_gpus_per_decode_gpu(step, prefill_s, b, out))
    assert_allclose(colocated, split, rtol=1e-12)


def test_output_tokens_must_be_positive():
    with pytest.raises(ValueError, match="output_tokens"):
        decode.colocated_token_interval_s(0.02, 0.5, 32, 0)
    with pytest.raises(ValueError, match="output_tokens"):
        decode.prefill_gpus_per_decode_gpu(0.02, 0.5, 32, -1)
