"""Electrical power of GPUs, servers and facilities as a function of what they are doing.

Utilisation (a share of time, or of peak arithmetic) is not power: an idle GPU still
draws a floor, a decoding GPU draws more as its batch grows, and a server adds host
CPUs, memory, network cards, switches and fans around its GPUs; the facility adds
cooling and conversion losses (PUE). The pieces:

- an **idle floor**: a share of the GPU's rating (an assumption with a range; the
  measurements behind it are secondary, vercellino-genai-power-2026, patel-polca-2024);
- **decode** power against batch size, a saturating curve
  P(b) = P_sat - (P_sat - P_0) exp(-b / b_0) fitted to measurements
  (mlenergy-leaderboard-v3) by :func:`fit_decode_power`;
- decode **throughput** against batch size, T(b) = T_max b / (b + b_half), the form the
  roofline gives when each step reads the weights once and every request's KV cache
  (williams-roofline-2009), fitted by :func:`fit_decode_throughput`;
- **prefill** and other busy/idle work as a linear blend between the idle floor and the
  busy level (:func:`busy_share_power_W`);
- **training** near the rating (:func:`training_power_W`), checked against node
  measurements (latif-h100-node-2025, newkirk-h100-models-2025);
- **server overhead** as a share of the server rating beyond its GPUs
  (:func:`host_power_W`; nvidia-dgxh100-datasheet, nvidia-dgxb200-ug);
- the **meter**: IT power times PUE (:func:`meter_power_W`).

Every function is pure: numbers, arrays or pandas Series in, the same out; NaN in gives
NaN out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from analysis.roofline import decode_ceiling_tokens_per_s

#: Joules in one kilowatt-hour.
J_PER_KWH = 3.6e6
#: Grid of scale parameters the fits search [request]: 1 to 10,000, evenly in log.
_SCALE_GRID = np.geomspace(1.0, 1e4, 2001)


def idle_power_W(rated_W: ArrayLike, idle_fraction: ArrayLike) -> ArrayLike:
    """Power of a GPU with no work [W]: P_idle = f_idle * P_rated.

    Parameters
    ----------
    rated_W : array_like
        Rated power of the GPU as configured (its TDP) [W].
    idle_fraction : array_like
        Idle draw as a share of the rating [-] (assumption ``gpu_idle_power_fraction``).

    Examples
    --------
    >>> float(idle_power_W(700.0, 0.15))
    105.0
    """
    _check_fraction("idle_fraction", idle_fraction)
    return np.multiply(rated_W, idle_fraction)


def training_power_W(rated_W: ArrayLike, training_fraction: ArrayLike) -> ArrayLike:
    """Average power of a GPU while a training job runs [W]: P = f_train * P_rated.

    Training keeps every GPU of a job busy in lock-step, close to its rating
    (llama3-2024: H100s "running at 700W TDP"); f_train is an assumption checked against
    node measurements (latif-h100-node-2025, newkirk-h100-models-2025).

    Examples
    --------
    >>> float(training_power_W(700.0, 0.9))
    630.0
    """
    _check_fraction("training_fraction", training_fraction)
    return np.multiply(rated_W, training_fraction)


def busy_share_power_W(busy_share: ArrayLike, idle_W: ArrayLike, busy_W: ArrayLike) -> ArrayLike:
    """Average power of a GPU busy for a share of the time [W].

    P = P_idle + (P_busy - P_idle) * u. Used for prefill against load (prefill is
    compute-bound, so a busy GPU runs near its busy level; patel-splitwise-2024 finds its
    power rising with batch) and for decode below one request in flight.

    Parameters
    ----------
    busy_share : array_like
        Share of time the GPU is working, u [-], in [0, 1].
    idle_W, busy_W : array_like
        Power when idle and when busy [W].

    Examples
    --------
    >>> float(busy_share_power_W(0.5, 100.0, 600.0))
    350.0
    """
    _check_fraction("busy_share", busy_share)
    return idle_W + np.multiply(np.subtract(busy_W, idle_W), busy_share)


def decode_power_W(
    batch: ArrayLike, floor_W: float, saturation_W: float, batch_scale: float
) -> ArrayLike:
    """Power of one GPU decoding a batch of requests [W] (fitted form).

    P(b) = P_sat - (P_sat - P_0) exp(-b / b_0): P_0 at a vanishing batch (the GPU still
    streams its weights from memory every step), rising towards P_sat as more requests
    keep more of the chip busy (mlenergy-blog-v3-2026). Fitted to measurements by
    :func:`fit_decode_power`; valid over the measured batch sizes.

    Parameters
    ----------
    batch : array_like
        Requests decoded together on the server, b [request] (ML.ENERGY's batch size).
    floor_W : float
        P_0, power as the batch tends to zero [W].
    saturation_W : float
        P_sat, power at large batch [W].
    batch_scale : float
        b_0, batch at which power has covered 63% of its rise from P_0 to P_sat
        (1 - 1/e) [request].

    Examples
    --------
    >>> round(float(decode_power_W(100.0, 450.0, 650.0, 100.0)), 1)
    576.4
    """
    if batch_scale <= 0:
        raise ValueError(f"batch_scale must be positive, in requests; got {batch_scale}")
    _check_batch(batch)
    return saturation_W - (saturation_W - floor_W) * np.exp(-np.divide(batch, batch_scale))


def decode_throughput_tokens_per_s(
    batch: ArrayLike, max_tokens_per_s: float, half_batch: float
) -> ArrayLike:
    """Output tokens per second of a server decoding a batch [token/s] (fitted form).

    T(b) = T_max b / (b + b_half). A decode step reads the weights W once and each
    request's KV cache K, so with bandwidth B the roofline gives T = b B / (W + b K)
    = (B / K) b / (b + W / K) (williams-roofline-2009): the same shape, with
    T_max = B / K and b_half = W / K. Fitted to measurements by
    :func:`fit_decode_throughput`, which absorbs compute limits and software overheads.

    Examples
    --------
    >>> float(decode_throughput_tokens_per_s(100.0, 10_000.0, 100.0))
    5000.0
    """
    _check_batch(batch)
    return max_tokens_per_s * np.divide(batch, np.add(batch, half_batch))


def batch_for_throughput(
    tokens_per_s: ArrayLike, max_tokens_per_s: float, half_batch: float
) -> ArrayLike:
    """Batch at which a server delivers a token rate: the inverse of the throughput form.

    b = b_half * T / (T_max - T) [request], for 0 <= T < T_max.

    Examples
    --------
    >>> float(batch_for_throughput(5000.0, 10_000.0, 100.0))
    100.0
    """
    rate = np.asarray(tokens_per_s, dtype=float)
    if np.any(rate >= max_tokens_per_s) or np.any(rate < 0):
        raise ValueError(
            f"token rate must lie in [0, {max_tokens_per_s:g}) token/s, the fitted maximum"
        )
    return half_batch * np.divide(tokens_per_s, np.subtract(max_tokens_per_s, tokens_per_s))


def serving_gpu_power_W(
    batch: ArrayLike, idle_W: float, floor_W: float, saturation_W: float, batch_scale: float
) -> ArrayLike:
    """Power of a serving GPU at an average batch, down to no requests at all [W].

    From one request in flight upwards the fitted :func:`decode_power_W`; below one, the
    GPU alternates between decoding one request and idling, so the power is the busy-share
    blend of :func:`busy_share_power_W` with u = b:
    P = P_idle + (P(max(b, 1)) - P_idle) * min(b, 1).

    Examples
    --------
    >>> float(serving_gpu_power_W(0.0, 100.0, 450.0, 650.0, 100.0))
    100.0
    """
    _check_batch(batch)
    decoding = decode_power_W(np.maximum(batch, 1.0), floor_W, saturation_W, batch_scale)
    return busy_share_power_W(np.minimum(batch, 1.0), idle_W, decoding)


def energy_per_token_J(power_W: ArrayLike, tokens_per_s: ArrayLike) -> ArrayLike:
    """Energy per generated token [J/token]: E = P / T.

    Examples
    --------
    >>> float(energy_per_token_J(2000.0, 4000.0))
    0.5
    """
    return np.divide(power_W, tokens_per_s)


def kwh_per_million_tokens(energy_per_token_J_: ArrayLike) -> ArrayLike:
    """Energy per million tokens [kWh]: E * 1e6 / 3.6e6.

    Examples
    --------
    >>> float(kwh_per_million_tokens(0.36))
    0.1
    """
    return np.multiply(energy_per_token_J_, 1e6 / J_PER_KWH)


def host_power_W(
    server_rated_W: ArrayLike, gpus: ArrayLike, gpu_rated_W: ArrayLike, host_share: ArrayLike
) -> ArrayLike:
    """Power of a server's parts other than its GPUs, held constant [W].

    P_host = h * (P_server,rated - n * P_gpu,rated): host CPUs, memory, network cards,
    switches, fans, conversion losses and supply headroom make up the rating beyond the
    GPUs (10.2 kW for eight 700 W H100s, nvidia-dgxh100-datasheet; 14.3 kW for eight
    1,000 W B200s, nvidia-dgxb200-ug), and a share h of it is drawn in operation. Fans
    and conversion losses in fact rise with GPU load; holding the host constant overstates
    the idle floor a little and understates the swing.

    Examples
    --------
    >>> float(host_power_W(10_200.0, 8, 700.0, 0.6))
    2760.0
    """
    _check_fraction("host_share", host_share)
    headroom = np.subtract(server_rated_W, np.multiply(gpus, gpu_rated_W))
    if np.any(np.asarray(headroom) < 0):
        raise ValueError("the server's rating is below the sum of its GPUs' ratings")
    return np.multiply(host_share, headroom)


def server_power_W(gpu_power_W: ArrayLike, gpus: ArrayLike, host_W: ArrayLike) -> ArrayLike:
    """Power of a server at the wall [W]: P = n * P_gpu + P_host.

    Examples
    --------
    >>> float(server_power_W(630.0, 8, 2760.0))
    7800.0
    """
    return np.multiply(gpus, gpu_power_W) + host_W


def meter_power_W(it_power_W: ArrayLike, pue: ArrayLike) -> ArrayLike:
    """Power at the facility's meter [W]: P_meter = PUE * P_IT (uptime-pue-2023).

    Examples
    --------
    >>> float(meter_power_W(1000.0, 1.2))
    1200.0
    """
    if np.any(np.less(pue, 1.0)):
        raise ValueError(f"PUE is facility power over IT power and cannot be below 1; got {pue}")
    return np.multiply(it_power_W, pue)


def bandwidth_ceiling_tokens_per_s(
    batch: ArrayLike,
    gpus: ArrayLike,
    bandwidth_TB_per_s: ArrayLike,
    weights_GB: ArrayLike,
    kv_GB_per_request: ArrayLike,
) -> ArrayLike:
    """Memory-bandwidth ceiling on a server's decode throughput [token/s].

    Each step reads the weights W once and every request's KV cache K, and yields b
    tokens, so bytes per token are (W + b K) / b and the ceiling is
    n B / ((W + b K) / b) (:func:`analysis.roofline.decode_ceiling_tokens_per_s`).

    Parameters
    ----------
    batch : array_like
        Requests decoded together b [request].
    gpus : array_like
        GPUs sharing the model n [-]; their bandwidths add.
    bandwidth_TB_per_s : array_like
        Memory bandwidth of one GPU B [TB/s].
    weights_GB : array_like
        Resident weights W [GB].
    kv_GB_per_request : array_like
        KV cache read per request per step K [GB].

    Examples
    --------
    >>> round(float(bandwidth_ceiling_tokens_per_s(8, 4, 3.35, 141.0, 0.0)), 1)
    760.3
    """
    _check_batch(batch)
    bytes_per_token_GB = np.divide(np.add(weights_GB, np.multiply(batch, kv_GB_per_request)), batch)
    return decode_ceiling_tokens_per_s(np.multiply(gpus, bandwidth_TB_per_s), bytes_per_token_GB)


def long_context_tokens_per_s(
    chat_tokens_per_s: ArrayLike,
    extra_kv_GB_per_request: ArrayLike,
    gpus: ArrayLike,
    bandwidth_TB_per_s: ArrayLike,
    bandwidth_share: ArrayLike,
) -> ArrayLike:
    """Decode throughput of a server whose requests hold longer contexts [token/s].

    Each decode step yields one token per request and reads each request's KV cache, so
    a request holding Delta K more cache than the measured ones costs every token the
    time to read that extra cache, at the share f of peak bandwidth the server reaches
    when memory binds (williams-roofline-2009):
    1 / T_long = 1 / T_chat + Delta K / (f n B). The weight reads, compute and software
    overheads stay in the measured T_chat at the same batch.

    Parameters
    ----------
    chat_tokens_per_s : array_like
        Measured (fitted) throughput at the same batch with chat contexts T_chat [token/s].
    extra_kv_GB_per_request : array_like
        KV cache per request beyond the measured contexts Delta K [GB], >= 0.
    gpus : array_like
        GPUs sharing the model n [-]; their bandwidths add.
    bandwidth_TB_per_s : array_like
        Peak memory bandwidth of one GPU B [TB/s].
    bandwidth_share : array_like
        Share of the peak bandwidth reached when memory binds f [-], in (0, 1].

    Examples
    --------
    >>> # 1,000 token/s at chat contexts; 8 GB more cache per request, read at 62% of
    >>> # 4 x 3.35 TB/s: 1 / (1/1000 + 8 / 8308) = 509.4 token/s
    >>> round(float(long_context_tokens_per_s(1000.0, 8.0, 4, 3.35, 0.62)), 1)
    509.4
    """
    share = np.asarray(bandwidth_share, dtype=float)
    if np.any((share <= 0) | (share > 1)):
        raise ValueError(f"bandwidth_share is a fraction in (0, 1]; got {bandwidth_share}")
    if np.any(np.asarray(extra_kv_GB_per_request, dtype=float) < 0):
        raise ValueError("extra_kv_GB_per_request cannot be negative")
    GB_per_s = np.multiply(np.multiply(gpus, bandwidth_TB_per_s), bandwidth_share) * 1e3
    seconds_per_token = np.divide(1.0, chat_tokens_per_s) + np.divide(
        extra_kv_GB_per_request, GB_per_s
    )
    return np.divide(1.0, seconds_per_token)


@dataclass(frozen=True)
class SaturatingFit:
    """Parameters of a fitted curve and how well it reproduces the points.

    ``low`` and ``high`` are P_0 and P_sat [W] for power; for throughput ``low`` is 0 and
    ``high`` is T_max [token/s]. ``scale`` is b_0 or b_half [request]. ``rms_relative``
    and ``max_relative`` are the root-mean-square and the largest ``abs(model / measured - 1)``.
    """

    low: float
    high: float
    scale: float
    rms_relative: float
    max_relative: float
    points: int


def fit_decode_power(batch: ArrayLike, power_W: ArrayLike) -> SaturatingFit:
    """Least-squares fit of :func:`decode_power_W` to measured points.

    Deterministic (variable projection): for a given b_0 the model is linear in P_0 and
    P_sat, solved exactly by linear least squares on relative residuals (each point
    weighted by 1 / measured, so that every point counts alike). b_0 is searched on a
    fixed grid of 2,001 values from 1 to 10,000 requests, evenly spaced in log, then
    refined by golden-section search between the best grid point's neighbours. NaN
    points are dropped.

    Examples
    --------
    >>> b = np.array([8, 32, 128, 512])
    >>> fit = fit_decode_power(b, decode_power_W(b, 450.0, 650.0, 100.0))
    >>> round(fit.low), round(fit.high), round(fit.scale), fit.max_relative < 1e-6
    (450, 650, 100, True)
    """
    b, y = _clean(batch, power_W)

    def columns(scale: float) -> np.ndarray:
        decay = np.exp(-b / scale)
        return np.column_stack([decay, 1.0 - decay])  # P = P_0 e + P_sat (1 - e)

    scale, coefficients = _fit_scale(columns, y)
    return _result(columns(scale), coefficients, scale, y, low=coefficients[0])


def fit_decode_throughput(batch: ArrayLike, tokens_per_s: ArrayLike) -> SaturatingFit:
    """Least-squares fit of :func:`decode_throughput_tokens_per_s` to measured points.

    The same deterministic method as :func:`fit_decode_power`: for each b_half, T_max is
    the linear least-squares solution on relative residuals.

    Examples
    --------
    >>> b = np.array([8, 64, 256, 1024])
    >>> fit = fit_decode_throughput(b, decode_throughput_tokens_per_s(b, 9000.0, 300.0))
    >>> round(fit.high), round(fit.scale)
    (9000, 300)
    """
    b, y = _clean(batch, tokens_per_s)

    def columns(scale: float) -> np.ndarray:
        return (b / (b + scale))[:, None]

    scale, coefficients = _fit_scale(columns, y)
    return _result(columns(scale), coefficients, scale, y, low=0.0)


def _solve(columns: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Weighted linear least squares on relative residuals: (sum of squares, solution)."""
    weights = 1.0 / y
    coefficients, *_ = np.linalg.lstsq(columns * weights[:, None], y * weights, rcond=None)
    return float(np.sum(((columns @ coefficients) / y - 1.0) ** 2)), coefficients


def _fit_scale(columns, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Best scale: the grid's minimum, refined by golden-section search in log(scale)."""
    errors = [_solve(columns(scale), y)[0] for scale in _SCALE_GRID]
    i = int(np.argmin(errors))
    low = np.log(_SCALE_GRID[max(i - 1, 0)])
    high = np.log(_SCALE_GRID[min(i + 1, _SCALE_GRID.size - 1)])
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):  # the bracket shrinks by 0.618 each time: far below any rounding
        a = high - ratio * (high - low)
        c = low + ratio * (high - low)
        if _solve(columns(np.exp(a)), y)[0] < _solve(columns(np.exp(c)), y)[0]:
            high = c
        else:
            low = a
    scale = float(np.exp((low + high) / 2.0))
    return scale, _solve(columns(scale), y)[1]


def _result(
    columns: np.ndarray, coefficients: np.ndarray, scale: float, y: np.ndarray, low: float
) -> SaturatingFit:
    relative = (columns @ coefficients) / y - 1.0
    return SaturatingFit(
        float(low),
        float(coefficients[-1]),
        scale,
        float(np.sqrt(np.mean(relative**2))),
        float(np.max(np.abs(relative))),
        int(y.size),
    )


def _clean(batch: ArrayLike, values: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    b = np.asarray(batch, dtype=float)
    y = np.asarray(values, dtype=float)
    keep = np.isfinite(b) & np.isfinite(y)
    if keep.sum() < 3:
        raise ValueError("a fit needs at least three finite (batch, value) points")
    if np.any(y[keep] <= 0) or np.any(b[keep] <= 0):
        raise ValueError("batch sizes and measured values must be positive")
    return b[keep], y[keep]


def _check_fraction(name: str, value: ArrayLike) -> None:
    array = np.asarray(value, dtype=float)
    if np.any((array < 0) | (array > 1)):
        raise ValueError(f"{name} is a fraction in [0, 1]; got {value} (a percentage?)")


def _check_batch(batch: ArrayLike) -> None:
    if np.any(np.asarray(batch, dtype=float) < 0):
        raise ValueError(f"batch size cannot be negative; got {batch}")
