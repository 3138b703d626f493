"""Tests of analysis.cooling against hand arithmetic of Q = rho * V_dot * c_p * dT."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from analysis import cooling

pytestmark = pytest.mark.unit


def test_mass_flow_of_one_litre_per_second_of_water():
    # 1 L/s = 1e-3 m³/s; at 994 kg/m³ that is 0.994 kg/s.
    assert_allclose(cooling.mass_flow_kg_per_s(1.0, 994.0), 0.994, rtol=1e-12)


def test_heat_balance_of_the_gb200_nvl72_loop():
    # The note's loop: ~2 L/s, ~20 K rise; water near 35 °C, ~994 kg/m³, ~4.18 kJ/(kg K).
    # By hand: 2e-3 m³/s * 994 kg/m³ = 1.988 kg/s; * 4.18 kJ/(kg K) * 20 K = 166.2 kW.
    m_dot = cooling.mass_flow_kg_per_s(2.0, 994.0)
    heat = cooling.heat_removed_kW(m_dot, 4.18, 20.0)
    assert_allclose(heat, 166.2, rtol=1e-3)
    # That is more than the ~120 kW the rack draws: about 1.38 times (166.2 / 120).
    assert_allclose(heat / 120.0, 1.385, rtol=2e-3)


def test_temperature_rise_for_120_kW_at_2_litres_per_second():
    # dT = 120 kW / (1.988 kg/s * 4.18 kJ/(kg K)) = 120 / 8.30984 = 14.44 K.
    assert_allclose(cooling.temperature_rise_K(120.0, 1.988, 4.18), 14.44, rtol=1e-3)


def test_volume_flow_for_120_kW_at_20_K():
    # V_dot = 120 / (994 * 4.18 * 20) m³/s = 120 / 83,099.2 = 1.444e-3 m³/s = 1.444 L/s.
    assert_allclose(
        cooling.volume_flow_for_heat_L_per_s(120.0, 20.0, 994.0, 4.18), 1.444, rtol=1e-3
    )


def test_round_trip_of_heat_and_rise():
    m_dot = cooling.mass_flow_kg_per_s(np.array([1.0, 2.0, 3.0]), 990.0)
    heat = cooling.heat_removed_kW(m_dot, 4.18, 12.5)
    assert_allclose(cooling.temperature_rise_K(heat, m_dot, 4.18), 12.5, rtol=1e-12)


def test_errors_say_what_to_fix():
    with pytest.raises(ValueError, match="mass flow must be positive"):
        cooling.temperature_rise_K(100.0, 0.0, 4.18)
    with pytest.raises(ValueError, match="volume flow"):
        cooling.mass_flow_kg_per_s(-1.0, 994.0)


def test_property_at_interpolates_and_refuses_to_extrapolate():
    # 30 °C is halfway between 25 and 35 °C: (997.05 + 994.03) / 2 = 995.54 kg/m3.
    temps, rho = [25.0, 35.0, 45.0], [997.05, 994.03, 990.21]
    assert_allclose(cooling.property_at(30.0, temps, rho), 995.54, rtol=1e-12)
    assert_allclose(cooling.property_at(35.0, temps, rho), 994.03, rtol=1e-12)
    with pytest.raises(ValueError, match="outside the table"):
        cooling.property_at(60.0, temps, rho)
