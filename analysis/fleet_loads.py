"""Load shapes of the book's fleets over a week, with ranges over the assumptions.

The fleets of :mod:`analysis.fleet` (its calibrated GPUs and servers) run the profiles of
:mod:`analysis.load_shapes`: a training cluster with Llama 3's interruption rate
(llama3-2024), a chat fleet following a diurnal request profile, and a reasoning-heavy
fleet whose deferrable work fills the overnight valley. Each week is evaluated at the
corners of its assumptions (:func:`analysis.ranges.propagate`), giving the profile, the
load-duration curve, the load factor, the peak-to-average ratio and the largest change
between dispatch intervals as Ranges. :func:`scenarios` sets out the ways a
reasoning-heavy fleet can flatten.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis import load_shapes as ls
from analysis import power_model as pm
from analysis.data import load
from analysis.fleet import (
    HOURS_PER_YEAR,
    System,
    a,
    gpu_W,
    host_W_per_gpu,
    interruptions_per_day,
)
from analysis.ranges import Range, propagate


def step_h() -> float:
    """Step of the modelled profiles [h]: the dispatch interval."""
    return a("dispatch_interval_min").central / 60.0


def week_h() -> np.ndarray:
    """Midpoints of the week's steps from Monday 00:00 [h]."""
    return ls.step_midpoints_h(ls.DAYS_PER_WEEK, step_h())


def training_profile_W(
    s: System, idle, train, host, amplitude, jobs: int = 1, seed: int = 0
) -> np.ndarray:
    """IT power per GPU of a training cluster over the week [W]: ``jobs`` jobs of the Llama
    3.1 405B run's size, each interrupted at its reported rate (independently, at random
    times drawn with ``seed``, when there is more than one; see
    :func:`analysis.load_shapes.training_cluster_power_W`)."""
    ett = load("training_runs").set_index("run").loc["Llama 3.1 405B"]
    return ls.training_cluster_power_W(
        week_h(),
        step_h(),
        gpu_W(s, "training", idle, train),
        gpu_W(s, "idle", idle, train),
        host_W_per_gpu(s, host),
        float(ett.effective_training_time_low),
        interruptions_per_day(),
        amplitude,
        jobs,
        seed,
    )


def serving_profile_W(
    s: System,
    idle,
    host,
    trough,
    weekend,
    batch,
    packing,
    deferrable=0.0,
    spread=0.0,
    backfill=0.0,
    train=None,
) -> np.ndarray:
    """IT power per GPU of a serving fleet over the week [W] (see load_shapes)."""
    requests = ls.diurnal_request_profile(
        week_h(), trough, a("chat_peak_hour").central, weekend, spread
    )
    requests = ls.defer_into_valleys(requests, deferrable)
    c = s.calibration
    scale = s.gpu_W / c.rated_W
    power = pm.SaturatingFit(c.power.low * scale, c.power.high * scale, c.power.scale, 0, 0, 0)
    train_W = gpu_W(
        s, "training", idle, a("training_gpu_power_fraction").central if train is None else train
    )
    return ls.serving_fleet_power_W(
        requests,
        batch,
        power,
        c.throughput,
        gpu_W(s, "idle", idle, 0.0),
        host_W_per_gpu(s, host),
        packing,
        backfill,
        train_W,
    )


#: The three fleets of chapters 5 and 11 and the assumptions their ranges run over.
SERVING = (
    "gpu_idle_power_fraction",
    "host_power_share",
    "chat_trough_to_peak_ratio",
    "chat_weekend_scale",
    "serving_peak_batch",
    "serving_packing_share",
)
#: Each fleet of chapters 5 and 11 -> the assumptions its range runs over.
FLEETS = {
    "Training cluster": (
        "gpu_idle_power_fraction",
        "training_gpu_power_fraction",
        "host_power_share",
        "training_diurnal_power_amplitude",
    ),
    "Chat fleet": SERVING,
    "Reasoning-heavy fleet": (*SERVING, "reasoning_deferrable_share"),
}


def fleet_profile_W(kind: str, s: System, *values) -> np.ndarray:
    """IT power per GPU over the week [W] of a fleet of :data:`FLEETS` at given values."""
    if kind == "Training cluster":
        return training_profile_W(s, *values)
    return serving_profile_W(s, *values)


