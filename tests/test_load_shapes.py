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


def test_one_job_keeps_evenly_spaced_interruptions():
    # One job: an outage of 0.1 x 24 / (466 / 54) = 0.278 h every 2.78 h, at fixed times;
    # the week swings between the idle and the full draw, whatever the seed.
    t = ls.step_midpoints_h(7, 5 / 60)
    one = ls.training_cluster_power_W(t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54)
    assert one.min() == pytest.approx(105 + 345) and one.max() == pytest.approx(630 + 345)
    other = ls.training_cluster_power_W(t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54, seed=7)
    assert_allclose(other, one, rtol=0, atol=0)


def test_independent_jobs_run_the_effective_training_time_in_the_long_run():
    # Each job alternates running spells of mean f / r with outages of (1 - f) / r, so over
    # a long horizon the running share is f = 0.9 and the mean draw 0.9 x 630 + 0.1 x 105
    # + 345 = 922.5 W. 400 days of 4 jobs is about 4 x 3,450 cycles: the share's standard
    # error is well under 0.002 (exponential spells: sd of a cycle ~ its mean).
    t = ls.step_midpoints_h(400, 5 / 60)
    p = ls.training_cluster_power_W(t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54, jobs=4)
    running_share = (p - 345.0 - 105.0) / (630.0 - 105.0)
    assert running_share.mean() == pytest.approx(0.9, abs=0.005)
    assert np.all(running_share >= -1e-9) and np.all(running_share <= 1 + 1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_many_independent_jobs_reach_the_full_draw_in_a_week(seed):
    # 40 jobs each running 90% of the time, independently: all 40 run together a share
    # 0.9^40 = 1.5% of the time, 2.5 h of a week's 168 h, in spells of mean 1 / (40 x
    # 0.4 /h) = 3.75 min (each job stops at 1 / (0.9 x 2.78 h) = 0.4 /h while running).
    # Even treating the 2,016 intervals as independent, P(no all-up interval) = (1 -
    # 0.015)^2016 ~ 1e-13, so the week's peak is within half a job of the full draw,
    # 975 W, and the load factor is one job's, 922.5 / 975 = 0.946, give or take the draw.
    t = ls.step_midpoints_h(7, 5 / 60)
    p = ls.training_cluster_power_W(
        t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54, jobs=40, seed=seed
    )
    assert 0.9**40 == pytest.approx(0.0148, abs=1e-4)
    assert 1 - (1 - 0.9**40) ** 2016 > 0.999
    assert p.max() >= 975.0 - 525.0 * 0.5 / 40
    assert p.max() <= 975.0 + 1e-9
    assert ls.load_factor(p) == pytest.approx(922.5 / 975.0, abs=0.01)


def test_independent_jobs_are_reproducible_and_the_draw_ignores_the_power_levels():
    t = ls.step_midpoints_h(2, 5 / 60)
    args = (t, 5 / 60, 630.0, 105.0, 345.0, 0.9, 466 / 54)
    first = ls.training_cluster_power_W(*args, jobs=10, seed=3)
    assert_allclose(ls.training_cluster_power_W(*args, jobs=10, seed=3), first, rtol=0, atol=0)
    given = ls.training_cluster_power_W(*args, jobs=10, seed=np.random.default_rng(3))
    assert_allclose(given, first, rtol=0, atol=0)
    assert not np.allclose(ls.training_cluster_power_W(*args, jobs=10, seed=4), first)
    # Same seed, other power levels: the same outages, so the same share of GPUs down.
    other = ls.training_cluster_power_W(t, 5 / 60, 700.0, 90.0, 200.0, 0.9, 466 / 54, jobs=10,
                                        seed=3)  # fmt: skip
    assert_allclose((630.0 + 345.0 - first) / 525.0, (700.0 + 200.0 - other) / 610.0,
                    atol=1e-9)  # fmt: skip


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
    assert fleet_loads.campus_jobs(s, 100.0) == 3
    gpus = fleet_loads.campus_gpus(s, 100.0)  # about 45,000 GPUs, 15,000 a job
    by_hand = gpus / 3 * (0.9 - 0.15) * 1200 * 1.2 / 1e6  # MW at the meter, central PUE
    job = fleet_loads.campus_MW(s, fleet_loads.campus_job_swing_W(s, 100.0), 100.0).central
    assert job == pytest.approx(by_hand, rel=0.02)
    # The jobs stop at random times: a week's largest step is at least most of one job's
    # swing (about 60 stops a job, each split between two intervals at a uniform point,
    # so the larger part exceeds 90% of the swing with probability 0.2 each) and at most
    # all three jobs' together.
    shape = fleet_loads.campus_training_shape(s, 100.0)
    step = fleet_loads.campus_MW(s, shape.largest_step_W, 100.0).central
    assert 0.9 * by_hand <= step <= 3 * by_hand * 1.02
