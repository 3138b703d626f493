"""Electrical power of racks and campuses: from chip ratings to megawatts.

A rack's power is built up from its parts (accelerators at their thermal design power,
host CPUs, and everything else: switches, network cards, fans, pumps, power conversion)
and set against the figure a vendor or the press states for the whole rack
(register-gb200). A campus's grid connection is facility power; dividing by the power
usage effectiveness (PUE) gives the power left for IT equipment, and from that the number
of racks and accelerators it can hold. PUE is not in the note: every campus figure here
takes it as an explicit scenario parameter.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

KILO = 1e3
MEGA = 1e6


@keeps_series
def rack_power_from_parts_kW(
    accelerators: ArrayLike,
    accelerator_tdp_W: ArrayLike,
    cpus: ArrayLike = 0,
    cpu_power_W: ArrayLike = 0.0,
    other_kW: ArrayLike = 0.0,
) -> ArrayLike:
    """Rack power built up from its parts [kW].

    P_rack = (n_acc * P_acc + n_cpu * P_cpu) / 1000 + P_other

    Parameters
    ----------
    accelerators : array_like
        Accelerator chips (GPUs) in the rack [-].
    accelerator_tdp_W : array_like
        Thermal design power of one accelerator [W] (e.g. 1,000 W for a B200, nvidia-blackwell).
    cpus : array_like, optional
        Host CPUs in the rack [-].
    cpu_power_W : array_like, optional
        Power of one host CPU [W].
    other_kW : array_like, optional
        Everything else (switches, network cards, fans, pumps, conversion losses) [kW].

    Returns
    -------
    array_like
        Rack power [kW].

    Examples
    --------
    >>> from analysis import power
    >>> # 72 GPUs at 1,000 W and 36 CPUs at 300 W
    >>> float(power.rack_power_from_parts_kW(72, 1000, 36, 300))
    82.8
    """
    if np.any(np.less(accelerators, 0)) or np.any(np.less(cpus, 0)):
        raise ValueError("counts of accelerators and CPUs must be zero or more")
    chips_W = np.multiply(accelerators, accelerator_tdp_W) + np.multiply(cpus, cpu_power_W)
    return chips_W / KILO + np.asarray(other_kW, dtype=float)


def unitemised_power_kW(stated_rack_kW: ArrayLike, itemised_kW: ArrayLike) -> ArrayLike:
    """Part of a stated rack power that the itemised parts do not explain [kW].

    P_rest = P_stated - P_itemised. A negative result means the parts alone exceed the
    stated rack figure, which flags an inconsistency between the two.

    Parameters
    ----------
    stated_rack_kW : array_like
        Rack power as stated by the source [kW] (e.g. ~120 kW for GB200 NVL72, register-gb200).
    itemised_kW : array_like
        Sum of the parts that are known [kW], from :func:`rack_power_from_parts_kW`.

    Examples
    --------
    >>> from analysis import power
    >>> # a 120 kW rating of which the GPUs explain 72 kW
    >>> float(power.unitemised_power_kW(120, 72))
    48.0
    """
    return np.subtract(stated_rack_kW, itemised_kW)


def it_power_MW(facility_power_MW: ArrayLike, pue: ArrayLike) -> ArrayLike:
    """IT power available in a campus of a given facility power [MW].

    P_IT = P_facility / PUE, with PUE = facility power / IT power (>= 1) by definition.

    Parameters
    ----------
    facility_power_MW : array_like
        Total power drawn by the campus at its grid connection [MW].
    pue : array_like
        Power usage effectiveness [-]; an assumption here, not a figure of the note.

    Examples
    --------
    >>> from analysis import power
    >>> # 100 MW at the meter with a PUE of 1.25
    >>> float(power.it_power_MW(100, 1.25))
    80.0
    """
    if np.any(np.less(pue, 1.0)):
        raise ValueError(f"PUE is facility power over IT power and cannot be below 1; got {pue}")
    return np.divide(facility_power_MW, pue)


@keeps_series
def racks_in_campus(it_power_MW_: ArrayLike, rack_power_kW: ArrayLike) -> ArrayLike:
    """Racks that a campus's IT power can feed at full rack power [-].

    n_racks = floor(P_IT * 1000 / P_rack): whole racks only, each at its rated power.

    Parameters
    ----------
    it_power_MW_ : array_like
        IT power [MW], from :func:`it_power_MW`.
    rack_power_kW : array_like
        Power of one rack [kW].

    Examples
    --------
    >>> from analysis import power
    >>> # 80 MW of IT power in 120 kW racks
    >>> int(power.racks_in_campus(80, 120))
    666
    """
    if np.any(np.less_equal(rack_power_kW, 0)):
        raise ValueError(f"rack power must be positive, in kW; got {rack_power_kW}")
    # A tiny tolerance keeps exact quotients (e.g. 120,000 kW / 120 kW) from flooring down.
    return np.floor(np.multiply(it_power_MW_, KILO) / np.asarray(rack_power_kW) + 1e-9)


@keeps_series
def accelerators_in_campus(
    facility_power_MW: ArrayLike,
    pue: ArrayLike,
    rack_power_kW: ArrayLike,
    accelerators_per_rack: ArrayLike,
) -> ArrayLike:
    """Accelerators a campus holds: whole racks times accelerators per rack [-].

    n_acc = floor(P_facility / PUE * 1000 / P_rack) * n_per_rack

    Parameters
    ----------
    facility_power_MW : array_like
        Campus grid power [MW].
    pue : array_like
        Power usage effectiveness [-] (scenario assumption).
    rack_power_kW : array_like
        Power of one rack [kW].
    accelerators_per_rack : array_like
        Accelerators in one rack [-] (72 in an NVL72 rack, nvidia-gb200).

    Examples
    --------
    >>> from analysis import power
    >>> # the same campus, 72 accelerators a rack
    >>> int(power.accelerators_in_campus(100, 1.25, 120, 72))
    47952
    """
    racks = racks_in_campus(it_power_MW(facility_power_MW, pue), rack_power_kW)
    return racks * np.asarray(accelerators_per_rack)


def ratio_to_ceiling(rack_power_kW: ArrayLike, ceiling_kW: ArrayLike) -> ArrayLike:
    """How many times a rack's power exceeds a cooling ceiling [-]: P_rack / P_ceiling.

    Examples
    --------
    >>> from analysis import power
    >>> # a 120 kW rack against a 40 kW air-cooling ceiling
    >>> float(power.ratio_to_ceiling(120, 40))
    3.0
    """
    return np.divide(rack_power_kW, ceiling_kW)


HOURS_PER_YEAR = 8760.0


def annual_energy_TWh(peak_MW: ArrayLike, load_factor: ArrayLike) -> ArrayLike:
    """Energy a campus draws in a year [TWh]: E = P_peak * LF * 8,760 h / 10^6.

    Parameters
    ----------
    peak_MW : array_like
        The campus's peak draw at its meter [MW], taken as its connection size.
    load_factor : array_like
        Average over peak load [-] (:func:`analysis.load_shapes.load_factor`).

    Examples
    --------
    >>> float(annual_energy_TWh(1000.0, 0.9))
    7.884
    """
    if np.any(np.less(load_factor, 0)) or np.any(np.greater(load_factor, 1)):
        raise ValueError(f"a load factor lies in [0, 1]; got {load_factor}")
    return np.multiply(peak_MW, load_factor) * HOURS_PER_YEAR / MEGA


@keeps_series
def three_phase_current_A(
    power_kW: ArrayLike, line_voltage_V: ArrayLike, power_factor: ArrayLike = 1.0
) -> ArrayLike:
    """Current per phase of a balanced three-phase load: I = P / (√3 V_LL pf) [A].

    With the power factor at 1 the result is the least current that can carry the power;
    a lower power factor needs more.

    Parameters
    ----------
    power_kW : array_like
        Real power of the load [kW].
    line_voltage_V : array_like
        Line-to-line voltage V_LL [V] (415 V in Australia's low-voltage supply).
    power_factor : array_like, optional
        Power factor pf [-], in (0, 1].

    Examples
    --------
    >>> from analysis import power
    >>> # a 120 kW rack on 415 V three-phase
    >>> round(float(power.three_phase_current_A(120, 415)), 1)
    166.9
    """
    if np.any(np.less_equal(power_factor, 0)) or np.any(np.greater(power_factor, 1)):
        raise ValueError(f"a power factor lies in (0, 1]; got {power_factor}")
    volt_amps = np.multiply(np.sqrt(3.0) * np.asarray(line_voltage_V, dtype=float), power_factor)
    return np.divide(np.multiply(power_kW, KILO), volt_amps)
