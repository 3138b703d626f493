"""analysis.collectives against hand computations of the ring all-reduce."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import collectives

pytestmark = pytest.mark.unit


def test_ring_factor_is_one_for_two_ranks_and_tends_to_two():
    # 2(p-1)/p: p=2 -> 1; p=8 -> 14/8 = 1.75; p=1000 -> 1.998.
    assert_allclose(collectives.ring_allreduce_factor([2, 8, 1000]), [1.0, 1.75, 1.998], rtol=1e-12)


def test_70b_bf16_gradients_on_8_gpus_at_350_gb_per_s_take_0_7_s():
    # 70e9 parameters x 2 B = 140 GB; t = 1.75 x 140 / 350 = 0.7 s.
    size = collectives.gradient_size_GB(70.0, 2.0)
    assert_allclose(size, 140.0, rtol=1e-12)
    assert_allclose(collectives.ring_allreduce_time_s(size, 8, 350.0), 0.7, rtol=1e-12)


def test_roce_range_by_hand():
    # 1.75 x 140 / 290 = 0.84483 s; 1.75 x 140 / 270 = 0.90741 s.
    got = collectives.ring_allreduce_time_s(140.0, 8, np.array([290.0, 270.0]))
    assert_allclose(got, [0.84483, 0.90741], rtol=1e-4)


def test_latency_term_adds_two_p_minus_one_steps():
    # p=8, alpha=10 us: 14 steps x 10 us = 140 us on top of 0.7 s.
    got = collectives.ring_allreduce_time_s(140.0, 8, 350.0, step_latency_s=10e-6)
    assert_allclose(got, 0.7 + 140e-6, rtol=1e-12)


def test_algorithm_bandwidth_from_bus_bandwidth():
    # busbw 350 at p=8: algbw = 350 x 8 / 14 = 200 GB/s, and S / algbw = 140 / 200 = 0.7 s.
    algbw = collectives.algorithm_bandwidth_GB_per_s(350.0, 8)
    assert_allclose(algbw, 200.0, rtol=1e-12)
    assert_allclose(collectives.transfer_time_s(140.0, algbw), 0.7, rtol=1e-12)


def test_line_rate_of_eight_400_gb_nics():
    # 8 x 400 Gb/s / 8 bit/B = 400 GB/s; one NIC 50 GB/s.
    assert_allclose(collectives.line_rate_GB_per_s([8, 1], 400.0), [400.0, 50.0], rtol=1e-12)


def test_one_participant_is_an_error_that_says_so():
    with pytest.raises(ValueError, match="at least 2 participants"):
        collectives.ring_allreduce_time_s(1.0, 1, 100.0)


def test_ring_bound_shared_by_concurrent_rings():
    # 8 NICs x 50 GB/s = 400 GB/s for one ring through the node; 8 rings at once: 50 each.
    got = collectives.busbw_bound_GB_per_s(8, 50.0, np.array([1, 2, 8]))
    assert_allclose(got, [400.0, 200.0, 50.0], rtol=1e-12)
    with pytest.raises(ValueError, match="at least 1"):
        collectives.busbw_bound_GB_per_s(8, 50.0, 0)


def test_one_way_halves_a_bidirectional_sum_only():
    # NVLink 5: 1,800 GB/s both ways -> 900; a NIC's 50 one way stays 50; unknown -> NaN.
    got = collectives.one_way_GB_per_s(
        np.array([1800.0, 50.0, 3600.0]), ["bidirectional", "one_way", "not_stated"]
    )
    assert_allclose(got[:2], [900.0, 50.0], rtol=1e-12)
    assert np.isnan(got[2])