@dataclass(frozen=True)
class Shape:
    """A fleet's week: profile, load-duration curve and summaries, each as a Range.

    Powers are IT power per GPU [W]; ``largest_step_share`` is the largest change between
    consecutive steps over the peak [-], ``largest_step_W`` the same change in watts.
    """

    profile_W: Range
    ldc_W: Range
    load_factor: Range
    peak_to_average: Range
    largest_step_share: Range
    peak_W: Range
    mean_W: Range
    largest_step_W: Range


#: Summaries of a week that :func:`shape_of` computes at each corner (the scalar fields of
#: :class:`Shape`).
_STATS = 6


def shape_of(profile, names: tuple[str, ...]) -> Shape:
    """A week's profile function at the corners of the assumptions ``names``.

    ``profile(*values)`` returns the power over the week for one value of each named
    assumption. The largest change between consecutive steps is a share of the peak.
    """

    def summary(*values):
        p = profile(*values)
        _, ldc = ls.load_duration_curve(p, step_h())
        step = ls.largest_step_change(p)
        stats = [ls.load_factor(p), ls.peak_to_average_ratio(p), step / p.max(), p.max(),
                 p.mean(), step]  # fmt: skip
        return np.concatenate([stats, ldc, p])

    r = propagate(summary, *(a(n) for n in names))
    n, k = week_h().size, _STATS
    part = [Range(*(float(np.asarray(v)[i]) for v in r.as_tuple())) for i in range(k)]
    ldc = Range(*(np.asarray(v)[k : k + n] for v in r.as_tuple()))
    profile_W = Range(*(np.asarray(v)[k + n :] for v in r.as_tuple()))
    return Shape(profile_W, ldc, *part)


def shape(kind: str, s: System) -> Shape:
    """The week of one of the :data:`FLEETS` with ranges over its assumptions."""
    return shape_of(lambda *values: fleet_profile_W(kind, s, *values), FLEETS[kind])


def spread_shape(s: System) -> Shape:
    """A chat fleet whose users are spread across time zones (``timezone_spread_h``)."""

    def profile(idle, host, trough, weekend, batch, packing, hours):
        return serving_profile_W(s, idle, host, trough, weekend, batch, packing, spread=hours)

    return shape_of(profile, (*SERVING, "timezone_spread_h"))


def backfill_shape(s: System) -> Shape:
    """A serving fleet that packs off-peak traffic and backfills idle servers with training."""

    def profile(idle, host, trough, weekend, batch, share):
        return serving_profile_W(s, idle, host, trough, weekend, batch, 1.0, backfill=share)

    return shape_of(profile, (*SERVING[:-1], "training_backfill_share"))


def scenarios(s: System) -> list[tuple[str, Shape]]:
    """Ways a reasoning-heavy fleet's load can flatten, each a scenario with its range.

    Reasoning on its own raises energy per query but not the shape of a fleet sized for
    its peak; the shape changes only if work can wait (valley filling), users span time
    zones, or training backfills the servers that off-peak traffic leaves idle (here with
    all off-peak traffic packed onto as few servers as possible).
    """
    return [
        ("All interactive: the chat fleet's shape", shape("Chat fleet", s)),
        ("Deferrable work moved into the overnight valley", shape("Reasoning-heavy fleet", s)),
        ("Users spread across time zones", spread_shape(s)),
        ("Training backfills servers left idle off-peak", backfill_shape(s)),
    ]


def requests_and_power_share(s: System) -> tuple[Range, Range]:
    """A chat fleet's week as requests and as power, each a share of its own peak [-].

    Utilisation follows the requests; power does not fall with them in proportion. Both
    with ranges over the serving assumptions.
    """
    requests = propagate(
        lambda trough, weekend: ls.diurnal_request_profile(
            week_h(), trough, a("chat_peak_hour").central, weekend
        ),
        a("chat_trough_to_peak_ratio"),
        a("chat_weekend_scale"),
    )

    def power_share(*values):
        p = serving_profile_W(s, *values)
        return p / p.max()

    return requests, propagate(power_share, *(a(n) for n in SERVING))


def rating_W_per_gpu(s: System) -> float:
    """System rating per GPU [W]: what a connection is sized for, before PUE."""
    return s.rated_W / s.gpus


