"""Tests of analysis.power against hand arithmetic."""

import pytest
from numpy.testing import assert_allclose

from analysis import power

pytestmark = pytest.mark.unit


def test_gpu_share_of_a_gb200_nvl72_rack():
    # 72 GPUs at the note's 1,000 W B200 TDP: 72 kW, before CPUs and everything else.
    assert_allclose(power.rack_power_from_parts_kW(72, 1000.0), 72.0, rtol=1e-12)


def test_rack_power_adds_cpus_and_other():
    # 72 * 1,000 W + 36 * 300 W = 82,800 W = 82.8 kW; plus 10 kW of other parts = 92.8 kW.
    assert_allclose(power.rack_power_from_parts_kW(72, 1000.0, 36, 300.0, 10.0), 92.8, rtol=1e-12)


def test_unitemised_power():
    # 120 kW stated minus 72 kW of GPUs leaves 48 kW the parts list does not explain.
    assert_allclose(power.unitemised_power_kW(120.0, 72.0), 48.0, rtol=1e-12)


def test_campus_of_100_MW_at_pue_1_2():
    # 100 MW / 1.2 = 83.33 MW of IT; / 0.120 MW per rack = 694.4 -> 694 whole racks;
    # * 72 GPUs = 49,968 GPUs.
    assert_allclose(power.it_power_MW(100.0, 1.2), 83.333, rtol=1e-4)
    assert_allclose(power.racks_in_campus(83.3333333, 120.0), 694, rtol=0)
    assert_allclose(power.accelerators_in_campus(100.0, 1.2, 120.0, 72), 49_968, rtol=0)


def test_campus_of_1_GW_at_pue_1_4():
    # 1,000 MW / 1.4 = 714.29 MW; / 0.130 MW = 5,494.5 -> 5,494 racks; * 72 = 395,568 GPUs.
    assert_allclose(power.accelerators_in_campus(1000.0, 1.4, 130.0, 72), 395_568, rtol=0)


def test_exact_quotient_is_not_floored_down():
    # 1.2 MW of IT at 120 kW per rack is exactly 10 racks.
    assert_allclose(power.racks_in_campus(1.2, 120.0), 10, rtol=0)


def test_ratio_to_air_cooling_ceiling():
    # 130 kW over a 40-60 kW ceiling: 130 / 60 = 2.17, 130 / 40 = 3.25.
    assert_allclose(power.ratio_to_ceiling(130.0, [60.0, 40.0]), [2.1667, 3.25], rtol=1e-4)


def test_errors_say_what_to_fix():
    with pytest.raises(ValueError, match="PUE"):
        power.it_power_MW(100.0, 0.9)
    with pytest.raises(ValueError, match="rack power must be positive"):
        power.racks_in_campus(100.0, 0.0)


def test_three_phase_current_of_a_rack():
    # 120 kW / (sqrt(3) x 415 V) = 120,000 / 718.80 = 166.95 A; at pf 0.95: 175.73 A.
    assert_allclose(power.three_phase_current_A(120.0, 415.0), 166.946, rtol=1e-5)
    assert_allclose(power.three_phase_current_A(120.0, 415.0, 0.95), 166.946 / 0.95, rtol=1e-5)
    with pytest.raises(ValueError, match="power factor"):
        power.three_phase_current_A(120.0, 415.0, 1.2)
