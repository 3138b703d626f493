"""Utilisation, days to train, and illustrative load shapes of AI fleets.

Two parts. First, how long a training run takes on a cluster: compute C [FLOP] over the
cluster's delivered rate, N GPUs x peak P x model FLOPs utilisation (MFU) x effective
training time (llama3-2024). Second, load shapes: a load expressed as a fraction of rated
power at each step of a day or a week, for a training cluster, a chat-inference fleet and
a reasoning-heavy fleet. The shapes are models set by the note's ranges, not metered
data; an electricity analyst's usual summaries (load factor, peak-to-average ratio,
load-duration curve, energy over a period) apply to them as to any load.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

TERA = 1e12
SECONDS_PER_DAY = 86_400.0
HOURS_PER_DAY = 24.0
DAYS_PER_WEEK = 7

# Assumptions of the book's load-shape model (chapters 5 and 8), not facts from a source:
# stated once here so that both chapters use the same model.
#: Step of the modelled profiles [h]: 5 minutes, the NEM's dispatch and settlement interval.
STEP_H = 5 / 60
#: Hour at which chat traffic peaks [h]: mid-afternoon (assumption).
CHAT_PEAK_HOUR = 14.0
#: Weekend chat load relative to weekdays [-] (assumption).
WEEKEND_SCALE = 0.8
#: Share of a reasoning-heavy fleet running long reasoning work [-] (assumption).
REASONING_SHARE = 0.5


def days_to_train(
    compute_FLOP: ArrayLike,
    accelerators: ArrayLike,
    peak_tflops: ArrayLike,
    mfu: ArrayLike,
    effective_training_time: ArrayLike,
) -> ArrayLike:
    """Wall-clock days to deliver a training run's compute [d].

    t = C / (N * P * MFU * f_eff) / 86,400, where N * P * MFU is the rate while the job
    runs and f_eff the share of wall-clock time it is running (llama3-2024).

    Parameters
    ----------
    compute_FLOP : array_like
        Training compute C [FLOP] (3.8e25 for Llama 3.1 405B, llama3-2024).
    accelerators : array_like
        GPUs in the cluster N [-].
    peak_tflops : array_like
        Peak dense compute of one GPU P [TFLOP/s] at the run's precision.
    mfu : array_like
        Model FLOPs utilisation [fraction], achieved over peak while running.
    effective_training_time : array_like
        Share of wall-clock time spent training [fraction].
    """
    for name, value in (("mfu", mfu), ("effective_training_time", effective_training_time)):
        if np.any(np.less_equal(value, 0)) or np.any(np.greater(value, 1)):
            raise ValueError(f"{name} is a fraction in (0, 1]; got {value}")
    rate_flop_per_s = (
        np.multiply(accelerators, peak_tflops) * TERA * np.multiply(mfu, effective_training_time)
    )
    return np.divide(compute_FLOP, rate_flop_per_s) / SECONDS_PER_DAY


@keeps_series
def energy_over_period_MWh(
    rated_power_MW: ArrayLike, hours: ArrayLike, load_factor: ArrayLike
) -> ArrayLike:
    """Energy drawn over a period at a given average load [MWh]: E = P_rated * t * LF.

    Parameters
    ----------
    rated_power_MW : array_like
        Rated (nameplate) power of the load [MW].
    hours : array_like
        Length of the period [h].
    load_factor : array_like
        Average load over the period as a fraction of rated power [-].
    """
    return np.multiply(rated_power_MW, hours) * np.asarray(load_factor)


def step_midpoints_h(days: float, step_h: float) -> np.ndarray:
    """Midpoints of equal time steps covering ``days`` days, from Monday 00:00 [h]."""
    steps = HOURS_PER_DAY * days / step_h
    if step_h <= 0 or not np.isclose(steps, round(steps)):
        raise ValueError(f"step_h must be positive and divide {days} d evenly; got {step_h} h")
    return (np.arange(round(steps)) + 0.5) * step_h


def _downtime_before_h(t_h: np.ndarray, period_h: float, downtime_h: float) -> np.ndarray:
    """Hours of downtime between 0 and t when each period starts with ``downtime_h`` down."""
    return np.floor(t_h / period_h) * downtime_h + np.minimum(np.mod(t_h, period_h), downtime_h)


@keeps_series
def training_cluster_profile(
    t_h: ArrayLike,
    step_h: float,
    running_fraction: float,
    interrupted_fraction: float,
    effective_training_time: float,
    interruptions_per_day: float,
) -> ArrayLike:
    """Model load of a training cluster [fraction of rated power] at each step.

    The job runs at ``running_fraction`` of rated power and drops to
    ``interrupted_fraction`` while it restarts. Interruptions are evenly spaced, each
    lasting (1 - f_eff) * 24 / n hours, so that the share of time running equals the
    effective training time f_eff. Each step's value is the exact time-average over the
    step, so the profile's energy matches the two levels and f_eff exactly.

    Parameters
    ----------
    t_h : array_like
        Step midpoints [h], from :func:`step_midpoints_h`.
    step_h : float
        Step length [h].
    running_fraction : float
        Load while training [fraction of rated power] (the note: up to 90%).
    interrupted_fraction : float
        Load while restarting [fraction of rated power] (the note: down to 70%).
    effective_training_time : float
        Share of time spent training [fraction] (llama3-2024: 90%).
    interruptions_per_day : float
        Interruptions per day [1/d] (llama3-2024: 466 in 54 days).
    """
    if not 0 < effective_training_time <= 1:
        raise ValueError(
            f"effective_training_time is a fraction in (0, 1]; got {effective_training_time}"
        )
    if interruptions_per_day <= 0:
        raise ValueError(f"interruptions_per_day must be positive; got {interruptions_per_day}")
    period_h = HOURS_PER_DAY / interruptions_per_day
    downtime_h = (1.0 - effective_training_time) * period_h
    t = np.asarray(t_h, dtype=float)
    down = _downtime_before_h(t + step_h / 2, period_h, downtime_h) - _downtime_before_h(
        t - step_h / 2, period_h, downtime_h
    )
    share_down = down / step_h
    return running_fraction - (running_fraction - interrupted_fraction) * share_down


@keeps_series
def diurnal_profile(
    t_h: ArrayLike,
    mean_fraction: float,
    trough_fraction: float,
    peak_hour: float = 14.0,
    weekend_scale: float = 1.0,
) -> ArrayLike:
    """Model daily-cycle load [fraction of rated power]: a cosine between trough and peak.

    L(t) = s(t) * (m + (m - l) * cos(2 pi (h - h_peak) / 24)), with h the hour of day,
    m the daily mean, l the trough (the peak is 2m - l) and s(t) = ``weekend_scale`` on
    days 6 and 7 of the week (Saturday, Sunday when t = 0 is Monday 00:00), else 1.

    Parameters
    ----------
    t_h : array_like
        Times [h] from Monday 00:00.
    mean_fraction : float
        Weekday daily mean [fraction of rated power].
    trough_fraction : float
        Weekday overnight minimum [fraction of rated power].
    peak_hour : float, optional
        Hour of day of the peak [h]; an assumption, not from the note.
    weekend_scale : float, optional
        Multiplier on Saturday and Sunday [-]; an assumption, not from the note.
    """
    if not 0 <= trough_fraction <= mean_fraction:
        raise ValueError(
            f"need 0 <= trough ({trough_fraction}) <= mean ({mean_fraction}) for a daily cycle"
        )
    if 2 * mean_fraction - trough_fraction > 1:
        raise ValueError(
            f"peak = 2 * mean - trough = {2 * mean_fraction - trough_fraction:.3g} exceeds rated "
            "power (1); lower the mean or raise the trough"
        )
    t = np.asarray(t_h, dtype=float)
    hour = np.mod(t, HOURS_PER_DAY)
    day = np.mod(np.floor(t / HOURS_PER_DAY), DAYS_PER_WEEK)  # float: NaN stays NaN
    swing = mean_fraction - trough_fraction
    load = mean_fraction + swing * np.cos(2 * np.pi * (hour - peak_hour) / HOURS_PER_DAY)
    return np.where(day >= 5, weekend_scale, 1.0) * load


@keeps_series
def blended_profile(base: ArrayLike, other: ArrayLike, share_other: float) -> ArrayLike:
    """Mix of two load shapes [fraction of rated power]: (1 - s) * base + s * other.

    Parameters
    ----------
    base, other : array_like
        Load shapes on the same time steps [fraction of rated power].
    share_other : float
        Share s of the fleet's rated power running the ``other`` shape [fraction].
    """
    if not 0 <= share_other <= 1:
        raise ValueError(f"share_other is a fraction in [0, 1]; got {share_other}")
    return (1 - share_other) * np.asarray(base, dtype=float) + share_other * np.asarray(other)


def load_factor_of_rated(load: ArrayLike, rated: float = 1.0) -> float:
    """Average load over rated power [-]: LF = mean(L) / P_rated.

    With equal time steps the mean of the samples is the time-average. For a generator
    the same ratio is the capacity factor.
    """
    if rated <= 0:
        raise ValueError(f"rated power must be positive; got {rated}")
    return float(np.mean(load)) / rated


def peak_to_average_ratio(load: ArrayLike) -> float:
    """Peak load over average load [-]: max(L) / mean(L); 1 for a flat load."""
    mean = float(np.mean(load))
    if mean <= 0:
        raise ValueError("the average load must be positive to form a peak-to-average ratio")
    return float(np.max(load)) / mean


def load_duration_curve(load: ArrayLike, step_h: float) -> tuple[np.ndarray, np.ndarray]:
    """Load-duration curve: loads sorted from highest to lowest, against hours exceeded.

    Parameters
    ----------
    load : array_like
        Load at each equal time step [any unit].
    step_h : float
        Step length [h].

    Returns
    -------
    hours : numpy.ndarray
        Hours during which the load is at or above the matching value [h].
    sorted_load : numpy.ndarray
        The same loads, sorted in descending order (energy is unchanged by sorting).
    """
    sorted_load = np.sort(np.asarray(load, dtype=float))[::-1]
    hours = (np.arange(sorted_load.size) + 1) * step_h
    return hours, sorted_load


def energy_of_profile_MWh(load_MW: ArrayLike, step_h: float) -> float:
    """Energy of a stepped load [MWh]: E = sum(L_i) * dt."""
    return float(np.sum(load_MW)) * step_h
