"""Tests of analysis.lifecycle: expected values worked by hand."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import lifecycle

pytestmark = pytest.mark.unit


def test_implied_peak_price_by_hand():
    # US$1.50/h after a 75% fall: 1.50 / 0.25 = US$6.00/h; US$4.00 after 64%: 4 / 0.36.
    assert_allclose(lifecycle.implied_peak_price(1.50, 0.75), 6.0, rtol=1e-12)
    assert_allclose(lifecycle.implied_peak_price(4.00, 0.64), 11.111111, rtol=1e-6)


def test_implied_peak_price_rejects_full_fall():
    with pytest.raises(ValueError, match="fall_fraction"):
        lifecycle.implied_peak_price(2.0, 1.0)


def test_a100_price_implied_by_ratio():
    # 70% of US$2.00 is US$1.40.
    assert_allclose(lifecycle.implied_price_from_ratio(2.0, 0.7), 1.4, rtol=1e-12)


def test_bandwidth_per_price_by_hand():
    # 3.35 TB/s at US$2.50/h: 1.34 TB/s per US$/h.
    assert_allclose(lifecycle.bandwidth_per_price(3.35, 2.5), 1.34, rtol=1e-12)
    with pytest.raises(ValueError, match="positive"):
        lifecycle.bandwidth_per_price(3.35, 0.0)


def test_value_per_price_of_note_a100_claim():
    # The note: 80-90% of the value at 70% of the cost -> 8/7 and 9/7 of H100 per dollar.
    assert_allclose(lifecycle.value_per_price([0.8, 0.9], 0.7), [8 / 7, 9 / 7], rtol=1e-12)


@pytest.mark.parametrize("life", [3.0, 4.0, 5.0, 5.5, 6.0])
def test_depreciation_schedule_sums_to_cost(life):
    schedule = lifecycle.depreciation_schedule(1.0, life)
    assert_allclose(schedule.sum(), 1.0, rtol=1e-12)
    assert len(schedule) == int(np.ceil(life))


def test_depreciation_schedule_fractional_life_by_hand():
    # 5.5 years on cost 11: 2 per year for 5 years, then 1 in the half year.
    assert_allclose(lifecycle.depreciation_schedule(11.0, 5.5), [2, 2, 2, 2, 2, 1], rtol=1e-12)


def test_book_value_straight_line():
    # Cost 1 over 4 years: 0.75 after one year, 0.5 after two, 0 after four and later.
    assert_allclose(lifecycle.book_value(1.0, 4.0, [0, 1, 2, 4, 7]), [1, 0.75, 0.5, 0, 0])


def test_annual_charge_change_extension_lowers_charge():
    # Cost 12: 3 per year over 4 years, 2 per year over 6: change -1.
    assert_allclose(lifecycle.annual_charge_change(12.0, 4.0, 6.0), -1.0, rtol=1e-12)


def test_bandwidth_per_watt_by_hand():
    # A100: 2.039 TB/s over 400 W = 2,039 GB/s / 400 W = 5.0975 GB/s per W.
    assert_allclose(lifecycle.bandwidth_per_watt(2.039, 400.0), 5.0975, rtol=1e-12)
    with pytest.raises(ValueError, match="power_W"):
        lifecycle.bandwidth_per_watt(2.0, 0.0)


def test_rent_per_mwh_by_hand():
    # 1,000 GPUs at US$1.50 an hour earn US$1,500 an hour; drawing 1.2 MW that is
    # 1,500 / 1.2 = US$1,250 per MWh.
    assert_allclose(lifecycle.rent_per_MWh(1.5, 1.2, 1000), 1250.0, rtol=1e-12)
    with pytest.raises(ValueError, match="fleet_power_MW"):
        lifecycle.rent_per_MWh(1.5, 0.0, 1000)


def test_installed_base_grows_then_holds():
    # 10 a year with a 3-year life: 0, 5, 10, 20, 30, then 30 for ever (t = 0, .5, 1, 2, 3, 8).
    t = np.array([0.0, 0.5, 1.0, 2.0, 3.0, 8.0])
    assert_allclose(lifecycle.installed_base(10.0, 3.0, t), [0, 5, 10, 20, 30, 30], rtol=1e-12)


def test_installed_base_plateau_scales_with_life():
    # Little's law: a 6-year life holds 6/4 = 1.5 times the units of a 4-year one.
    six, four = (lifecycle.installed_base(7.0, life, 20.0) for life in (6.0, 4.0))
    assert_allclose(six / four, 1.5, rtol=1e-12)


def test_installed_base_rejects_bad_inputs():
    with pytest.raises(ValueError, match="life_years"):
        lifecycle.installed_base(1.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="years_since_start"):
        lifecycle.installed_base(1.0, 4.0, -1.0)


def test_installed_base_growing_sums_cohorts():
    # Cohorts of 1, 1/1.5, 1/1.5^2, ... summed by hand for a 4-year and a 6-year life.
    four = 1 + 2 / 3 + 4 / 9 + 8 / 27
    six = four + 16 / 81 + 32 / 243
    assert_allclose(lifecycle.installed_base_growing(0.5, 4.0), four, rtol=1e-12)
    assert_allclose(lifecycle.installed_base_growing(0.5, 6.0), six, rtol=1e-12)
    assert_allclose(lifecycle.life_stretch_factor(4.0, 6.0, 0.5), six / four, rtol=1e-12)


def test_life_stretch_factor_constant_purchases_is_ratio_of_lives():
    assert_allclose(lifecycle.life_stretch_factor(4.0, 6.0, 0.0), 1.5, rtol=1e-12)
    assert_allclose(
        lifecycle.life_stretch_factor(4.0, 6.0, np.array([0.0, 0.25])), [1.5, 1.2498], rtol=1e-4
    )


def test_installed_base_growing_rejects_bad_inputs():
    with pytest.raises(ValueError, match="growth_per_year"):
        lifecycle.installed_base_growing(-0.1, 4.0)
    with pytest.raises(ValueError, match="life_years"):
        lifecycle.installed_base_growing(0.1, 0.5)