def campus_gpus(s: System, campus_MW: float) -> float:
    """GPUs a campus holds whose connection ``campus_MW`` is its systems' rating times the
    central PUE, at the meter."""
    return campus_MW * 1e6 / (rating_W_per_gpu(s) * a("pue").central)


def campus_MW(s: System, power_W, connection_MW: float):
    """Power at the meter of a campus [MW] from IT power per GPU ``power_W`` [W].

    The campus's connection is the rating of its systems times PUE; with the same PUE in
    operation, P = connection x power per GPU / rating per GPU, and the PUE cancels.
    """
    if isinstance(power_W, Range):
        return power_W.scale(connection_MW / rating_W_per_gpu(s))
    return np.multiply(power_W, connection_MW / rating_W_per_gpu(s))


def campus_year(s: System, shape: Shape, connection_MW: float) -> dict[str, Range]:
    """A campus in a year: peak draw [MW], energy [TWh], and energy per GW of peak [TWh].

    The connection is the systems' rating at the meter (:func:`campus_MW`); the campus
    peaks below it (its servers draw below their rating) and averages its peak times its
    load factor. ``mean_share``: average draw over the connection [-].
    """
    hours = HOURS_PER_YEAR
    mean_share = shape.mean_W.scale(1 / rating_W_per_gpu(s))
    return {
        "peak_MW": campus_MW(s, shape.peak_W, connection_MW),
        "mean_share": mean_share,
        "TWh": mean_share.scale(connection_MW * hours / 1e6),
        "TWh_per_GW_peak": shape.load_factor.scale(1e3 * hours / 1e6),
    }


def campus_training_shape(s: System, campus_MW_: float, seed: int = 0) -> Shape:
    """A training campus running jobs of the Llama 3.1 405B run's size, interrupted
    independently at its rate (as many jobs as fill the campus, at least one).

    The interruption times are one random draw (``seed``), the same at every corner of
    the assumptions; :func:`campus_draws` shows how much the draw matters.
    """
    jobs = campus_jobs(s, campus_MW_)
    return shape_of(
        lambda *values: training_profile_W(s, *values, jobs=jobs, seed=seed),
        FLEETS["Training cluster"],
    )


def campus_job_swing_W(s: System, campus_MW_: float) -> Range:
    """One job of a training campus stopping or restarting, per GPU of the campus [W]:
    (P_train - P_idle) / jobs, with its range over the idle and training power levels."""
    jobs = campus_jobs(s, campus_MW_)
    return propagate(
        lambda idle, train: (
            (gpu_W(s, "training", idle, train) - gpu_W(s, "idle", idle, train)) / jobs
        ),
        a("gpu_idle_power_fraction"),
        a("training_gpu_power_fraction"),
    )


def campus_all_running_share(s: System, campus_MW_: float) -> float:
    """Share of the time every job of a training campus runs at once [-]: f^jobs, with f
    the Llama 3.1 405B run's effective training time (llama3-2024), the jobs independent."""
    ett = float(
        load("training_runs").set_index("run").loc["Llama 3.1 405B"].effective_training_time_low
    )
    return ett ** campus_jobs(s, campus_MW_)


#: Seeds of the draws of interruption times that :func:`campus_draws` compares.
DRAW_SEEDS = tuple(range(10))


def campus_draws(s: System, campus_MW_: float, seeds=DRAW_SEEDS) -> dict[str, Range]:
    """A training campus's week at central assumptions across draws of its interruption
    times: load factor [-] and peak draw per GPU [W], each as Range(lowest, first seed's,
    highest) over ``seeds``. The book's figures use the first seed."""
    jobs = campus_jobs(s, campus_MW_)
    central = [a(n).central for n in FLEETS["Training cluster"]]
    weeks = [training_profile_W(s, *central, jobs=jobs, seed=k) for k in seeds]
    lf = [ls.load_factor(p) for p in weeks]
    peak = [float(p.max()) for p in weeks]
    return {
        "load_factor": Range(min(lf), lf[0], max(lf)),
        "peak_W": Range(min(peak), peak[0], max(peak)),
    }


def campus_jobs(s: System, campus_MW_: float) -> int:
    """Jobs of the Llama 3.1 405B run's size that fill a campus (at least one) [-]."""
    run_gpus = float(load("training_runs").set_index("run").loc["Llama 3.1 405B"].gpus)
    return max(1, round(campus_gpus(s, campus_MW_) / run_gpus))
