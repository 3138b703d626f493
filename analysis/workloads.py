"""Training and inference workloads: compute, data, memory and growth (chapter 1).

Sources: the 6·N·D training-compute approximation (kaplan-2020), the compute-optimal
ratio of about 20 tokens per parameter (chinchilla-2022), mixed-precision Adam memory
accounting (rajbhandari-zero-2020, micikevicius-mixed-2018), Llama 3.1 405B's reported
figures (llama3-2024), the frontier compute trend (epoch-trends).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from analysis.data import load, lookup
from analysis.elementwise import keeps_series

#: Forward pass ~2 FLOP per parameter per token, backward ~4 (kaplan-2020).
TRAINING_FLOP_PER_PARAMETER_TOKEN = 6.0
MONTHS_PER_YEAR = 12.0


def training_compute_flop(parameters: ArrayLike, tokens: ArrayLike) -> ArrayLike:
    """Training compute C = 6 N D [FLOP] of a dense transformer (kaplan-2020).

    Parameters
    ----------
    parameters : array_like
        Trainable parameters N [-].
    tokens : array_like
        Training tokens D [-].
    """
    return TRAINING_FLOP_PER_PARAMETER_TOKEN * np.multiply(parameters, tokens)


def tokens_per_parameter(tokens: ArrayLike, parameters: ArrayLike) -> ArrayLike:
    """Training tokens per parameter D / N [-] (chinchilla-2022 puts the optimum near 20)."""
    return np.divide(tokens, parameters)


@keeps_series
def compute_at_ratio_flop(parameters: ArrayLike, tokens_per_param: ArrayLike) -> ArrayLike:
    """Compute of a run with D = r N tokens: C = 6 r N² [FLOP] (kaplan-2020, chinchilla-2022).

    Parameters
    ----------
    parameters : array_like
        Parameters N [-].
    tokens_per_param : array_like
        Ratio r = D / N [-], e.g. 20 for Chinchilla-optimal.
    """
    parameters = np.asarray(parameters, dtype=float)
    return training_compute_flop(parameters, np.multiply(tokens_per_param, parameters))


def growth_factor(doubling_months: ArrayLike, period_months: ArrayLike) -> ArrayLike:
    """Growth over a period for a quantity that doubles every ``doubling_months``: 2^(T/τ) [-].

    Parameters
    ----------
    doubling_months : array_like
        Doubling time τ [months] (5.2 for frontier training compute, epoch-trends).
    period_months : array_like
        Period T [months].
    """
    return np.power(2.0, np.divide(period_months, doubling_months))


def resident_memory_gb(parameters_b: ArrayLike, bytes_per_parameter: ArrayLike) -> ArrayLike:
    """Memory to hold a model's per-parameter state [GB] = N [1e9] x bytes per parameter.

    Parameters
    ----------
    parameters_b : array_like
        Parameters [1e9].
    bytes_per_parameter : array_like
        Bytes stored per parameter [B], e.g. 2 for BF16 weights, 16 for mixed-precision
        Adam training (rajbhandari-zero-2020).

    Returns
    -------
    array_like
        Memory [GB], 1 GB = 1e9 B. Activations, KV cache and buffers are excluded.

    Notes
    -----
    For a mixture-of-experts model pass the *total* parameters: any token may be routed to
    any expert, so every expert must be resident (deepseek-v3).
    """
    return np.multiply(parameters_b, bytes_per_parameter)


def training_bytes_per_parameter(components: pd.DataFrame | None = None) -> float:
    """Bytes per parameter of mixed-precision Adam training [B]: sum of the components.

    Weights and gradients in BF16 (2 + 2), FP32 master weights (4) and two FP32 Adam
    moments (4 + 4) make 16 B (rajbhandari-zero-2020), from table ``training_memory``.
    """
    frame = load("training_memory") if components is None else components
    return float(frame["bytes_per_parameter"].sum())


def tokens_per_second(tokens: ArrayLike, seconds: ArrayLike) -> ArrayLike:
    """Average generation rate [token/s] of a query that emits ``tokens`` in ``seconds``."""
    return np.divide(tokens, seconds)


def workload_figure(name: str) -> float:
    """A figure of table ``workload_figures`` by its identifier (value in its stated unit)."""
    return float(lookup(load("workload_figures"), "figure", name, "value"))
