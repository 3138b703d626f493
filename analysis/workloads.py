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

    Examples
    --------
    >>> from analysis import workloads
    >>> # Llama 3.1 405B: 405e9 parameters, 15.6e12 tokens
    >>> c = workloads.training_compute_flop(405e9, 15.6e12)
    >>> print(f"{c:.3g} FLOP")
    3.79e+25 FLOP
    """
    return TRAINING_FLOP_PER_PARAMETER_TOKEN * np.multiply(parameters, tokens)


def tokens_per_parameter(tokens: ArrayLike, parameters: ArrayLike) -> ArrayLike:
    """Training tokens per parameter D / N [-] (chinchilla-2022 puts the optimum near 20).

    Examples
    --------
    >>> from analysis import workloads
    >>> round(float(workloads.tokens_per_parameter(15.6e12, 405e9)), 1)
    38.5
    """
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

    Examples
    --------
    >>> from analysis import workloads
    >>> # 6 x 20 x (70e9)^2: a 70 B model at the Chinchilla-optimal 20 tokens per parameter
    >>> print(f"{workloads.compute_at_ratio_flop(70e9, 20):.3g} FLOP")
    5.88e+23 FLOP
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

    Examples
    --------
    >>> from analysis import workloads
    >>> # doubling every 6 months: 4x a year
    >>> float(workloads.growth_factor(6, 12))
    4.0
    """
    return np.power(2.0, np.divide(period_months, doubling_months))


def doubling_months(growth_per_year: ArrayLike) -> ArrayLike:
    """Doubling time of a quantity growing ``growth_per_year`` times a year: 12 ln2 / ln g [months].

    Examples
    --------
    >>> round(float(doubling_months(5.0)), 2), round(float(doubling_months(4.0)), 2)
    (5.17, 6.0)
    """
    return np.divide(MONTHS_PER_YEAR * np.log(2.0), np.log(growth_per_year))


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

    Examples
    --------
    >>> from analysis import workloads
    >>> # 70 billion parameters at 2 bytes (BF16)
    >>> float(workloads.resident_memory_gb(70, 2))
    140.0
    """
    return np.multiply(parameters_b, bytes_per_parameter)


def training_bytes_per_parameter(components: pd.DataFrame) -> float:
    """Bytes per parameter of mixed-precision Adam training [B]: sum of the components.

    Weights and gradients in 16-bit floats (2 + 2), FP32 master weights (4) and two FP32
    Adam moments (4 + 4) make 16 B (rajbhandari-zero-2020); pass table ``training_memory``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import workloads
    >>> parts = pd.DataFrame({"bytes_per_parameter": [2.0, 2.0, 4.0, 4.0, 4.0]})
    >>> workloads.training_bytes_per_parameter(parts)
    16.0
    """
    return float(components["bytes_per_parameter"].sum())


def tokens_per_second(tokens: ArrayLike, seconds: ArrayLike) -> ArrayLike:
    """Average generation rate [token/s] of a query that emits ``tokens`` in ``seconds``.

    Examples
    --------
    >>> from analysis import workloads
    >>> # 1,000 tokens in 20 s
    >>> float(workloads.tokens_per_second(1000, 20))
    50.0
    """
    return np.divide(tokens, seconds)


#: Years in a decade, for growth "per decade".
YEARS_PER_DECADE = 10.0


def compound_growth(growth_per_year: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Growth over ``years`` at ``growth_per_year`` times a year: g^T [-].

    Parameters
    ----------
    growth_per_year : array_like
        Growth factor per year g [-] (4-5 for frontier training compute, epoch-compute-4-5x).
    years : array_like
        Period T [years].

    Examples
    --------
    >>> from analysis import workloads
    >>> # 4x a year for a decade: 4^10
    >>> float(workloads.compound_growth(4.0, workloads.YEARS_PER_DECADE))
    1048576.0
    """
    return np.power(growth_per_year, years)
