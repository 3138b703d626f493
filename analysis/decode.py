"""Decode: generating one token per request per step, limited by memory bandwidth.

Each decode step reads every resident weight once and each request's KV cache once, and
does about 2 FLOP per active parameter per request in the batch (nvidia-inference;
kaplan-2020). Batching b requests shares the weight read, so arithmetic intensity rises
with b until the chip's ridge point, where decode turns compute-bound
(williams-roofline-2009). The KV cache read grows with b too, which is why batching gives
diminishing returns, and memory capacity caps b.

The step-time model here is the roofline: t = F / min(P, I B) = max(F / P, bytes / B).
It ignores kernel launch and communication overheads, so it gives ceilings, not forecasts.
Weights are treated as all read every step; for a mixture-of-experts model at small batch
only the routed experts are read, which this model does not capture.

Two functions describe what happens when one chip does both phases: a new request's
prefill pauses every stream in the batch (:func:`colocated_token_interval_s`), and a
separate prefill pool must keep pace with the decode pool
(:func:`prefill_gpus_per_decode_gpu`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series
from analysis.roofline import TERA, attainable_tflops

GIGA = 1e9
#: FLOP per active parameter per generated token (a multiply and an add), kaplan-2020.
FLOP_PER_PARAMETER_TOKEN = 2.0


def decode_step_bytes(
    batch: ArrayLike, weights_gb_: ArrayLike, kv_bytes_per_request: ArrayLike
) -> ArrayLike:
    """Bytes read from memory in one decode step: W + b K [B].

    Parameters
    ----------
    batch : array_like
        Requests decoded together b [-].
    weights_gb_ : array_like
        Resident weights W [GB].
    kv_bytes_per_request : array_like
        KV cache per request K [B] (see :mod:`analysis.kvcache`).

    Examples
    --------
    >>> from analysis import decode
    >>> # 70 GB of weights plus 8 requests of 1.3 GB of KV cache each
    >>> print(f"{decode.decode_step_bytes(8, 70, 1.3e9):.3g} B")
    8.04e+10 B
    """
    return np.multiply(weights_gb_, GIGA) + np.multiply(batch, kv_bytes_per_request)


def decode_step_flop(
    batch: ArrayLike, active_parameters_b: ArrayLike, attention_flop_per_token: ArrayLike = 0.0
) -> ArrayLike:
    """FLOPs of one decode step: b (2 N_active + A) [FLOP] (kaplan-2020).

    Parameters
    ----------
    batch : array_like
        Requests decoded together b [-].
    active_parameters_b : array_like
        Parameters used per token N_active [billions].
    attention_flop_per_token : array_like
        Attention work per generated token A [FLOP], 2 L n_ctx d_attn in kaplan-2020;
        0 (the default) leaves it out.

    Examples
    --------
    >>> from analysis import decode
    >>> # 8 requests, 70 B active parameters: 8 x 2 x 70e9
    >>> print(f"{decode.decode_step_flop(8, 70):.3g} FLOP")
    1.12e+12 FLOP
    """
    per_token = FLOP_PER_PARAMETER_TOKEN * np.multiply(active_parameters_b, GIGA)
    return np.multiply(batch, per_token + np.asarray(attention_flop_per_token, dtype=float))


def decode_intensity_flop_per_byte(
    batch: ArrayLike,
    active_parameters_b: ArrayLike,
    weights_gb_: ArrayLike,
    kv_bytes_per_request: ArrayLike,
) -> ArrayLike:
    """Arithmetic intensity of a decode step: 2 N b / (W + b K) [FLOP/B].

    Examples
    --------
    >>> from analysis import decode
    >>> # batch 1, 70 B parameters in 70 GB of FP8, no KV cache: 2 FLOP per byte
    >>> float(decode.decode_intensity_flop_per_byte(1, 70, 70, 0.0))
    2.0
    """
    return np.divide(
        decode_step_flop(batch, active_parameters_b),
        decode_step_bytes(batch, weights_gb_, kv_bytes_per_request),
    )


@keeps_series
def batch_at_ridge(
    ridge_flop_per_byte: ArrayLike,
    active_parameters_b: ArrayLike,
    weights_gb_: ArrayLike,
    kv_bytes_per_request: ArrayLike = 0.0,
) -> ArrayLike:
    """Batch at which decode intensity reaches the ridge point I* [-].

    Solving 2 N b / (W + b K) = I* for b gives b* = I* W / (2 N - I* K). With no KV cache
    (K = 0) and W = N x bytes per value this is I* x bytes per value / 2. Where
    2 N <= I* K the KV read alone keeps the step memory-bound at any batch, and the
    result is infinite.

    Parameters
    ----------
    ridge_flop_per_byte : array_like
        Ridge point I* = P / B of the chip [FLOP/B] (see :mod:`analysis.roofline`).
    active_parameters_b : array_like
        Parameters used per token N [billions].
    weights_gb_ : array_like
        Resident weights W [GB].
    kv_bytes_per_request : array_like
        KV cache per request K [B].

    Examples
    --------
    >>> from analysis import decode
    >>> # ridge 295 FLOP/B, FP8 weights (1 byte per parameter), no KV cache: 295 x 1 / 2
    >>> float(decode.batch_at_ridge(295, 70, 70))
    147.5
    """
    flop_per_request = FLOP_PER_PARAMETER_TOKEN * np.multiply(active_parameters_b, GIGA)
    denominator = flop_per_request - np.multiply(ridge_flop_per_byte, kv_bytes_per_request)
    numerator = np.multiply(ridge_flop_per_byte, np.multiply(weights_gb_, GIGA))
    safe = np.where(denominator > 0, denominator, 1.0)
    # NaN in any input fails both tests and stays NaN, rather than reading as "infinite".
    never = np.where(denominator <= 0, np.inf, np.nan)
    return np.where(denominator > 0, numerator / safe, never)[()]  # scalar in, scalar out


@keeps_series
def decode_step_time_s(
    batch: ArrayLike,
    active_parameters_b: ArrayLike,
    weights_gb_: ArrayLike,
    kv_bytes_per_request: ArrayLike,
    peak_tflops: ArrayLike,
    bandwidth_tb_per_s: ArrayLike,
) -> ArrayLike:
    """Roofline time of one decode step: F / min(P, I B) = max(F / P, bytes / B) [s].

    Parameters
    ----------
    batch : array_like
        Requests decoded together b [-].
    active_parameters_b : array_like
        Parameters used per token [billions].
    weights_gb_ : array_like
        Resident weights [GB].
    kv_bytes_per_request : array_like
        KV cache per request [B].
    peak_tflops : array_like
        Dense peak compute at the precision used [TFLOP/s].
    bandwidth_tb_per_s : array_like
        Memory bandwidth [TB/s].

    Examples
    --------
    >>> from analysis import decode
    >>> # batch 1 on an H100 (989 TFLOP/s, 3.35 TB/s): reading 70 GB takes 70 / 3350 s
    >>> round(float(decode.decode_step_time_s(1, 70, 70, 0.0, 989, 3.35)), 5)
    0.0209
    """
    flop = decode_step_flop(batch, active_parameters_b)
    intensity = decode_intensity_flop_per_byte(
        batch, active_parameters_b, weights_gb_, kv_bytes_per_request
    )
    attainable = attainable_tflops(intensity, peak_tflops, bandwidth_tb_per_s)
    return flop / (np.asarray(attainable) * TERA)


def decode_throughput_tokens_per_s(batch: ArrayLike, step_time_s: ArrayLike) -> ArrayLike:
    """Tokens generated per second by the whole batch: b / t_step [token/s].

    Examples
    --------
    >>> from analysis import decode
    >>> # 32 requests, 25 ms a step
    >>> float(decode.decode_throughput_tokens_per_s(32, 0.025))
    1280.0
    """
    return np.divide(batch, step_time_s)


def decode_stream_tokens_per_s(step_time_s: ArrayLike) -> ArrayLike:
    """Tokens per second seen by one request: 1 / t_step [token/s].

    Examples
    --------
    >>> from analysis import decode
    >>> float(decode.decode_stream_tokens_per_s(0.025))
    40.0
    """
    return np.divide(1.0, step_time_s)


@keeps_series
def bandwidth_share_of_peak(
    stream_tokens_per_s: ArrayLike, step_bytes: ArrayLike, bandwidth_tb_per_s: ArrayLike
) -> ArrayLike:
    """Share of peak memory bandwidth a decode rate implies: r x bytes per step / B [-].

    Each stream writes one token per step, and each step reads ``step_bytes`` (the weights,
    plus the batch's caches if they are counted), so r steps a second read r times that.
    Above 1 the rate cannot come from one token per read: it needs several tokens per step
    (speculative decoding) or a count that includes other tokens.

    Parameters
    ----------
    stream_tokens_per_s : array_like
        Tokens a second written by one stream r [token/s].
    step_bytes : array_like
        Bytes read in one step [B] (:func:`decode_step_bytes`).
    bandwidth_tb_per_s : array_like
        Peak memory bandwidth B [TB/s].

    Examples
    --------
    >>> from analysis import decode
    >>> # 42 token/s per stream, 70 GB of weights a step, 3.35 TB/s
    >>> round(float(decode.bandwidth_share_of_peak(42, 70e9, 3.35)), 3)
    0.878
    """
    return np.divide(
        np.multiply(stream_tokens_per_s, step_bytes), np.multiply(bandwidth_tb_per_s, 1e12)
    )


def energy_kwh_per_million_tokens(power_w: ArrayLike, tokens_per_s: ArrayLike) -> ArrayLike:
    """Energy per million generated tokens at a steady power draw: P / R x 1e6 / 3.6e6 [kWh].

    Parameters
    ----------
    power_w : array_like
        Electrical power drawn while generating P [W], e.g. a chip's TDP as an upper bound.
    tokens_per_s : array_like
        Tokens generated per second R [token/s].

    Examples
    --------
    >>> from analysis import decode
    >>> # 700 W generating 1,000 token/s: 0.7 J a token
    >>> round(float(decode.energy_kwh_per_million_tokens(700, 1000)), 4)
    0.1944
    """
    joules_per_token = np.divide(power_w, tokens_per_s)
    return joules_per_token * 1e6 / 3.6e6


def _check_output_tokens(output_tokens: ArrayLike) -> np.ndarray:
    tokens = np.asarray(output_tokens, dtype=float)
    if np.any(tokens <= 0):
        raise ValueError(f"output_tokens must be positive; got {output_tokens!r}")
    return tokens


@keeps_series
def colocated_token_interval_s(
    step_time_s: ArrayLike,
    prefill_time_s: ArrayLike,
    batch: ArrayLike,
    output_tokens: ArrayLike,
) -> ArrayLike:
    """Mean time between one stream's tokens when the same chip also prefills [s].

    In steady state a batch of b requests, each writing O tokens, finishes b / O requests
    per decode step on average, and each is replaced by a new request whose prompt must
    be prefilled. A prefill of t_p seconds, not split into chunks, pauses every stream in
    the batch, so the mean interval is t_step + (b / O) t_p. Disaggregation moves the
    prefills to other chips and leaves t_step (tds-prefill-decode; jarvis-disagg).

    Parameters
    ----------
    step_time_s : array_like
        Decode step time t_step at batch b [s] (:func:`decode_step_time_s`).
    prefill_time_s : array_like
        Prefill time of one new request's prompt t_p [s] (:mod:`analysis.prefill`).
    batch : array_like
        Requests decoded together b [-].
    output_tokens : array_like
        Tokens each request writes O [tokens], > 0.

    Examples
    --------
    >>> from analysis import decode
    >>> # 20 ms steps, 0.5 s prefills, 32 requests of 400 tokens: 0.02 + 32 / 400 x 0.5
    >>> round(float(decode.colocated_token_interval_s(0.02, 0.5, 32, 400)), 6)
    0.06
    """
    tokens = _check_output_tokens(output_tokens)
    return np.add(step_time_s, np.divide(batch, tokens) * np.asarray(prefill_time_s, dtype=float))


@keeps_series
def prefill_gpus_per_decode_gpu(
    step_time_s: ArrayLike,
    prefill_time_s: ArrayLike,
    batch: ArrayLike,
    output_tokens: ArrayLike,
) -> ArrayLike:
    """Prefill chips needed per decode chip when the two phases run on separate pools [-].

    A decode chip holding b requests of O output tokens each admits b / (O t_step) new
    requests per second; each needs t_p seconds of a prefill chip of the same kind, so
    the prefill pool keeps pace with b t_p / (O t_step) chips per decode chip
    (jarvis-disagg). Tokens per chip over both pools, b / (t_step (1 + that ratio)),
    equal the colocated chip's b / :func:`colocated_token_interval_s`: in this ideal
    model the split buys steady streams, not more tokens per chip.

    Parameters
    ----------
    step_time_s : array_like
        Decode step time at batch b [s].
    prefill_time_s : array_like
        Prefill time of one prompt on one prefill chip [s].
    batch : array_like
        Requests per decode chip b [-].
    output_tokens : array_like
        Tokens each request writes O [tokens], > 0.

    Examples
    --------
    >>> from analysis import decode
    >>> # 32 x 0.5 s of prefill per 400 x 20 ms of decode: 16 / 8
    >>> float(decode.prefill_gpus_per_decode_gpu(0.02, 0.5, 32, 400))
    2.0
    """
    tokens = _check_output_tokens(output_tokens)
    work = np.multiply(batch, np.asarray(prefill_time_s, dtype=float))
    return work / (tokens * np.asarray(step_time_s, dtype=float))
