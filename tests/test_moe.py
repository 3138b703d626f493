"""Tests of analysis.moe: expected values worked by hand."""

import pytest
from numpy.testing import assert_allclose

from analysis import moe, workloads

pytestmark = pytest.mark.unit


def test_deepseek_v3_compute_ratio_against_note():
    # 671 / 37 = 18.14; the note says the per-token compute falls "~18x".
    ratio = moe.compute_ratio_dense_to_moe(671, 37)
    assert_allclose(ratio, 18.135, rtol=1e-3)
    assert_allclose(ratio, 18.0, rtol=0.01)  # the note's figure, within 1%


def test_compute_ratio_rejects_active_above_total():
    with pytest.raises(ValueError, match="exceed"):
        moe.compute_ratio_dense_to_moe(10, 20)


def test_forward_flop_per_token():
    # 37e9 active parameters x 2 FLOP = 7.4e10 FLOP per token.
    assert_allclose(moe.forward_flop_per_token(37e9), 7.4e10, rtol=1e-12)


def test_resident_weights_use_total_parameters():
    # 671 B parameters at 1 byte (FP8) = 671 GB, at 2 bytes (BF16) = 1,342 GB.
    assert_allclose(workloads.resident_memory_gb(671, 1.0), 671.0, rtol=1e-12)
    assert_allclose(workloads.resident_memory_gb(671, 2.0), 1342.0, rtol=1e-12)


def test_expert_fraction_touched_one_token_and_limits():
    # One token touches exactly k of E experts: 8/256 = 0.03125.
    assert_allclose(moe.expected_expert_fraction_touched(1, 8, 256), 0.03125, rtol=1e-12)
    # Two tokens: 1 - (31/32)^2 = 63/1024 = 0.0615234375.
    assert_allclose(moe.expected_expert_fraction_touched(2, 8, 256), 63 / 1024, rtol=1e-12)
    # A very large batch touches almost every expert.
    assert moe.expected_expert_fraction_touched(2000, 8, 256) > 0.999


def test_expert_fraction_touched_matches_simulation():
    # Independent check: simulate uniform routing of 64 tokens, each to 8 of 256 experts.
    # Each token's 8 distinct experts are the 8 smallest of 256 random keys (vectorised).
    import numpy as np

    rng = np.random.default_rng(7)
    trials, tokens, experts, chosen = 4000, 64, 256, 8
    shares = np.empty(trials)
    for start in range(0, trials, 500):  # 500 trials at a time keeps memory near 33 MB
        keys = rng.random((500, tokens, experts), dtype=np.float32)
        picks = np.argpartition(keys, chosen, axis=2)[:, :, :chosen]
        used = np.zeros((500, experts), dtype=bool)
        np.put_along_axis(used, picks.reshape(500, -1), True, axis=1)
        shares[start : start + 500] = used.mean(axis=1)
    expected = moe.expected_expert_fraction_touched(tokens, chosen, experts)
    # Tolerance: 4 standard errors of the simulated mean.
    assert_allclose(shares.mean(), expected, atol=4 * shares.std() / np.sqrt(trials))


def test_all_to_all_bytes_by_hand():
    # 8 experts x 7,168 values x (1 + 2) bytes = 172,032 B.
    assert_allclose(moe.all_to_all_bytes_per_token_layer(7168, 8, 1.0, 2.0), 172032, rtol=1e-12)


def test_tokens_for_half_the_experts_by_hand():
    # ln(0.5) / ln(31/32) = 0.693147 / 0.0317487 = 21.83 tokens.
    assert_allclose(moe.tokens_for_expert_share(0.5, 8, 256), 21.832, rtol=1e-4)
    # Round trip: at that batch the share is one half.
    b = moe.tokens_for_expert_share(0.9, 8, 256)
    assert_allclose(moe.expected_expert_fraction_touched(b, 8, 256), 0.9, rtol=1e-12)


def test_all_to_all_token_rate_per_direction():
    # DeepSeek-V3: 7,168 values x 8 experts x 2 bytes x 58 MoE layers = 6,651,904 bytes of
    # dispatch and as many returned. A GPU that also holds experts sends both on one
    # outgoing link: 40e9 / 13,303,808 = 3,006.7 tokens/s; senders apart from expert
    # holders: 40e9 / 6,651,904 = 6,013.3 tokens/s.
    dispatch = 7168 * 8 * 2 * 58
    assert_allclose(moe.all_to_all_tokens_per_s(dispatch, dispatch, 40e9), 3006.66, rtol=1e-5)
    assert_allclose(
        moe.all_to_all_tokens_per_s(dispatch, dispatch, 40e9, hosts_experts=False),
        6013.32,
        rtol=1e-5,
    )
