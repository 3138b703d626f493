"""Load shapes of AI fleets built from their causes, and the summaries analysts use.

A fleet's power over a day or a week follows from what its GPUs do (see
:mod:`analysis.power_model` for the watts):

- a **serving fleet** follows its request rate, a daily cycle stated as an assumption
  (:func:`diurnal_request_profile`). The fleet is sized so that each server runs its peak
  batch at the daily peak; off-peak the operator either spreads the traffic (batches
  shrink, power falls along the measured power-against-batch curve) or packs it onto
  fewer servers (the rest idle, or run backfill work) (:func:`serving_fleet_power_W`);
- work that can **wait** fills the overnight valleys (:func:`defer_into_valleys`);
  users spread over **time zones** smooth the cycle (``spread_h``);
- a **training cluster** runs near its training power, drops to the idle floor while the
  job restarts after an interruption (llama3-2024: 466 in 54 days), and may follow the
  day by a percent or two (:func:`training_cluster_power_W`); its synchronous swings
  within seconds are sized by :func:`synchronous_swing_W`.

Summaries: load factor (mean over peak), peak-to-average ratio, the load-duration curve,
energy, and the largest change between consecutive intervals. Steps are the 5-minute
dispatch interval of the National Electricity Market where a profile is built.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.power_model import (
    SaturatingFit,
    batch_for_throughput,
    busy_share_power_W,
    decode_power_W,
    decode_throughput_tokens_per_s,
    serving_gpu_power_W,
)

HOURS_PER_DAY = 24.0
DAYS_PER_WEEK = 7
#: Days 5 and 6 of a week that starts on Monday 00:00 are Saturday and Sunday.
FIRST_WEEKEND_DAY = 5
#: Llama 3's throughput dips with "higher mid-day temperatures": centred on noon.
MIDDAY_H = HOURS_PER_DAY / 2
#: Offsets averaged to spread a profile over time zones (odd, so the centre is included).
_SPREAD_POINTS = 25


def step_midpoints_h(days: float, step_h: float) -> np.ndarray:
    """Midpoints of equal steps covering ``days`` days from Monday 00:00 [h].

    Examples
    --------
    >>> step_midpoints_h(1, 6.0)
    array([ 3.,  9., 15., 21.])
    """
    steps = HOURS_PER_DAY * days / step_h
    if step_h <= 0 or not np.isclose(steps, round(steps)):
        raise ValueError(f"step_h must be positive and divide {days} d evenly; got {step_h} h")
    return (np.arange(round(steps)) + 0.5) * step_h


#: The weekday the book's one-day figures show (0 = Monday): a mid-week day, away from the
#: weekend's lower requests on either side.
SHOWN_WEEKDAY = 2


def one_day(week_h: ArrayLike, weekday: int = SHOWN_WEEKDAY) -> tuple[np.ndarray, np.ndarray]:
    """Select one day of a week-long profile.

    Parameters
    ----------
    week_h : array_like
        Step midpoints from Monday 00:00 [h].
    weekday : int, default SHOWN_WEEKDAY
        Day of the week, 0 = Monday [-].

    Returns
    -------
    mask : numpy.ndarray of bool
        True for the steps of that day.
    hour_of_day : numpy.ndarray
        The selected midpoints as hours from that day's midnight [h].

    Examples
    --------
    >>> mask, hours = one_day(step_midpoints_h(7, 12.0), weekday=2)
    >>> hours.tolist()
    [6.0, 18.0]
    """
    t = np.asarray(week_h, dtype=float)
    start = weekday * HOURS_PER_DAY
    mask = (t >= start) & (t < start + HOURS_PER_DAY)
    return mask, t[mask] - start


def diurnal_request_profile(
    t_h: ArrayLike,
    trough_to_peak: float,
    peak_hour: float,
    weekend_scale: float = 1.0,
    spread_h: float = 0.0,
) -> np.ndarray:
    """Request rate of a service over the day, relative to its weekday peak [-].

    r(h) = (1 + a cos(2 pi (h - h_peak) / 24)) / (1 + a), a = (1 - rho) / (1 + rho),
    so the weekday peak is 1 and the trough rho. At weekends the rise above the trough is
    scaled by ``weekend_scale``: r = rho + s (r - rho), with days counted from the
    overnight trough, so that the profile stays continuous (a jump at midnight would be an
    artefact of the model, not a feature of demand). With ``spread_h`` > 0 the users are
    spread uniformly over that many hours of time zones: the profile is the average of
    copies shifted across the spread.

    Parameters
    ----------
    t_h : array_like
        Hours from Monday 00:00 [h].
    trough_to_peak : float
        rho, the overnight minimum over the daily maximum [-] (assumption).
    peak_hour : float
        Local hour of the peak [h] (assumption).
    weekend_scale : float
        Weekend rate over weekday rate [-] (assumption).
    spread_h : float
        Width of the users' spread across time zones [h]; 0 for one zone.

    Examples
    --------
    >>> r = diurnal_request_profile(step_midpoints_h(1, 0.5), 0.4, 14.0)
    >>> round(float(r.max()), 2), round(float(r.min()), 2)
    (1.0, 0.4)
    """
    if not 0 < trough_to_peak <= 1:
        raise ValueError(f"trough_to_peak is a ratio in (0, 1]; got {trough_to_peak}")
    t = np.asarray(t_h, dtype=float)
    offsets = np.linspace(-spread_h / 2, spread_h / 2, _SPREAD_POINTS) if spread_h else [0.0]
    amplitude = (1 - trough_to_peak) / (1 + trough_to_peak)
    copies = []
    trough_hour = peak_hour - HOURS_PER_DAY / 2
    for offset in offsets:
        local = t - offset
        cycle = (1 + amplitude * np.cos(2 * np.pi * (local - peak_hour) / HOURS_PER_DAY)) / (
            1 + amplitude
        )
        day = np.floor((local - trough_hour) / HOURS_PER_DAY).astype(int) % DAYS_PER_WEEK
        scale = np.where(day >= FIRST_WEEKEND_DAY, weekend_scale, 1.0)
        copies.append(trough_to_peak + scale * (cycle - trough_to_peak))
    return np.mean(copies, axis=0)


def defer_into_valleys(profile: ArrayLike, deferrable_share: float) -> np.ndarray:
    """Move a share of the work into the valleys of a profile (valley filling) [-].

    The firm part (1 - d) r(t) stays where it is; the deferrable volume d * sum(r) is
    poured into the lowest intervals up to a common level L, found exactly, so the total
    is unchanged and the result is max((1 - d) r, L).

    Examples
    --------
    >>> defer_into_valleys([1.0, 0.5, 0.5, 1.0], 0.5)
    array([0.75, 0.75, 0.75, 0.75])
    """
    if not 0 <= deferrable_share <= 1:
        raise ValueError(f"deferrable_share is a fraction in [0, 1]; got {deferrable_share}")
    r = np.asarray(profile, dtype=float)
    firm = (1 - deferrable_share) * r
    volume = deferrable_share * r.sum()
    ordered = np.sort(firm)
    # Filling the k lowest intervals up to ordered[k] takes k * ordered[k] - sum of them.
    needed = np.arange(ordered.size) * ordered - np.concatenate([[0.0], np.cumsum(ordered)[:-1]])
    k = int(np.searchsorted(needed, volume, side="right"))  # intervals under the level
    level = (volume + ordered[:k].sum()) / k
    return np.maximum(firm, level)


def serving_fleet_power_W(
    request_profile: ArrayLike,
    peak_batch: float,
    power_fit: SaturatingFit,
    throughput_fit: SaturatingFit,
    idle_W: float,
    host_W: float,
    packing_share: float = 0.0,
    backfill_share: float = 0.0,
    backfill_W: float = 0.0,
) -> np.ndarray:
    """IT power per GPU of a serving fleet following its requests [W].

    The fleet is sized so that at the profile's peak every server decodes ``peak_batch``
    requests, delivering T(b_peak) tokens per second; at other times the token demand is
    T(b_peak) r(t) / max(r). Two operating policies, blended by the packing share p:

    - spread: every server carries a share of the demand, at the batch b(t) that
      delivers it (the inverse of the throughput curve), and draws
      :func:`analysis.power_model.serving_gpu_power_W`;
    - packed: a share s(t) = r(t) / max(r) of the servers runs at b_peak; of the rest, a
      share phi runs backfill work at ``backfill_W`` and the others idle.

    P(t) = (1 - p) P_spread + p [s P(b_peak) + (1 - s)(phi P_backfill + (1 - phi) P_idle)]
    + P_host, with P_host the host power per GPU.

    Parameters
    ----------
    request_profile : array_like
        Request rate over time, any scale [-].
    peak_batch : float
        Batch per server at the peak [request] (assumption).
    power_fit, throughput_fit : SaturatingFit
        Decode power per GPU and throughput per server against batch (fitted).
    idle_W : float
        Idle power of one GPU [W].
    host_W : float
        Host (non-GPU) power per GPU [W].
    packing_share, backfill_share : float
        p and phi [-], in [0, 1] (assumptions).
    backfill_W : float
        GPU power of the backfill work, e.g. training [W].

    Examples
    --------
    At the peak every server decodes the peak batch: P(128) + P_host = 645.9 + 50 W.

    >>> from analysis.power_model import SaturatingFit
    >>> power = SaturatingFit(300.0, 700.0, 64.0, 0.0, 0.0, 0)
    >>> tokens = SaturatingFit(0.0, 10000.0, 128.0, 0.0, 0.0, 0)
    >>> serving_fleet_power_W([1.0, 0.5], 128, power, tokens, 100.0, 50.0).round(1)
    array([695.9, 544.6])
    """
    r = np.asarray(request_profile, dtype=float)
    share = r / r.max()
    top, half = throughput_fit.high, throughput_fit.scale
    batch = batch_for_throughput(
        decode_throughput_tokens_per_s(peak_batch, top, half) * share, top, half
    )
    curve = (power_fit.low, power_fit.high, power_fit.scale)
    spread = serving_gpu_power_W(batch, idle_W, *curve)
    spare = busy_share_power_W(backfill_share, idle_W, backfill_W)
    packed = share * decode_power_W(peak_batch, *curve) + (1 - share) * spare
    return (1 - packing_share) * spread + packing_share * packed + host_W


def _outages_h(
    start_h: float,
    end_h: float,
    down_h: float,
    up_mean_h: float,
    f: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """One job's outages from ``start_h`` to past ``end_h`` [h]: starts and ends, in order.

    Running spells are exponential with mean ``up_mean_h`` (interruptions a Poisson process
    while the job runs); each outage lasts ``down_h``. The job starts in its long-run state:
    down with probability 1 - f, part-way through an outage (uniform), else running (the
    exponential forgets how long it has run).
    """
    first = [], []
    x = start_h
    if rng.random() < 1.0 - f:
        x = start_h + rng.uniform(0.0, down_h)
        first = [start_h], [x]
    cycles = int(np.ceil((end_h - start_h) / (up_mean_h + down_h))) * 2 + 20
    while True:
        gaps = rng.exponential(up_mean_h, cycles)
        starts = x + np.cumsum(gaps) + np.arange(cycles) * down_h
        if starts[-1] > end_h:
            break
        cycles *= 2  # rare: draw again with room to spare
    starts = np.concatenate([first[0], starts])
    ends = np.concatenate([first[1], starts[len(first[0]) :] + down_h])
    return starts, ends


def _down_before(x: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Hours of outage between the first outage's start and each time ``x`` [h]."""
    done = np.concatenate([[0.0], np.cumsum(ends - starts)])
    k = np.searchsorted(starts, x, side="right")  # outages started by x
    last = np.clip(k - 1, 0, None)
    into = np.where(k > 0, np.clip(x - starts[last], 0.0, ends[last] - starts[last]), 0.0)
    return done[last] * (k > 0) + into


