"""KV-cache sizing checked by hand arithmetic against the note's Llama 3 70B example."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import kvcache

pytestmark = pytest.mark.unit


def test_llama3_70b_kv_per_token_is_320_kibibytes():
    # 2 (K and V) x 80 layers x 8 KV heads x 128 dims x 2 B (BF16) = 327,680 B.
    per_token = kvcache.kv_bytes_per_token(80, 8, 128, 2)
    assert_allclose(per_token, 327_680, rtol=0)
    # 327,680 / 1,024 = 320 exactly: the note's "~320 KB" is 320 KiB.
    assert_allclose(per_token / 1024, 320, rtol=0)
    # In decimal kilobytes it is 327.68 kB, 2.4% above 320.
    assert_allclose(per_token / 1000, 327.68, rtol=1e-12)


def test_llama3_70b_per_8k_request_reconciles_with_note():
    per_token = 2 * 80 * 8 * 128 * 2
    per_request = kvcache.kv_bytes_per_request(per_token, 8192)
    # 327,680 x 8,192 = 2,684,354,560 B = 2.68 GB = 2.5 GiB exactly.
    assert_allclose(per_request, 2_684_354_560, rtol=0)
    assert_allclose(per_request / 1024**3, 2.5, rtol=0)
    # The note's 2.56 GB is 320 x 8,000 x 1,000 B: kibibytes read as kilobytes and 8K as 8,000.
    assert_allclose(320 * 1000 * 8000 / 1e9, 2.56, rtol=1e-12)
    assert_allclose(per_request / 1e9, 2.56, rtol=0.05)  # within 5% of the note


def test_32_requests_at_8k_exceed_an_80_gb_memory():
    batch = kvcache.kv_bytes_for_batch(327_680, 8192, 32)
    # 32 x 2.684 GB = 85.9 GB (= 80 GiB); the note's 82 GB is 32 x 2.56 GB = 81.92 GB.
    assert_allclose(batch / 1e9, 85.899_345_92, rtol=1e-9)
    assert_allclose(32 * 2.56, 81.92, rtol=1e-12)
    assert batch > 80e9


def test_gqa_and_precision_factors():
    # Llama 3 70B: 64 query heads share 8 KV heads, so 64 / 8 = 8 (the note's "8x").
    assert_allclose(kvcache.gqa_reduction_factor(64, 8), 8.0)
    # BF16 (2 B) -> FP8 (1 B) halves the cache; -> NVFP4 (0.5625 B) divides it by 3.56.
    assert_allclose(kvcache.precision_reduction_factor(2.0, [1.0, 0.5625]), [2.0, 2 / 0.5625])


def test_paged_capacity_factor():
    # 60% of reserved memory wasted -> 40% used; near-zero waste after: 1 / 0.4 = 2.5.
    assert_allclose(kvcache.paged_capacity_factor([0.6, 0.8]), [2.5, 5.0], rtol=1e-12)
    assert_allclose(kvcache.paged_capacity_factor(0.6, 0.04), 0.96 / 0.4, rtol=1e-12)
    with pytest.raises(ValueError, match="waste_fraction_before"):
        kvcache.paged_capacity_factor(1.0)


def test_max_concurrent_requests_on_an_80_gb_gpu():
    # Llama 3 70B at FP8 (70 GB) on 80 GB leaves 10 GB: floor(10e9 / 2.684e9) = 3.
    per_request = 327_680 * 8192
    assert kvcache.max_concurrent_requests(80, 70, per_request) == 3
    # Weights alone too large: no request fits, never a negative count.
    assert kvcache.max_concurrent_requests(80, 140, per_request) == 0
    assert_allclose(kvcache.max_concurrent_requests(np.array([141.0]), 70, per_request), [26])


def test_bad_shape_says_what_to_fix():
    with pytest.raises(ValueError, match="kv_heads must be positive"):
        kvcache.kv_bytes_per_token(80, 0, 128, 2)


def test_mean_context_of_a_growing_answer():
    # The cache grows from the prompt p to p + L: over the answer it holds p + L / 2.
    assert kvcache.mean_context_tokens(1000, 50_000) == pytest.approx(26_000.0)
    assert kvcache.mean_context_tokens(823.0, 0) == pytest.approx(823.0)
    # The mean of p + t over t = 0 .. L - 1 is p + (L - 1) / 2: within half a token.
    steps = np.arange(50_000) + 1000
    assert abs(steps.mean() - kvcache.mean_context_tokens(1000, 50_000)) <= 0.5
    with pytest.raises(ValueError, match="negative"):
        kvcache.mean_context_tokens(-1, 10)
