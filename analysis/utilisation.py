"""Utilisation: how much of a cluster's time and arithmetic a training run uses.

Two shares, both from Meta's report on training Llama 3 (llama3-2024): effective
training time, the share of wall-clock time the job is making progress, and model FLOPs
utilisation (MFU), the share of the GPUs' peak arithmetic it achieves while running.
Together with the run's compute they give its duration. Neither is a share of power:
an idle or waiting GPU still draws power, so electrical load comes from
:mod:`analysis.power_model` and load shapes from :mod:`analysis.load_shapes`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.elementwise import keeps_series

TERA = 1e12
SECONDS_PER_DAY = 86_400.0


@keeps_series
def days_to_train(
    compute_FLOP: ArrayLike,
    accelerators: ArrayLike,
    peak_tflops: ArrayLike,
    mfu: ArrayLike,
    effective_training_time: ArrayLike,
) -> ArrayLike:
    """Wall-clock days to deliver a training run's compute [d].

    t = C / (N * P * MFU * f_eff) / 86,400, where N * P * MFU is the rate while the job
    runs and f_eff the share of wall-clock time it is running (llama3-2024).

    Parameters
    ----------
    compute_FLOP : array_like
        Training compute C [FLOP] (3.8e25 for Llama 3.1 405B, llama3-2024).
    accelerators : array_like
        GPUs in the cluster N [-].
    peak_tflops : array_like
        Peak dense compute of one GPU P [TFLOP/s] at the run's precision.
    mfu : array_like
        Model FLOPs utilisation [fraction], achieved over peak while running.
    effective_training_time : array_like
        Share of wall-clock time spent training [fraction].

    Examples
    --------
    >>> # 3.8e25 FLOP on 16,384 GPUs of 989.5 TFLOP/s at 40% MFU, training 90% of the time
    >>> round(float(days_to_train(3.8e25, 16384, 989.5, 0.40, 0.90)), 1)
    75.4
    """
    for name, value in (("mfu", mfu), ("effective_training_time", effective_training_time)):
        if np.any(np.less_equal(value, 0)) or np.any(np.greater(value, 1)):
            raise ValueError(f"{name} is a fraction in (0, 1]; got {value}")
    rate_flop_per_s = (
        np.multiply(accelerators, peak_tflops) * TERA * np.multiply(mfu, effective_training_time)
    )
    return np.divide(compute_FLOP, rate_flop_per_s) / SECONDS_PER_DAY