def training_cluster_power_W(
    t_h: ArrayLike,
    step_h: float,
    running_W: float,
    idle_W: float,
    host_W: float,
    effective_training_time: float,
    interruptions_per_day: float,
    diurnal_amplitude: float = 0.0,
    jobs: int = 1,
    seed: int | np.random.Generator = 0,
) -> np.ndarray:
    """IT power per GPU of a cluster running large training jobs [W], step averages.

    While a job runs, each of its GPUs draws ``running_W`` [W], lower by up to the diurnal
    amplitude [-] around mid-day (llama3-2024 reports a 1-2% diurnal throughput variation;
    whether power follows is an assumption); while it is interrupted its GPUs draw
    ``idle_W`` [W]. Host power ``host_W`` [W] is added throughout. Each outage lasts
    d = (1 - f) / r [h], with f the effective training time [-] and r the interruption
    rate [1/h], so that the long-run share of time running is f:

        P = P_run(t) - (P_run(t) - P_idle) x s_down(t) + P_host,

    with s_down the share of the cluster's GPUs down, averaged exactly over each step.

    ``jobs`` = 1: one job whose interruptions are evenly spaced, one every 1/r; the week's
    energy is then exact and the single cluster's dips fall at fixed times. Its peak is the
    full running draw and its mean f of it whether the times are regular or random, so the
    spacing changes neither its load factor nor its energy.

    ``jobs`` > 1: the cluster runs that many equal jobs, each with its share of the GPUs,
    interrupted independently: each job's running spells are exponential with mean f / r
    (its interruptions a Poisson process while it runs, as most of Llama 3's were
    unexpected: 419 of 466 in the 54-day snapshot), each followed by an outage of length d,
    so each job is interrupted r times a day on average and runs a share f of the time.
    The jobs start in their long-run state. ``seed`` (an int or a numpy Generator) fixes
    the draw: the same seed gives the same outages whatever the power levels, so ranges
    over the power assumptions compare like with like. With many jobs, all of them run at
    once a share f^jobs of the time (0.9^40 = 1.5%), so over a week the peak is close to
    the full running draw and the load factor close to one job's.

    Examples
    --------
    >>> p = training_cluster_power_W(step_midpoints_h(1, 1 / 12), 1 / 12, 630, 105, 345, 0.9, 8)
    >>> round(float(p.mean()), 1)
    922.5
    >>> week = step_midpoints_h(7, 1 / 12)
    >>> campus = training_cluster_power_W(week, 1 / 12, 630, 105, 345, 0.9, 8, jobs=40)
    >>> bool(campus.max() > 970), bool(abs(campus.mean() - 922.5) < 5)
    (True, True)
    """
    if not 0 < effective_training_time <= 1:
        raise ValueError(
            f"effective_training_time is a fraction in (0, 1]; got {effective_training_time}"
        )
    if interruptions_per_day <= 0:
        raise ValueError(f"interruptions_per_day must be positive; got {interruptions_per_day}")
    if jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1; got {jobs}")
    period_h = HOURS_PER_DAY / interruptions_per_day
    down_h = (1.0 - effective_training_time) * period_h
    t = np.asarray(t_h, dtype=float)
    before, after = t - step_h / 2, t + step_h / 2

    if int(jobs) == 1:

        def down_before(x: np.ndarray) -> np.ndarray:
            # Whole periods and the remainder from one quotient: np.floor and np.mod apart
            # can disagree by a period at a boundary in floating point, losing an outage.
            periods = np.floor(x / period_h)
            into = np.clip(x - periods * period_h, 0.0, None)
            return periods * down_h + np.minimum(into, down_h)

        share_down = (down_before(after) - down_before(before)) / step_h
    elif down_h == 0:
        share_down = np.zeros_like(t)
    else:
        rng = np.random.default_rng(seed)
        up_mean_h = effective_training_time * period_h
        share_down = np.zeros_like(t)
        for _ in range(int(jobs)):
            starts, ends = _outages_h(
                float(before.min()), float(after.max()), down_h, up_mean_h,
                effective_training_time, rng,
            )  # fmt: skip
            share_down += _down_before(after, starts, ends) - _down_before(before, starts, ends)
        share_down /= step_h * int(jobs)
    hour = np.mod(t, HOURS_PER_DAY)
    running = running_W * (
        1 - diurnal_amplitude * np.cos(2 * np.pi * (hour - MIDDAY_H) / HOURS_PER_DAY)
    )
    return running - (running - idle_W) * share_down + host_W


