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

    Examples
    --------
    >>> from analysis import collectives
    >>> # 8 ranks each move 2 x 7 / 8 of the message
    >>> float(collectives.ring_allreduce_factor(8))
    1.75
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

    Examples
    --------
    >>> from analysis import collectives
    >>> # 140 GB of BF16 gradients (70 B parameters) on 8 GPUs at 400 GB/s bus bandwidth
    >>> round(float(collectives.ring_allreduce_time_s(140, 8, 400)), 6)
    0.6125
    """
    p = np.asarray(participants, dtype=float)
    bandwidth_term = ring_allreduce_factor(p) * np.divide(message_GB, bus_bandwidth_GB_per_s)
    return 2.0 * (p - 1.0) * np.asarray(step_latency_s, dtype=float) + bandwidth_term


def node_bus_bandwidth_limit_GB_per_s(
    nics_per_node: ArrayLike, nic_bandwidth_GB_per_s: ArrayLike
) -> ArrayLike:
    """Upper bound on NCCL bus bandwidth across nodes: NICs per node x one NIC's rate [GB/s].

    NCCL builds one ring per NIC, and each ring crosses from node to node once, so a
    multi-node all-reduce spreads the node's inter-node traffic over all its NICs; per-rank
    bus bandwidth (nccl-tests-performance) can approach their sum, not one NIC's rate.

    Examples
    --------
    >>> float(node_bus_bandwidth_limit_GB_per_s(8, 50.0))
    400.0
    """
    return np.multiply(nics_per_node, nic_bandwidth_GB_per_s)


@keeps_series
def algorithm_bandwidth_GB_per_s(
    bus_bandwidth_GB_per_s: ArrayLike, participants: ArrayLike
) -> ArrayLike:
    """All-reduce algorithm bandwidth algbw = busbw · p / (2(p-1)) [GB/s].

    Source: nccl-tests-performance.

    Examples
    --------
    >>> from analysis import collectives
    >>> float(collectives.algorithm_bandwidth_GB_per_s(350, 8))
    200.0
    """
    return np.divide(bus_bandwidth_GB_per_s, ring_allreduce_factor(participants))


def line_rate_GB_per_s(nic_count: ArrayLike, nic_line_rate_Gb_per_s: ArrayLike) -> ArrayLike:
    """Total line rate of ``nic_count`` links: n · R / 8 [GB/s] (8 bits per byte).

    Examples
    --------
    >>> from analysis import collectives
    >>> # eight 400 Gb/s NICs
    >>> float(collectives.line_rate_GB_per_s(8, 400))
    400.0
    """
    return np.multiply(nic_count, nic_line_rate_Gb_per_s) / BITS_PER_BYTE


def gradient_size_GB(parameters_billion: ArrayLike, bytes_per_value: ArrayLike) -> ArrayLike:
    """Size of one full gradient: N · bytes per value [GB] (N in 1e9 parameters).

    Examples
    --------
    >>> from analysis import collectives
    >>> # 70 B parameters in BF16
    >>> float(collectives.gradient_size_GB(70, 2))
    140.0
    """
    return np.multiply(parameters_billion, bytes_per_value)


def transfer_time_s(size_GB: ArrayLike, bandwidth_GB_per_s: ArrayLike) -> ArrayLike:
    """Time to move ``size_GB`` at ``bandwidth_GB_per_s``: S / B [s].

    Examples
    --------
    >>> from analysis import collectives
    >>> float(collectives.transfer_time_s(140, 50))
    2.8
    """
    return np.divide(size_GB, bandwidth_GB_per_s)


@keeps_series
def busbw_bound_GB_per_s(
    nics_per_node: ArrayLike, nic_bandwidth_GB_per_s: ArrayLike, rings_per_node: ArrayLike = 1
) -> ArrayLike:
    """Bound on a ring's per-rank bus bandwidth across servers: n B / r [GB/s].

    A node's n NICs carry B each way each. When all the node's GPUs sit in one ring, NCCL
    spreads the ring's inter-node traffic over all n NICs
    (:func:`node_bus_bandwidth_limit_GB_per_s`, r = 1). When the node's GPUs belong to r
    different rings that run at once (the data-parallel groups of a layout with tensor
    parallelism inside the server: one GPU of each server in each group), the NICs are
    shared r ways (nccl-tests-performance).

    Parameters
    ----------
    nics_per_node : array_like
        Network cards per server n [-].
    nic_bandwidth_GB_per_s : array_like
        One card's rate in one direction B [GB/s].
    rings_per_node : array_like, optional
        Rings running at once through the server r [-].

    Examples
    --------
    >>> from analysis import collectives
    >>> # eight 50 GB/s NICs: one ring gets 400 GB/s; eight concurrent rings 50 GB/s each
    >>> collectives.busbw_bound_GB_per_s(8, 50.0, [1, 8]).tolist()
    [400.0, 50.0]
    """
    if np.any(np.less(rings_per_node, 1)):
        raise ValueError(f"rings per node must be at least 1; got {rings_per_node}")
    return np.divide(np.multiply(nics_per_node, nic_bandwidth_GB_per_s), rings_per_node)


#: Factor from a figure stated per direction label to one direction.
_ONE_WAY_FACTOR = {"one_way": 1.0, "bidirectional": 0.5}


@keeps_series
def one_way_GB_per_s(bandwidth_GB_per_s: ArrayLike, direction: object) -> ArrayLike:
    """A link figure in one direction [GB/s]: half a bidirectional sum, a one-way rate as is.

    NVIDIA states NVLink per GPU as both directions added (1.8 TB/s = 900 GB/s each way,
    nvidia-nvlink); a NIC's 400 Gb/s is 50 GB/s in each direction. Comparing like with
    like means one direction for both. A direction that is not stated gives NaN.

    Parameters
    ----------
    bandwidth_GB_per_s : array_like
        The figure as stated [GB/s].
    direction : str or sequence of str
        ``one_way``, ``bidirectional`` or ``not_stated`` (table fabrics).

    Examples
    --------
    >>> from analysis import collectives
    >>> collectives.one_way_GB_per_s([1800.0, 50.0], ["bidirectional", "one_way"]).tolist()
    [900.0, 50.0]
    """
    labels = np.asarray(direction, dtype=object)
    factor = np.vectorize(lambda d: _ONE_WAY_FACTOR.get(d, np.nan), otypes=[float])(labels)
    return np.multiply(bandwidth_GB_per_s, factor)
