"""Heat carried away by a liquid coolant loop: the steady-flow energy balance.

A coolant stream of mass flow m_dot [kg/s] and isobaric specific heat c_p [kJ/(kg K)]
whose temperature rises by dT [K] carries Q = m_dot * c_p * dT [kW] out of the rack. The
mass flow is the volume flow times the density, m_dot = rho * V_dot. Water's rho and c_p
come from the IAPWS-95 formulation (iapws-95). In steady state the heat a rack's coolant
removes cannot exceed the electrical power the rack draws, since all of it ends as heat.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

LITRE_M3 = 1e-3


@keeps_series
def mass_flow_kg_per_s(volume_flow_L_per_s: ArrayLike, density_kg_per_m3: ArrayLike) -> ArrayLike:
    """Mass flow of a coolant stream [kg/s]: m_dot = rho * V_dot.

    Parameters
    ----------
    volume_flow_L_per_s : array_like
        Volume flow [L/s] (1 L = 1e-3 m³).
    density_kg_per_m3 : array_like
        Coolant density [kg/m³] at the loop's temperature (iapws-95 for water).

    Examples
    --------
    >>> from analysis import cooling
    >>> # 2 L/s of water at 997 kg/m3
    >>> float(cooling.mass_flow_kg_per_s(2, 997))
    1.994
    """
    if np.any(np.less(volume_flow_L_per_s, 0)):
        raise ValueError(f"volume flow must be zero or more, in L/s; got {volume_flow_L_per_s}")
    return np.multiply(volume_flow_L_per_s, LITRE_M3) * np.asarray(density_kg_per_m3)


@keeps_series
def heat_removed_kW(
    mass_flow: ArrayLike, specific_heat_kJ_per_kg_K: ArrayLike, temperature_rise_K: ArrayLike
) -> ArrayLike:
    """Heat carried by a coolant stream [kW]: Q = m_dot * c_p * dT.

    Parameters
    ----------
    mass_flow : array_like
        Mass flow m_dot [kg/s], from :func:`mass_flow_kg_per_s`.
    specific_heat_kJ_per_kg_K : array_like
        Isobaric specific heat c_p [kJ/(kg K)] (iapws-95 for water).
    temperature_rise_K : array_like
        Outlet minus inlet temperature dT [K].

    Returns
    -------
    array_like
        Heat flow [kW] (kg/s x kJ/(kg K) x K = kJ/s).

    Examples
    --------
    >>> from analysis import cooling
    >>> # 1.994 kg/s warming by 15 K, c_p 4.18 kJ/(kg K)
    >>> round(float(cooling.heat_removed_kW(1.994, 4.18, 15)), 2)
    125.02
    """
    return np.multiply(mass_flow, specific_heat_kJ_per_kg_K) * np.asarray(temperature_rise_K)


def temperature_rise_K(
    heat_kW: ArrayLike, mass_flow: ArrayLike, specific_heat_kJ_per_kg_K: ArrayLike
) -> ArrayLike:
    """Coolant temperature rise that carries a given heat flow [K]: dT = Q / (m_dot * c_p).

    Parameters
    ----------
    heat_kW : array_like
        Heat to carry away [kW].
    mass_flow : array_like
        Mass flow [kg/s].
    specific_heat_kJ_per_kg_K : array_like
        Isobaric specific heat [kJ/(kg K)].

    Examples
    --------
    >>> from analysis import cooling
    >>> # 125 kW into the same stream
    >>> round(float(cooling.temperature_rise_K(125, 1.994, 4.18)), 2)
    15.0
    """
    if np.any(np.less_equal(mass_flow, 0)):
        raise ValueError(f"mass flow must be positive, in kg/s; got {mass_flow}")
    return np.divide(heat_kW, np.multiply(mass_flow, specific_heat_kJ_per_kg_K))


@keeps_series
def volume_flow_for_heat_L_per_s(
    heat_kW: ArrayLike,
    temperature_rise: ArrayLike,
    density_kg_per_m3: ArrayLike,
    specific_heat_kJ_per_kg_K: ArrayLike,
) -> ArrayLike:
    """Coolant volume flow needed to carry a heat flow at a given rise [L/s].

    V_dot = Q / (rho * c_p * dT), returned in L/s.

    Parameters
    ----------
    heat_kW : array_like
        Heat to carry away [kW].
    temperature_rise : array_like
        Allowed outlet minus inlet temperature [K].
    density_kg_per_m3 : array_like
        Coolant density [kg/m³].
    specific_heat_kJ_per_kg_K : array_like
        Isobaric specific heat [kJ/(kg K)].

    Examples
    --------
    >>> from analysis import cooling
    >>> # flow that carries 125 kW at a 15 K rise
    >>> round(float(cooling.volume_flow_for_heat_L_per_s(125, 15, 997, 4.18)), 3)
    2.0
    """
    if np.any(np.less_equal(temperature_rise, 0)):
        raise ValueError(f"temperature rise must be positive, in K; got {temperature_rise}")
    per_m3 = np.multiply(density_kg_per_m3, specific_heat_kJ_per_kg_K) * np.asarray(
        temperature_rise
    )
    return np.divide(heat_kW, per_m3) / LITRE_M3


def property_at(
    temperature_C: ArrayLike, temperatures_C: ArrayLike, values: ArrayLike
) -> ArrayLike:
    """A coolant property at a temperature, interpolated linearly in a table [unit of values].

    Used for water's density and specific heat at the loop's mean temperature from the
    IAPWS-95 values of table fluid_properties (iapws-95). Outside the table's temperatures
    it raises rather than extrapolate.

    Parameters
    ----------
    temperature_C : array_like
        Where to evaluate [°C].
    temperatures_C : array_like
        The table's temperatures, increasing [°C].
    values : array_like
        The property at those temperatures.

    Examples
    --------
    >>> from analysis import cooling
    >>> # halfway between 994.0 at 35 °C and 992.2 at 40 °C
    >>> round(float(cooling.property_at(37.5, [35.0, 40.0], [994.0, 992.2])), 2)
    993.1
    """
    table_C = np.asarray(temperatures_C, dtype=float)
    wanted = np.asarray(temperature_C, dtype=float)
    inside = np.isnan(wanted) | ((wanted >= table_C.min()) & (wanted <= table_C.max()))
    if not np.all(inside):
        raise ValueError(
            f"temperature {temperature_C} °C lies outside the table's {table_C.min():g} to "
            f"{table_C.max():g} °C; add rows to data/fluid_properties.csv"
        )
    return np.interp(wanted, table_C, np.asarray(values, dtype=float))