def synchronous_swing_W(gpus: ArrayLike, from_W: ArrayLike, to_W: ArrayLike) -> ArrayLike:
    """Change in power when every GPU of a synchronous job moves together [W].

    Delta P = N (P_to - P_from): a job that stalls on a checkpoint or a collective, or
    starts or stops, moves all its GPUs at once (llama3-2024, choukse-powerstab-2025).

    Examples
    --------
    >>> float(synchronous_swing_W(16_384, 630.0, 105.0)) / 1e6
    -8.6016
    """
    return np.multiply(gpus, np.subtract(to_W, from_W))


def load_factor(load: ArrayLike) -> float:
    """Load factor: average load over peak load [-], LF = mean(L) / max(L).

    Examples
    --------
    >>> load_factor([50.0, 100.0])
    0.75
    """
    values = np.asarray(load, dtype=float)
    if values.max() <= 0:
        raise ValueError("the peak load must be positive to form a load factor")
    return float(values.mean() / values.max())


def peak_to_average_ratio(load: ArrayLike) -> float:
    """Peak load over average load [-]: max(L) / mean(L) = 1 / LF; 1 for a flat load.

    Examples
    --------
    >>> peak_to_average_ratio([2.0, 1.0, 1.0, 2.0])
    1.3333333333333333
    """
    return 1.0 / load_factor(load)


