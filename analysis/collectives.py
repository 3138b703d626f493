"""Collective communication: how long a gradient all-reduce takes on a given fabric.

Data-parallel training sums every GPU's gradients after each step (an all-reduce). The
ring algorithm is bandwidth-optimal: each of p ranks sends and receives 2(p-1)/p times the
message size S, so with per-rank link bandwidth B its time is
t = 2(p-1) * alpha + 2(p-1)/p * S / B, alpha being the per-step latency
(patarasuk-allreduce-2009).

Bandwidth definitions (nccl-tests-performance). NCCL's tests report two figures:

- algorithm bandwidth, algbw = S / t;
- bus bandwidth, busbw = algbw * 2(p-1)/p, which is the per-rank B of the formula above.

So a measured busbw goes straight into t = 2(p-1)/p * S / busbw; a measured algbw goes into
t = S / algbw. The note's 8 x H100 InfiniBand and RoCE figures are bus bandwidths.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

GIGA = 1e9
BITS_PER_BYTE = 8


@keeps_series
def ring_allreduce_factor(participants: ArrayLike) -> ArrayLike:
    """Data each rank moves in a ring all-reduce, per byte of message: 2(p-1)/p [-].

    Tends to 2 as p grows (patarasuk-allreduce-2009).
    """
    p = np.asarray(participants, dtype=float)
    if np.any(p < 2):
        raise ValueError(f"an all-reduce needs at least 2 participants; got {participants}")
    return 2.0 * (p - 1.0) / p


@keeps_series
def ring_allreduce_time_s(
    message_GB: ArrayLike,
    participants: ArrayLike,
    bus_bandwidth_GB_per_s: ArrayLike,
    step_latency_s: ArrayLike = 0.0,
) -> ArrayLike:
    """Ring all-reduce time t = 2(p-1)·alpha + 2(p-1)/p · S / busbw [s].

    Parameters
    ----------
    message_GB : array_like
        Size S of the array each rank contributes [GB] (1 GB = 1e9 B), e.g. the gradients.
    participants : array_like
        Ranks p in the ring (GPUs), at least 2.
    bus_bandwidth_GB_per_s : array_like
        NCCL bus bandwidth busbw [GB/s], i.e. the per-rank link bandwidth B of
        patarasuk-allreduce-2009 (nccl-tests-performance).
    step_latency_s : array_like, optional
        Latency alpha of each of the 2(p-1) ring steps [s]; 0 gives the bandwidth term only.
    """
    p = np.asarray(participants, dtype=float)
    bandwidth_term = ring_allreduce_factor(p) * np.divide(message_GB, bus_bandwidth_GB_per_s)
    return 2.0 * (p - 1.0) * np.asarray(step_latency_s, dtype=float) + bandwidth_term


@keeps_series
def algorithm_bandwidth_GB_per_s(
    bus_bandwidth_GB_per_s: ArrayLike, participants: ArrayLike
) -> ArrayLike:
    """All-reduce algorithm bandwidth algbw = busbw · p / (2(p-1)) [GB/s].

    Source: nccl-tests-performance.
    """
    return np.divide(bus_bandwidth_GB_per_s, ring_allreduce_factor(participants))


def line_rate_GB_per_s(nic_count: ArrayLike, nic_line_rate_Gb_per_s: ArrayLike) -> ArrayLike:
    """Total line rate of ``nic_count`` links: n · R / 8 [GB/s] (8 bits per byte)."""
    return np.multiply(nic_count, nic_line_rate_Gb_per_s) / BITS_PER_BYTE


def gradient_size_GB(parameters_B: ArrayLike, bytes_per_value: ArrayLike) -> ArrayLike:
    """Size of one full gradient: N · bytes per value [GB] (N in 1e9 parameters)."""
    return np.multiply(parameters_B, bytes_per_value)


def transfer_time_s(size_GB: ArrayLike, bandwidth_GB_per_s: ArrayLike) -> ArrayLike:
    """Time to move ``size_GB`` at ``bandwidth_GB_per_s``: S / B [s]."""
    return np.divide(size_GB, bandwidth_GB_per_s)
