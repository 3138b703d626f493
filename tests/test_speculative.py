"""Speculative decoding: the closed form of leviathan-2023 against a Monte Carlo simulation."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import speculative

pytestmark = pytest.mark.unit


def simulate_tokens_per_step(
    acceptance_rate: float, draft_tokens: int, steps: int, seed: int
) -> np.ndarray:
    """Tokens produced in each of ``steps`` verification steps, drawn independently.

    Each draft token is accepted with probability a, in order, until the first rejection;
    the target model then adds one token of its own (the correction, or a bonus token
    when all k are accepted).
    """
    rng = np.random.default_rng(seed)
    accepted = rng.random((steps, draft_tokens)) < acceptance_rate
    leading = np.cumprod(accepted, axis=1).sum(axis=1)  # accepted prefix length
    return leading + 1.0


@pytest.mark.parametrize(("a", "k"), [(0.8, 4), (0.6, 4), (0.8, 8), (0.6, 2), (0.95, 10), (0.3, 3)])
def test_expected_tokens_matches_monte_carlo(a, k):
    draws = simulate_tokens_per_step(a, k, steps=200_000, seed=20_230_401)
    standard_error = draws.std(ddof=1) / np.sqrt(draws.size)
    # Within 4 standard errors: fails by chance about once in 16,000 runs (seed is fixed).
    assert_allclose(
        speculative.expected_tokens_per_step(a, k), draws.mean(), atol=4 * standard_error
    )


def test_expected_tokens_by_hand():
    # a = 0.8, k = 4: 1 + 0.8 + 0.64 + 0.512 + 0.4096 = 3.3616.
    assert_allclose(speculative.expected_tokens_per_step(0.8, 4), 3.3616, rtol=1e-12)
    # a = 0.6, k = 4: 1 + 0.6 + 0.36 + 0.216 + 0.1296 = 2.3056.
    assert_allclose(speculative.expected_tokens_per_step(0.6, 4), 2.3056, rtol=1e-12)
    # Limits: nothing accepted -> 1 token; everything accepted -> k + 1 tokens.
    assert_allclose(speculative.expected_tokens_per_step([0.0, 1.0], 5), [1.0, 6.0])


def test_speedup_includes_draft_cost():
    # a = 0.8, k = 4, c = 0.05: 3.3616 / (4 x 0.05 + 1) = 3.3616 / 1.2 = 2.8013.
    assert_allclose(speculative.speculative_speedup(0.8, 4, 0.05), 3.3616 / 1.2, rtol=1e-12)
    # A free draft gives the full expectation.
    assert_allclose(speculative.speculative_speedup(0.6, 4, 0.0), 2.3056, rtol=1e-12)


def test_best_draft_length_by_enumeration():
    # a = 0.6, c = 0.1: speedups k=1..4 are 1.6/1.1=1.455, 1.96/1.2=1.633, 2.176/1.3=1.674,
    # 2.3056/1.4=1.647, so k = 3 is best.
    k, speedup = speculative.best_draft_length(0.6, 0.1)
    assert k == 3
    assert_allclose(speedup, 2.176 / 1.3, rtol=1e-12)


def test_rejects_percentages():
    with pytest.raises(ValueError, match="acceptance_rate must be in"):
        speculative.expected_tokens_per_step(80, 4)
