"""Tests of analysis.utilisation against hand arithmetic and simple load shapes."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import utilisation as u

pytestmark = pytest.mark.unit


def test_days_to_train_llama_405b_by_hand():
    # 16,000 H100 * 989e12 FLOP/s = 1.5824e19 FLOP/s peak.
    # MFU 0.38, effective 0.90: 1.5824e19 * 0.342 = 5.4118e18 FLOP/s; 3.8e25 / that
    # = 7.0217e6 s = 81.27 d. MFU 0.43: * 0.387 = 6.1239e18; 6.2052e6 s = 71.82 d.
    days = u.days_to_train(3.8e25, 16_000, 989.0, np.array([0.38, 0.43]), 0.90)
    assert_allclose(days, [81.27, 71.82], rtol=1e-3)


def test_days_to_train_rejects_percent_for_fraction():
    with pytest.raises(ValueError, match="fraction"):
        u.days_to_train(3.8e25, 16_000, 989.0, 38, 0.9)


def test_energy_over_period():
    # 11.2 MW rated for 24 h at 80% load: 11.2 * 24 * 0.8 = 215.04 MWh.
    assert_allclose(u.energy_over_period_MWh(11.2, 24.0, 0.8), 215.04, rtol=1e-12)


def test_flat_profile_load_factor_equals_its_level():
    flat = np.full(168, 0.83)
    assert_allclose(u.load_factor_of_rated(flat), 0.83, rtol=1e-12)
    assert_allclose(u.peak_to_average_ratio(flat), 1.0, rtol=1e-12)


def test_load_factor_against_rated_power_in_MW():
    # 50 MW average on a 100 MW rating: 0.5.
    assert_allclose(u.load_factor_of_rated(np.array([40.0, 60.0]), rated=100.0), 0.5, rtol=1e-12)


def test_load_duration_curve_is_sorted_and_keeps_energy():
    rng = np.random.default_rng(1)
    load = rng.uniform(0.1, 0.9, size=500)
    hours, ldc = u.load_duration_curve(load, 0.25)
    assert np.all(np.diff(ldc) <= 0)
    assert_allclose(hours[-1], 500 * 0.25, rtol=1e-12)
    assert_allclose(u.energy_of_profile_MWh(ldc, 0.25), u.energy_of_profile_MWh(load, 0.25))


def test_training_profile_matches_effective_time():
    # Running 90%, interrupted 70%, running 90% of the time: mean 0.9*0.9 + 0.1*0.7 = 0.88.
    step = 0.25
    t = u.step_midpoints_h(7, step)
    for per_day in (1.0, 2.0, 4.0):  # a whole number of interruption periods in the week
        load = u.training_cluster_profile(t, step, 0.9, 0.7, 0.9, per_day)
        assert_allclose(u.load_factor_of_rated(load), 0.88, rtol=1e-9)
        assert load.max() <= 0.9 + 1e-12 and load.min() >= 0.7 - 1e-12
    # 466 interruptions in 54 days: the week ends part-way through a period, so the mean
    # can be off by at most one downtime (0.1 * 24 * 54 / 466 h) at 0.2 depth over 168 h.
    load = u.training_cluster_profile(t, step, 0.9, 0.7, 0.9, 466 / 54)
    worst = 0.2 * (0.1 * 24 * 54 / 466) / 168
    assert_allclose(u.load_factor_of_rated(load), 0.88, rtol=0, atol=worst)


def test_training_profile_one_interruption_per_day_is_2_4_hours():
    # 10% of 24 h = 2.4 h down per day, at the start of each day; hourly steps.
    t = u.step_midpoints_h(1, 1.0)
    load = u.training_cluster_profile(t, 1.0, 1.0, 0.0, 0.9, 1.0)
    assert_allclose(load[:3], [0.0, 0.0, 0.6], rtol=0, atol=1e-12)
    assert_allclose(load[3:], 1.0, rtol=0, atol=1e-12)


def test_diurnal_profile_mean_trough_and_peak():
    # Cosine around mean 0.4 with trough 0.1: peak 0.7 at the peak hour; mean 0.4 over a day.
    t = u.step_midpoints_h(1, 0.25)
    load = u.diurnal_profile(t, 0.4, 0.1, peak_hour=14.0)
    assert_allclose(load.mean(), 0.4, rtol=1e-9)
    assert_allclose(load.max(), 0.7, rtol=1e-3)
    assert_allclose(load.min(), 0.1, rtol=0, atol=1e-3)
    assert_allclose(u.peak_to_average_ratio(load), 0.7 / 0.4, rtol=1e-3)


def test_weekend_scale_applies_to_saturday_and_sunday_only():
    t = u.step_midpoints_h(7, 1.0)
    weekday = u.diurnal_profile(t, 0.4, 0.1)
    scaled = u.diurnal_profile(t, 0.4, 0.1, weekend_scale=0.5)
    assert_allclose(scaled[: 5 * 24], weekday[: 5 * 24], rtol=1e-12)
    assert_allclose(scaled[5 * 24 :], 0.5 * weekday[5 * 24 :], rtol=1e-12)


def test_diurnal_profile_refuses_a_peak_above_rated():
    with pytest.raises(ValueError, match="exceeds rated"):
        u.diurnal_profile(np.arange(24.0), 0.6, 0.1)


def test_blend_of_flat_and_cycle():
    # Half flat at 0.7, half a cycle of mean 0.4: mean 0.55.
    t = u.step_midpoints_h(1, 0.5)
    blend = u.blended_profile(u.diurnal_profile(t, 0.4, 0.1), np.full(t.size, 0.7), 0.5)
    assert_allclose(blend.mean(), 0.55, rtol=1e-9)


def test_step_must_divide_the_period():
    with pytest.raises(ValueError, match="divide"):
        u.step_midpoints_h(1, 0.7)
