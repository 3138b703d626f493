"""Hardware lifecycle: rental prices, value per dollar for memory-bound work, depreciation.

The note (section 7) reports that H100 on-demand prices fell 64-75% from their 2023
peak to US$1.50-4.00 per GPU-hour (thunder-h100), that an A100 gives 80-90% of an
H100's value for memory-bound inference at 70% of its cost (leitch-2026), and that
hyperscalers depreciate servers over five to six years (dcd-google-deprec,
yahoo-meta-deprec, deepquarry-amazon). These functions do the arithmetic behind those
statements: the peak price a fall implies, bandwidth bought per dollar of rent and per
watt, rent earned per MWh drawn, straight-line depreciation schedules, and the installed
base that a useful life implies for a steady rate of purchases.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series


@keeps_series
def implied_peak_price(price_now: ArrayLike, fall_fraction: ArrayLike) -> ArrayLike:
    """Price at the peak implied by today's price and the fall since: P_peak = P_now / (1 - f).

    Parameters
    ----------
    price_now : array_like
        Today's price [US$/h].
    fall_fraction : array_like
        Fall from the peak as a fraction of the peak price [-], 0 <= f < 1 (0.75 = 75%).

    Returns
    -------
    array_like
        Peak price [US$/h]. Source of the inputs: thunder-h100.

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # US$2 an hour today after a 60% fall
    >>> round(float(lifecycle.implied_peak_price(2.0, 0.6)), 6)
    5.0
    """
    fall = np.asarray(fall_fraction, dtype=float)
    if np.any((fall < 0) | (fall >= 1)):
        raise ValueError(f"fall_fraction must be in [0, 1); got {fall_fraction!r} (0.75 = 75%)")
    return np.divide(price_now, 1.0 - fall)


def implied_price_from_ratio(reference_price: ArrayLike, price_ratio: ArrayLike) -> ArrayLike:
    """Price a stated price ratio implies: P = ratio * P_reference [US$/h].

    Used for the A100, whose price the note gives only as 70% of an H100's
    (leitch-2026); the result is what the note implies, not a quoted price.

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # 40% of a US$2.50 reference
    >>> float(lifecycle.implied_price_from_ratio(2.5, 0.4))
    1.0
    """
    return np.multiply(reference_price, price_ratio)


@keeps_series
def bandwidth_per_price(bandwidth_tb_per_s: ArrayLike, price_usd_per_h: ArrayLike) -> ArrayLike:
    """Memory bandwidth bought per unit of rental price [TB/s per US$/h].

    Decode is memory-bound, so a chip's decode throughput on a model that fits scales
    with its bandwidth (nvidia-inference); bandwidth per dollar is then a first-order
    proxy for inference tokens per dollar. It ignores memory capacity, batching and
    software, which is why it is a proxy.

    Parameters
    ----------
    bandwidth_tb_per_s : array_like
        Memory bandwidth [TB/s].
    price_usd_per_h : array_like
        Rental price [US$/h], > 0.

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # 3.35 TB/s for US$2.50 an hour
    >>> float(lifecycle.bandwidth_per_price(3.35, 2.5))
    1.34
    """
    price = np.asarray(price_usd_per_h, dtype=float)
    if np.any(price <= 0):
        raise ValueError(f"price_usd_per_h must be positive; got {price_usd_per_h!r}")
    return np.divide(bandwidth_tb_per_s, price)


def value_per_price(value_ratio: ArrayLike, price_ratio: ArrayLike) -> ArrayLike:
    """Value per unit of price relative to a reference chip: value ratio / price ratio [-].

    The note's A100 claim, 0.8-0.9 of an H100's value at 0.7 of its cost
    (leitch-2026), gives 0.8 / 0.7 to 0.9 / 0.7 times the H100's value per dollar.

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # half the value at 40% of the price
    >>> float(lifecycle.value_per_price(0.5, 0.4))
    1.25
    """
    return np.divide(value_ratio, price_ratio)


def depreciation_schedule(cost: float, life_years: float) -> np.ndarray:
    """Straight-line depreciation charge in each year of a useful life [cost units per year].

    The charge is cost / L in each full year; a fractional life (5.5 years) ends with a
    part-year charge, so the schedule always sums to the cost (no salvage value).

    Parameters
    ----------
    cost : float
        Cost of the asset (any unit; 1.0 gives charges as fractions of cost).
    life_years : float
        Useful life L [years], > 0.

    Returns
    -------
    numpy.ndarray
        Charge in years 1, 2, ..., ceil(L).

    Examples
    --------
    >>> from analysis import lifecycle
    >>> lifecycle.depreciation_schedule(1.0, 4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    if life_years <= 0:
        raise ValueError(f"life_years must be positive; got {life_years!r}")
    annual = cost / life_years
    full_years = math.floor(life_years)
    remainder = life_years - full_years
    charges = [annual] * full_years
    if remainder > 1e-12:
        charges.append(annual * remainder)
    return np.array(charges)


@keeps_series
def book_value(cost: float, life_years: float, years_elapsed: ArrayLike) -> ArrayLike:
    """Book value after t years of straight-line depreciation: C * max(0, 1 - t / L).

    Parameters
    ----------
    cost : float
        Cost C of the asset.
    life_years : float
        Useful life L [years], > 0.
    years_elapsed : array_like
        Time since the asset entered service t [years], >= 0.

    Examples
    --------
    >>> from analysis import lifecycle
    >>> import numpy as np
    >>> lifecycle.book_value(1.0, 4, np.array([0, 1, 4, 6])).tolist()
    [1.0, 0.75, 0.0, 0.0]
    """
    if life_years <= 0:
        raise ValueError(f"life_years must be positive; got {life_years!r}")
    t = np.asarray(years_elapsed, dtype=float)
    return cost * np.clip(1.0 - t / life_years, 0.0, 1.0)


def annual_charge_change(cost: float, life_before_years: float, life_after_years: float) -> float:
    """Change in the yearly straight-line charge when a new asset's life changes: C/L1 - C/L0.

    Negative when the life is extended (a lower charge, higher reported profit). For an
    asset already part-depreciated the remaining book value is spread over the remaining
    life instead, so this is the simplest case only.

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # a cost of 100 depreciated over 6 years instead of 4
    >>> round(lifecycle.annual_charge_change(100, 4, 6), 4)
    -8.3333
    """
    if life_before_years <= 0 or life_after_years <= 0:
        raise ValueError("useful lives must be positive years")
    return cost / life_after_years - cost / life_before_years


@keeps_series
def bandwidth_per_watt(bandwidth_tb_per_s: ArrayLike, power_W: ArrayLike) -> ArrayLike:
    """Memory bandwidth per watt of rated power [GB/s per W]: 1000 * B / P.

    For memory-bound decode, tokens per second scale with bandwidth and the chip's draw
    with its rating, so bandwidth per watt is a first-order proxy for tokens per joule
    (nvidia-inference). It takes the rating (TDP), not the measured draw.

    Parameters
    ----------
    bandwidth_tb_per_s : array_like
        Memory bandwidth B [TB/s].
    power_W : array_like
        Rated power P [W], > 0.

    Returns
    -------
    array_like
        Bandwidth per watt [GB/s per W].

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # 2 TB/s for 400 W: 5 GB/s per W
    >>> float(lifecycle.bandwidth_per_watt(2.0, 400.0))
    5.0
    """
    power = np.asarray(power_W, dtype=float)
    if np.any(power <= 0):
        raise ValueError(f"power_W must be positive; got {power_W!r}")
    return np.divide(np.multiply(bandwidth_tb_per_s, 1e3), power)


@keeps_series
def rent_per_MWh(
    price_usd_per_gpu_h: ArrayLike, fleet_power_MW: ArrayLike, fleet_gpus: ArrayLike
) -> ArrayLike:
    """Rent earned per MWh a rented fleet draws: R = p * N / P [US$/MWh].

    A fleet of N GPUs, each rented at p US$ an hour, earns p * N US$ an hour while drawing
    P MW, so each MWh it draws earns p * N / P. Compare it with the price of the energy.

    Parameters
    ----------
    price_usd_per_gpu_h : array_like
        Rent per GPU-hour p [US$/h] (source of the H100's: thunder-h100, via the note).
    fleet_power_MW : array_like
        Power of the fleet P [MW], > 0, at whatever boundary is wanted (chip or meter).
    fleet_gpus : array_like
        GPUs in the fleet N [-].

    Returns
    -------
    array_like
        Rent per MWh drawn [US$/MWh].

    Examples
    --------
    >>> from analysis import lifecycle
    >>> # 1,000 GPUs at US$2 an hour drawing 1 MW: US$2,000 per MWh
    >>> float(lifecycle.rent_per_MWh(2.0, 1.0, 1000))
    2000.0
    """
    power = np.asarray(fleet_power_MW, dtype=float)
    if np.any(power <= 0):
        raise ValueError(f"fleet_power_MW must be positive; got {fleet_power_MW!r}")
    return np.divide(np.multiply(price_usd_per_gpu_h, fleet_gpus), power)


@keeps_series
def installed_base(
    additions_per_year: ArrayLike, life_years: ArrayLike, years_since_start: ArrayLike
) -> ArrayLike:
    """Units in service when a constant number is added each year and each serves L years.

    N(t) = A * min(t, L) for t >= 0: the base grows by A a year until the first units
    retire, then holds at A * L, the steady state of Little's law (units in service =
    arrival rate times time in service). A longer useful life raises the plateau in
    proportion: for the same purchases, 6 years in service means 1.5 times the units of 4.

    Parameters
    ----------
    additions_per_year : array_like
        Units added each year A [units per year], >= 0.
    life_years : array_like
        Years each unit stays in service L [years], > 0.
    years_since_start : array_like
        Time since additions began t [years], >= 0.

    Returns
    -------
    array_like
        Units in service [units].

    Examples
    --------
    >>> from analysis import lifecycle
    >>> import numpy as np
    >>> # 100 a year, a 4-year life: 200 after 2 years, 400 from year 4 on
    >>> lifecycle.installed_base(100, 4.0, np.array([2.0, 4.0, 9.0])).tolist()
    [200.0, 400.0, 400.0]
    """
    life = np.asarray(life_years, dtype=float)
    if np.any(life <= 0):
        raise ValueError(f"life_years must be positive; got {life_years!r}")
    t = np.asarray(years_since_start, dtype=float)
    if np.any(t < 0):
        raise ValueError(f"years_since_start must be >= 0; got {years_since_start!r}")
    return np.multiply(additions_per_year, np.minimum(t, life))


@keeps_series
def installed_base_growing(growth_per_year: ArrayLike, life_years: ArrayLike) -> ArrayLike:
    """Units in service, in years of this year's purchases, when purchases grow each year.

    With yearly cohorts whose size grows by a factor (1 + g) a year and each kept L whole
    years, the units in service once the oldest cohort is L years old are this year's
    purchases times S = sum_{k=0}^{L-1} x^k = (1 - x^L) / (1 - x), x = 1 / (1 + g); with
    g = 0 it is L, Little's law of :func:`installed_base`. Older cohorts are smaller, so a
    longer life adds less when purchases grow.

    Parameters
    ----------
    growth_per_year : array_like
        Growth of yearly purchases g [fraction per year], >= 0.
    life_years : array_like
        Whole years each unit stays in service L [years], >= 1.

    Returns
    -------
    array_like
        Units in service S [years of this year's purchases].

    Examples
    --------
    >>> from analysis import lifecycle
    >>> float(lifecycle.installed_base_growing(0.0, 4))  # constant purchases: L years' worth
    4.0
    >>> round(float(lifecycle.installed_base_growing(1.0, 3)), 4)  # 1 + 1/2 + 1/4
    1.75
    """
    g = np.asarray(growth_per_year, dtype=float)
    life = np.asarray(life_years, dtype=float)
    if np.any(g < 0):
        raise ValueError(f"growth_per_year must be >= 0; got {growth_per_year!r}")
    if np.any(life < 1):
        raise ValueError(f"life_years must be at least one year; got {life_years!r}")
    x = 1.0 / (1.0 + g)
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.where(g == 0, life, (1.0 - x**life) / (1.0 - x))
    return total if total.ndim else float(total)


@keeps_series
def life_stretch_factor(
    life_before_years: ArrayLike, life_after_years: ArrayLike, growth_per_year: ArrayLike
) -> ArrayLike:
    """Units in service after a longer useful life over those before, for the same purchases.

    F = S(g, L_after) / S(g, L_before) with S of :func:`installed_base_growing`: the fleet
    in service once purchases have run for at least L_after years, if the time a unit stays
    plugged in equals its accounting life. Constant purchases (g = 0) give L_after /
    L_before.

    Parameters
    ----------
    life_before_years, life_after_years : array_like
        Whole years in service before and after the change [years], >= 1.
    growth_per_year : array_like
        Growth of yearly purchases g [fraction per year], >= 0.

    Returns
    -------
    array_like
        Ratio of units in service, after over before [-].

    Examples
    --------
    >>> from analysis import lifecycle
    >>> float(lifecycle.life_stretch_factor(4, 6, 0.0))
    1.5
    >>> round(float(lifecycle.life_stretch_factor(4, 6, 0.5)), 3)  # 2.737 / 2.407
    1.137
    """
    return installed_base_growing(growth_per_year, life_after_years) / installed_base_growing(
        growth_per_year, life_before_years
    )
