"""Speculative decoding: a cheap draft proposes tokens, the large model checks them at once.

A draft model proposes k tokens; the target model scores all k in one forward pass and
keeps the longest accepted prefix plus one token of its own. If each draft token is
accepted independently with probability a, the expected tokens per verification step is
E = (1 - a^(k+1)) / (1 - a) (leviathan-2023, eq. 1). If one draft step costs c times a
target step, a cycle costs k c + 1 target steps, so the walltime speedup over plain
decoding is E / (k c + 1) (leviathan-2023, theorem 3.8). Both assume the verification
pass costs the same as one ordinary decode step, which holds while decode is
memory-bound (small batches).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series


def _check_acceptance(acceptance_rate: ArrayLike) -> np.ndarray:
    a = np.asarray(acceptance_rate, dtype=float)
    if np.any((a < 0) | (a > 1)):
        raise ValueError(f"acceptance_rate must be in [0, 1] (a fraction); got {acceptance_rate!r}")
    return a


@keeps_series
def expected_tokens_per_step(acceptance_rate: ArrayLike, draft_tokens: ArrayLike) -> ArrayLike:
    """Expected tokens produced per verification step: (1 - a^(k+1)) / (1 - a) [token].

    Parameters
    ----------
    acceptance_rate : array_like
        Probability a that the target model accepts one draft token [-], in [0, 1].
    draft_tokens : array_like
        Draft length k [tokens] proposed per step.

    Returns
    -------
    array_like
        E [token per step], between 1 (nothing accepted) and k + 1 (all accepted);
        the limit k + 1 is returned at a = 1 (leviathan-2023).

    Examples
    --------
    >>> from analysis import speculative
    >>> # acceptance 0.8, 4 draft tokens: 1 + 0.8 + 0.64 + 0.512 + 0.4096
    >>> round(float(speculative.expected_tokens_per_step(0.8, 4)), 4)
    3.3616
    """
    a = _check_acceptance(acceptance_rate)
    k = np.asarray(draft_tokens, dtype=float)
    if np.any(k < 0):
        raise ValueError(f"draft_tokens must be >= 0; got {draft_tokens!r}")
    safe = np.where(a == 1, 0.5, a)  # NaN stays NaN: no silent number for a missing rate
    geometric = (1.0 - safe ** (k + 1.0)) / (1.0 - safe)
    return np.where(a == 1, k + 1.0, geometric)[()]  # [()]: a scalar for scalar input


@keeps_series
def speculative_speedup(
    acceptance_rate: ArrayLike, draft_tokens: ArrayLike, draft_cost_ratio: ArrayLike
) -> ArrayLike:
    """Walltime speedup over plain decoding: E / (k c + 1) [-] (leviathan-2023).

    Parameters
    ----------
    acceptance_rate : array_like
        Per-token acceptance probability a [-].
    draft_tokens : array_like
        Draft length k [tokens].
    draft_cost_ratio : array_like
        Time of one draft step over one target step c [-] (0 for a free draft).

    Examples
    --------
    >>> from analysis import speculative
    >>> # the same, each draft step costing 5% of a target step
    >>> round(float(speculative.speculative_speedup(0.8, 4, 0.05)), 3)
    2.801
    """
    c = np.asarray(draft_cost_ratio, dtype=float)
    if np.any(c < 0):
        raise ValueError(f"draft_cost_ratio must be >= 0; got {draft_cost_ratio!r}")
    k = np.asarray(draft_tokens, dtype=float)
    return expected_tokens_per_step(acceptance_rate, k) / (k * c + 1.0)


def best_draft_length(
    acceptance_rate: float, draft_cost_ratio: float, max_draft_tokens: int = 16
) -> tuple[int, float]:
    """Draft length k in 1..max_draft_tokens with the largest speedup, and that speedup.

    Parameters
    ----------
    acceptance_rate : float
        Per-token acceptance probability a [-].
    draft_cost_ratio : float
        Draft step time over target step time c [-].
    max_draft_tokens : int
        Longest draft considered [tokens].

    Examples
    --------
    >>> from analysis import speculative
    >>> k, speedup = speculative.best_draft_length(0.8, 0.05, 8)
    >>> k, round(speedup, 3)
    (8, 3.092)
    """
    k = np.arange(1, max_draft_tokens + 1)
    speedups = speculative_speedup(acceptance_rate, k, draft_cost_ratio)
    best = int(np.argmax(speedups))
    return int(k[best]), float(speedups[best])