def load_duration_curve(load: ArrayLike, step_h: float) -> tuple[np.ndarray, np.ndarray]:
    """Load-duration curve: loads sorted from highest to lowest, against hours exceeded.

    Returns the hours during which the load is at or above each value [h] and the sorted
    loads (sorting keeps the energy: the area under the curve).

    Examples
    --------
    >>> load_duration_curve([1.0, 3.0, 2.0], 0.5)
    (array([0.5, 1. , 1.5]), array([3., 2., 1.]))
    """
    ordered = np.sort(np.asarray(load, dtype=float))[::-1]
    return (np.arange(ordered.size) + 1) * step_h, ordered


def energy_MWh(load_MW: ArrayLike, step_h: float) -> float:
    """Energy of a stepped load [MWh]: E = sum(L_i) dt.

    Examples
    --------
    >>> energy_MWh([100.0, 80.0], 0.5)  # two half-hours at 100 MW and 80 MW
    90.0
    """
    return float(np.sum(load_MW)) * step_h


def largest_step_change(load: ArrayLike) -> float:
    """Largest change between consecutive steps [unit of the load], up or down.

    Examples
    --------
    >>> largest_step_change([100.0, 80.0, 95.0])
    20.0
    """
    return float(np.max(np.abs(np.diff(np.asarray(load, dtype=float)))))
