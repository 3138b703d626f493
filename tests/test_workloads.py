"""Chapter 1 computations, checked against hand arithmetic and the note's figures."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import workloads
from analysis.data import load

pytestmark = pytest.mark.unit


def test_llama_405b_training_compute_matches_reported():
    # 6 x 405e9 x 15.6e12 = 3.7908e25 FLOP; Meta reports ~3.8e25 (llama3-2024).
    flop = workloads.training_compute_flop(405e9, 15.6e12)
    assert_allclose(flop, 6 * 405 * 15.6 * 1e21, rtol=1e-12)
    assert_allclose(flop, 3.8e25, rtol=0.01)  # within 1% of the reported figure


def test_llama_tokens_per_parameter_is_about_38_and_twice_chinchilla():
    ratio = workloads.tokens_per_parameter(15.6e12, 405e9)
    assert_allclose(ratio, 15600 / 405, rtol=1e-12)  # 38.52
    assert_allclose(ratio, 38, atol=0.6)  # the note's "≈38"
    assert_allclose(ratio / 20, 1.926, atol=0.001)  # against Chinchilla's ~20


def test_compute_at_ratio_is_six_r_n_squared():
    n = np.array([1e9, 70e9, 405e9])
    assert_allclose(workloads.compute_at_ratio_flop(n, 20), 120 * n**2, rtol=1e-12)


def test_doubling_every_5_2_months():
    # 2^(12/5.2) = 4.95 per year; 2^(120/5.2) = 8.8e6 per decade.
    assert_allclose(workloads.growth_factor(5.2, 12), 4 * 1.2377, rtol=1e-3)  # 4 x 2^0.3077
    assert_allclose(workloads.growth_factor(5.2, 120), 2 ** (120 / 5.2), rtol=1e-12)
    assert_allclose(workloads.growth_factor(5.2, 5.2), 2.0)


def test_mixed_precision_adam_is_16_bytes_per_parameter():
    # 2 (BF16 weights) + 2 (BF16 gradients) + 4 (FP32 master) + 4 + 4 (Adam moments).
    frame = load("training_memory")
    assert workloads.training_bytes_per_parameter(frame) == 16.0
    assert frame.loc[frame.needed_for_inference == "yes", "bytes_per_parameter"].sum() == 2.0


def test_resident_memory_of_70b_model():
    assert_allclose(workloads.resident_memory_gb(70, 16), 1120.0)  # training state, GB
    assert_allclose(workloads.resident_memory_gb(70, 1), 70.0)  # FP8 weights, GB


def test_reasoning_query_rate():
    # 50,000 tokens in 90 s is 555.6 token/s.
    assert_allclose(workloads.tokens_per_second(50_000, 90), 555.5556, rtol=1e-6)


def test_compound_growth_per_decade():
    # Epoch AI's 4-5x a year over ten years: 4^10 = 1,048,576 and 5^10 = 9,765,625.
    assert workloads.YEARS_PER_DECADE == 10
    assert_allclose(workloads.compound_growth(np.array([4.0, 5.0]), 10), [1048576, 9765625])
    # consistent with the doubling time: 2^(120 / tau) with tau = 12 ln2 / ln5
    tau = workloads.doubling_months(5.0)
    assert_allclose(workloads.growth_factor(tau, 120), 9765625, rtol=1e-12)
