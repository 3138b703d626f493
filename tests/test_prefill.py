"""Prefill time from FLOPs, and the model size the note's 10,000-token example implies."""

import pytest
from numpy.testing import assert_allclose

from analysis import prefill

pytestmark = pytest.mark.unit

# H100 SXM dense BF16 peak: 989 TFLOP/s (half the datasheet's 1,979 "with sparsity", nvidia-h100).
H100_BF16_DENSE_TFLOPS = 989.0


def test_matmul_flop_is_two_n_t():
    # 70e9 parameters x 10,000 tokens x 2 = 1.4e15 FLOP.
    assert_allclose(prefill.prefill_matmul_flop(70, 10_000), 1.4e15, rtol=1e-12)


def test_70b_prefill_of_10k_tokens_on_one_h100_takes_seconds():
    # 1.4e15 / (989e12 x 0.5) = 2.831 s at 50% utilisation: far above the note's 0.2-0.4 s.
    time = prefill.prefill_time_s(1.4e15, H100_BF16_DENSE_TFLOPS, 0.5)
    assert_allclose(time, 1.4e15 / 494.5e12, rtol=1e-12)
    assert time > 2.8


def test_model_size_that_fits_200_to_400_ms():
    # N = t u P / (2 T): 0.2 x 0.5 x 989e12 / 2e4 = 4.945e9; 0.4 s gives 9.89e9.
    sizes = prefill.parameters_for_prefill_time_b([0.2, 0.4], 10_000, H100_BF16_DENSE_TFLOPS, 0.5)
    assert_allclose(sizes, [4.945, 9.89], rtol=1e-12)
    # Round trip: the implied size takes the stated time.
    flop = prefill.prefill_matmul_flop(sizes, 10_000)
    assert_allclose(prefill.prefill_time_s(flop, H100_BF16_DENSE_TFLOPS, 0.5), [0.2, 0.4])


def test_attention_term_for_llama3_8b():
    # Per layer, token t compares its query with t keys (2 t d FLOP) and sums t values
    # (2 t d FLOP): 4 t d. Over t = 1..T: 4 d T(T+1)/2 = 2 d T(T+1).
    # 2 x 32 layers x 4,096 x 10,000 x 10,001 = 2.62170e13 FLOP, against 2 x 8e9 x 1e4 = 1.6e14.
    attention = prefill.prefill_attention_flop(32, 4096, 10_000)
    assert_allclose(attention, 2.62170e13, rtol=1e-5)
    assert_allclose(attention / prefill.prefill_matmul_flop(8, 10_000), 0.16386, atol=1e-4)


def test_attention_term_counts_every_causal_pair_by_brute_force():
    # Independent count: one layer, width 1, a 5-token prompt; token t attends to t tokens,
    # each pair costing 2 FLOP for the logit and 2 for the weighted value.
    pairs = sum(t for t in range(1, 6))  # 15
    assert_allclose(prefill.prefill_attention_flop(1, 1, 5), 4 * pairs)


def test_prefill_intensity():
    # 10,000 tokens at BF16: 2 x 10,000 / 2 = 10,000 FLOP per byte of weights.
    assert_allclose(prefill.prefill_intensity_flop_per_byte(10_000, 2), 10_000.0)


def test_prompt_tokens_at_ridge_h100():
    # H100 SXM: 1,979 TFLOP/s dense FP8 and 989.5 dense BF16 over 3.35 TB/s: ridges 590.75 and
    # 295.37 FLOP/B. With 1-byte and 2-byte weights both reach it at 295.37 prompt tokens.
    fp8 = prefill.prompt_tokens_at_ridge(1979 / 3.35, 1.0)
    bf16 = prefill.prompt_tokens_at_ridge(989.5 / 3.35, 2.0)
    assert_allclose([fp8, bf16], [295.37, 295.37], rtol=1e-4)
    # Round trip: that many tokens give the ridge intensity.
    assert_allclose(prefill.prefill_intensity_flop_per_byte(fp8, 1.0), 1979 / 3.35)


def test_utilisation_must_be_a_fraction():
    with pytest.raises(ValueError, match="utilisation must be in"):
        prefill.prefill_time_s(1e15, 989, 50)
