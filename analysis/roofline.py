"""The roofline model: when a chip is limited by arithmetic and when by memory.

Attainable throughput at arithmetic intensity I is min(P, I * B) for peak compute P and
memory bandwidth B (williams-roofline-2009). The ridge point I* = P / B [FLOP/B] is the
intensity at which the two limits meet: below it a kernel is memory-bound. LLM decode
reads every weight once per step and does about 2 FLOP per weight per sequence in the
batch, which puts it far below the ridge of every current accelerator (nvidia-inference).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

TERA = 1e12


def ridge_point_flop_per_byte(peak_tflops: ArrayLike, bandwidth_tb_per_s: ArrayLike) -> ArrayLike:
    """Ridge point I* = P / B [FLOP/B] (williams-roofline-2009).

    Parameters
    ----------
    peak_tflops : array_like
        Peak compute P [TFLOP/s] at one precision; say whether dense or sparse.
    bandwidth_tb_per_s : array_like
        Memory bandwidth B [TB/s] (decimal: 1 TB/s = 1e12 B/s).

    Returns
    -------
    array_like
        Arithmetic intensity at the ridge [FLOP/B]; TFLOP/s over TB/s, the 1e12 cancels.

    Examples
    --------
    >>> from analysis import roofline
    >>> # H100 SXM: 989 TFLOP/s dense BF16, 3.35 TB/s
    >>> round(float(roofline.ridge_point_flop_per_byte(989, 3.35)), 1)
    295.2
    """
    return np.divide(peak_tflops, bandwidth_tb_per_s)


def attainable_tflops(
    intensity_flop_per_byte: ArrayLike, peak_tflops: ArrayLike, bandwidth_tb_per_s: ArrayLike
) -> ArrayLike:
    """Attainable compute min(P, I * B) [TFLOP/s] at intensity I (williams-roofline-2009).

    Parameters
    ----------
    intensity_flop_per_byte : array_like
        Arithmetic intensity I [FLOP/B] of the kernel.
    peak_tflops : array_like
        Peak compute P [TFLOP/s].
    bandwidth_tb_per_s : array_like
        Memory bandwidth B [TB/s].

    Examples
    --------
    >>> from analysis import roofline
    >>> import numpy as np
    >>> # below the ridge the chip gets I x B; above it, its peak
    >>> roofline.attainable_tflops(np.array([10.0, 1000.0]), 989, 3.35).tolist()
    [33.5, 989.0]
    """
    return np.minimum(peak_tflops, np.multiply(intensity_flop_per_byte, bandwidth_tb_per_s))


def decode_ceiling_tokens_per_s(
    bandwidth_tb_per_s: ArrayLike, bytes_per_token_gb: ArrayLike
) -> ArrayLike:
    """Upper bound on one decode stream's speed: B / bytes read per token [token/s].

    Each generated token reads all resident weights (and the request's KV cache) from
    memory once, so a single stream cannot exceed bandwidth over bytes per token
    (nvidia-inference). The note's example: B200, 8 TB/s, a 70 B model at FP8 (~70 GB):
    8e12 / 70e9 = 114 token/s.

    Parameters
    ----------
    bandwidth_tb_per_s : array_like
        Memory bandwidth [TB/s] (1 TB/s = 1e12 B/s).
    bytes_per_token_gb : array_like
        Bytes read per generated token [GB] (1 GB = 1e9 B): weights plus KV cache.

    Examples
    --------
    >>> from analysis import roofline
    >>> # 3.35 TB/s reading 70 GB of FP8 weights per token
    >>> round(float(roofline.decode_ceiling_tokens_per_s(3.35, 70)), 1)
    47.9
    """
    return np.multiply(bandwidth_tb_per_s, TERA) / np.multiply(bytes_per_token_gb, 1e9)
