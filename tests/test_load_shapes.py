"""Load shapes: the load-duration curve, load factor, the profiles and their ranges."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import fleet, fleet_loads
from analysis import load_shapes as ls
from analysis.ranges import monte_carlo

pytestmark = pytest.mark.unit

RNG = np.random.default_rng(7)


def test_module_examples_run():
    assert doctest.testmod(ls).failed == 0


def test_load_duration_curve_is_non_increasing_and_keeps_energy():
    load = RNG.uniform(10.0, 90.0, size=2016)
    hours, ldc = ls.load_duration_curve(load, 5 / 60)
    assert np.all(np.diff(ldc) <= 0)
    assert_allclose(hours[-1], 2016 * 5 / 60)
    assert_allclose(ls.energy_MWh(ldc, 5 / 60), ls.energy_MWh(load, 5 / 60), rtol=1e-12)
    # Area under the curve by the trapezoid-free step rule equals the mean times the hours.
    assert_allclose(np.sum(ldc) * 5 / 60, load.mean() * 168, rtol=1e-12)


def test_one_day_picks_that_days_steps_as_hours_of_the_day():
    # Hourly steps from Monday 00:00: midpoints 0.5, 1.5, ...; Wednesday is hours 48-72.
    week = ls.step_midpoints_h(7, 1.0)
    mask, hours = ls.one_day(week, weekday=2)
    assert mask.sum() == 24
    assert_allclose(week[mask], np.arange(48.5, 72.0, 1.0))
    assert_allclose(hours, np.arange(0.5, 24.0, 1.0))


def test_load_factor_is_mean_over_peak():
    load = np.array([40.0, 60.0, 80.0, 100.0])
    assert ls.load_factor(load) == pytest.approx(70.0 / 100.0)
    assert ls.peak_to_average_ratio(load) == pytest.approx(100.0 / 70.0)
    assert ls.load_factor(np.full(10, 3.3)) == pytest.approx(1.0)


def test_diurnal_profile_peak_trough_and_no_jump_at_weekends():
    t = ls.step_midpoints_h(7, 5 / 60)
    r = ls.diurnal_request_profile(t, 0.4, 14.0, weekend_scale=0.7)
    assert r.max() == pytest.approx(1.0, abs=1e-4)
    assert r.min() == pytest.approx(0.4, abs=1e-4)
    # A cosine's steepest 5-minute change is a * 2 pi / 288 of (1 + a): no step bigger.
    a = 0.6 / 1.4
    assert ls.largest_step_change(r) <= a * 2 * np.pi / 288 / (1 + a) * 1.001


def test_time_zone_spread_flattens_the_cycle():
    t = ls.step_midpoints_h(1, 5 / 60)
    one = ls.diurnal_request_profile(t, 0.4, 14.0)
    spread = ls.diurnal_request_profile(t, 0.4, 14.0, spread_h=12.0)
    assert ls.load_factor(spread) > ls.load_factor(one)
    assert spread.mean() == pytest.approx(one.mean(), rel=1e-9)


@pytest.mark.parametrize("share", [0.0, 0.2, 0.5, 1.0])
def test_valley_filling_keeps_the_work_and_lowers_the_peak(share):
    r = ls.diurnal_request_profile(ls.step_midpoints_h(1, 0.25), 0.3, 14.0)
    filled = ls.defer_into_valleys(r, share)
    assert filled.sum() == pytest.approx(r.sum(), rel=1e-12)
    assert filled.max() <= r.max() + 1e-12
    if share == 0:
        assert_allclose(filled, r)
    if share == 1:
        assert_allclose(filled, r.mean())


def test_training_profile_energy_matches_effective_time():
    step = 0.25
    t = ls.step_midpoints_h(7, step)
    for per_day in (1.0, 2.0, 4.0):  # whole numbers of interruption periods in the week
        p = ls.training_cluster_power_W(t, step, 630.0, 105.0, 345.0, 0.9, per_day)
        assert p.mean() == pytest.approx(0.9 * 630 + 0.1 * 105 + 345, rel=1e-9)
        assert p.max() <= 630 + 345 + 1e-9 and p.min() >= 105 + 345 - 1e-9


def test_serving_fleet_limits():
    h100 = fleet.system("DGX H100")
    c = h100.calibration
    profile = np.array([1.0, 0.5, 0.0])
    power = ls.serving_fleet_power_W(profile, 128, c.power, c.throughput, 100.0, 300.0, 1.0)
    at_peak = float(fleet.decode_W(h100, 128)) + 300.0
    assert power[0] == pytest.approx(at_peak)
    assert power[2] == pytest.approx(100.0 + 300.0)  # packed, nothing to serve: idle + host
    spread = ls.serving_fleet_power_W(profile, 128, c.power, c.throughput, 100.0, 300.0, 0.0)
    assert spread[0] == pytest.approx(at_peak) and spread[2] == pytest.approx(400.0)
    assert spread[1] > power[1]  # spreading keeps every server partly busy


@pytest.mark.parametrize("kind", list(fleet_loads.FLEETS))
def test_fleet_ranges_are_ordered(kind):
    shape = fleet_loads.shape(kind, fleet.system("DGX H100"))
    for r in (shape.load_factor, shape.peak_to_average, shape.largest_step_share):
        assert r.low <= r.central <= r.high
    assert np.all(shape.ldc_W.low <= shape.ldc_W.central + 1e-9)
    assert np.all(shape.ldc_W.central <= shape.ldc_W.high + 1e-9)
    assert 0 < shape.load_factor.low and shape.load_factor.high <= 1


def test_corner_range_contains_random_draws():
    # The ranges are evaluated at the corners of the assumptions, which is exact only if
    # the load factor is monotone in each; random draws inside the box must stay inside.
    s = fleet.system("DGX H100")
    names = fleet_loads.FLEETS["Chat fleet"]
    corner = fleet_loads.shape("Chat fleet", s).load_factor

    def lf(*values):
        return ls.load_factor(fleet_loads.fleet_profile_W("Chat fleet", s, *values))

    drawn = monte_carlo(np.vectorize(lf), *(fleet.a(n) for n in names), samples=150,
                        percentiles=(0.0, 100.0))  # fmt: skip
    assert corner.low - 1e-9 <= drawn.low and drawn.high <= corner.high + 1e-9


def test_reasoning_flattens_only_through_deferrable_work():
    s = fleet.system("DGX H100")
    chat = fleet_loads.shape("Chat fleet", s).load_factor
    reasoning = fleet_loads.shape("Reasoning-heavy fleet", s).load_factor
    assert reasoning.central > chat.central


def test_many_staggered_jobs_give_a_flat_load_to_the_last_step():
    # 40 jobs, each down 10% of its 2.78-hour period, staggered by 1/40 of it: at every
    # moment four are down, so the week is flat at 0.9 x 630 + 0.1 x 105 + 345 = 922.5 W.
    # (np.floor and np.mod taken apart once lost a whole outage at a period boundary.)
    t = ls.step_midpoints_h(7, 5 / 60)
    p = ls.training_cluster_power_W(t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54, jobs=40)
    assert_allclose(p, 922.5, rtol=1e-9)
    one = ls.training_cluster_power_W(t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54)
    assert one.min() == pytest.approx(105 + 345) and one.max() == pytest.approx(630 + 345)


def test_campus_year_by_hand():
    # A DGX H100 campus: 10.2 kW for 8 GPUs, 1,275 W of rating a GPU. A week averaging
    # 900 W and peaking at 1,000 W a GPU (load factor 0.9), on a 1,000 MW connection:
    # peak 1,000 / 1,275 x 1,000 = 784.3 MW; a year 900 / 1,275 x 1,000 MW x 8,760 h =
    # 6.18 TWh; per GW of peak 0.9 x 8.76 = 7.884 TWh.
    s = fleet.system("DGX H100")
    point = fleet.Range.point
    week = fleet_loads.Shape(point(0.0), point(0.0), point(0.9), point(1 / 0.9), point(0.1),
                             point(1000.0), point(900.0), point(100.0))  # fmt: skip
    year = fleet_loads.campus_year(s, week, 1000.0)
    assert year["peak_MW"].central == pytest.approx(1000 / 1275 * 1000)
    assert year["TWh"].central == pytest.approx(900 / 1275 * 8.76)
    assert year["TWh_per_GW_peak"].central == pytest.approx(7.884)
    # The connection is the rating times PUE, so the GPUs it holds at a PUE of 1.2:
    assert fleet_loads.campus_gpus(s, 1000.0) == pytest.approx(1e9 / (1275 * 1.2))


def test_campus_steps_scale_from_watts_per_gpu_not_from_the_connection():
    # One job of a three-job NVL72 campus restarting: its GPUs fall from training to idle.
    s = fleet.system("GB200 NVL72")
    shape = fleet_loads.campus_training_shape(s, 100.0)
    assert fleet_loads.campus_jobs(s, 100.0) == 3
    step = fleet_loads.campus_MW(s, shape.largest_step_W, 100.0).central
    gpus = fleet_loads.campus_gpus(s, 100.0)  # about 45,000 GPUs, 15,000 a job
    by_hand = gpus / 3 * (0.9 - 0.15) * 1200 * 1.2 / 1e6  # MW at the meter, central PUE
    assert step == pytest.approx(by_hand, rel=0.02)
