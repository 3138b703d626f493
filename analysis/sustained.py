"""From a chip's marketing peak to its dense peak to what it sustains in each phase.

Vendors lead with the largest figure they can state: the lowest precision, often with
structured sparsity (:func:`analysis.hardware.headline_peak`). The dense peak is the
vendor's dense figure (:func:`analysis.hardware.dense_peak`, the book's one definition).
What a chip sustains then depends on the phase:

- training realises a model-FLOP utilisation (MFU) of the dense peak, 38-43% for Llama 3
  (llama3-2024);
- prefill is compute-bound and can realise a similar share;
- decode is memory-bound: its share of the dense peak is at most its arithmetic intensity
  over the chip's ridge point (:func:`decode_fraction_of_peak`, williams-roofline-2009),
  a few per cent at the batch sizes serving uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from analysis import hardware
from analysis.decode import FLOP_PER_PARAMETER_TOKEN, GIGA
from analysis.elementwise import keeps_series
from analysis.roofline import TERA


def sustained_range(
    peak: ArrayLike, fraction_low: float, fraction_high: float
) -> tuple[ArrayLike, ArrayLike]:
    """Sustained throughput range: (f_low x P, f_high x P) [unit of P].

    Parameters
    ----------
    peak : array_like
        Peak compute P [TFLOP/s], on the basis the fractions refer to.
    fraction_low, fraction_high : float
        Realised fraction of that peak [-], 0 <= low <= high <= 1.

    Examples
    --------
    >>> [float(v) for v in sustained_range(989.5, 0.38, 0.43)]
    [376.01, 425.485]
    """
    if not 0 <= fraction_low <= fraction_high <= 1:
        raise ValueError(
            f"need 0 <= fraction_low <= fraction_high <= 1; got {fraction_low}, {fraction_high}"
        )
    return np.multiply(peak, fraction_low), np.multiply(peak, fraction_high)


def decode_fraction_of_peak(
    intensity_flop_per_byte: ArrayLike, ridge_flop_per_byte: ArrayLike
) -> ArrayLike:
    """Largest share of a chip's peak that decode can use: min(1, I / I*) [-].

    Below the ridge point I* a step is memory-bound and runs at I x B = (I / I*) x P
    (williams-roofline-2009).

    Examples
    --------
    >>> round(float(decode_fraction_of_peak(47.0, 590.7)), 4)
    0.0796
    """
    return np.minimum(1.0, np.divide(intensity_flop_per_byte, ridge_flop_per_byte))


def chip_peaks(
    devices: pd.DataFrame,
    compute: pd.DataFrame,
    names: Sequence[str],
    training_precisions: Sequence[str] = ("BF16", "FP16"),
    serving_precision: str = "FP8",
) -> pd.DataFrame:
    """Per chip: the headline peak, the dense peaks of training and serving, the bandwidth.

    Parameters
    ----------
    devices : pandas.DataFrame
        :func:`analysis.hardware.device_table`.
    compute : pandas.DataFrame
        The ``accelerator_compute`` table.
    names : sequence of str
        Devices (variants) to show, in order.
    training_precisions : sequence of str
        Formats tried in turn for the training peak: the first the device has a dense
        figure for is used (AMD prints FP16 where NVIDIA prints BF16: the same rate).
    serving_precision : str
        Format of the served weights.

    Returns
    -------
    pandas.DataFrame
        One row per device: ``device``; ``headline_tera_ops_per_s`` and ``headline_basis``
        (the largest figure stated, :func:`analysis.hardware.headline_peak`, and its
        precision and sparsity label); ``training_precision`` and
        ``training_dense_tera_ops_per_s``; ``serving_dense_tera_ops_per_s``
        (:func:`analysis.hardware.dense_peak`); ``memory_bandwidth_TB_per_s``.

    Raises
    ------
    KeyError
        When a device lacks a dense figure in every training format, or at the serving one.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import sustained
    >>> devices = pd.DataFrame({"device": ["X"], "memory_bandwidth_TB_per_s": [4.0]})
    >>> compute = pd.DataFrame({"device": ["X"] * 3, "precision": ["FP16", "FP8", "FP8"],
    ...     "sparsity": ["dense", "dense", "sparse"],
    ...     "peak_tera_ops_per_s": [1000.0, 2000.0, 4000.0]})
    >>> row = sustained.chip_peaks(devices, compute, ["X"]).iloc[0]
    >>> row.headline_basis, row.training_precision, float(row.serving_dense_tera_ops_per_s)
    ('FP8 sparse', 'FP16', 2000.0)
    """
    spec = devices.set_index("device")
    rows = []
    for name in names:
        held = compute[compute["device"] == name]
        top = held.loc[held["peak_tera_ops_per_s"].idxmax()] if not held.empty else None
        trained = [p for p in training_precisions if _has_dense(compute, name, p)]
        if not trained:
            raise KeyError(
                f"accelerator_compute.csv: {name!r} has no dense figure in any of "
                f"{list(training_precisions)}"
            )
        rows.append(
            {
                "device": name,
                "headline_tera_ops_per_s": hardware.headline_peak(compute, name),
                "headline_basis": f"{top['precision']} {top['sparsity']}",
                "training_precision": trained[0],
                "training_dense_tera_ops_per_s": hardware.dense_peak(compute, name, trained[0]),
                "serving_dense_tera_ops_per_s": hardware.dense_peak(
                    compute, name, serving_precision
                ),
                "memory_bandwidth_TB_per_s": float(spec.at[name, "memory_bandwidth_TB_per_s"]),
            }
        )
    return pd.DataFrame(rows)


def _has_dense(compute: pd.DataFrame, device: str, precision: str) -> bool:
    return bool(
        (
            (compute["device"] == device)
            & (compute["precision"] == precision)
            & (compute["sparsity"] == "dense")
        ).any()
    )


@keeps_series
def achieved_tflops(
    tokens_per_s: ArrayLike, active_parameters_b: ArrayLike, chips: ArrayLike
) -> ArrayLike:
    """Useful arithmetic per chip of a measured generation rate: 2 N R / n [TFLOP/s].

    Counts the 2 FLOP per active parameter of each generated token (kaplan-2020) and
    nothing else (no attention, no prefill), so it is a lower bound on the work done.

    Parameters
    ----------
    tokens_per_s : array_like
        Output tokens generated per second by the whole server R [token/s].
    active_parameters_b : array_like
        Parameters used per token N [billions].
    chips : array_like
        Accelerators the server spreads the model over n [-].

    Examples
    --------
    >>> from analysis import sustained
    >>> # 5,000 token/s of a 70 B model on 4 GPUs: 2 x 70e9 x 5,000 / 4 = 175 TFLOP/s each
    >>> float(sustained.achieved_tflops(5000.0, 70.0, 4))
    175.0
    """
    flop_per_token = FLOP_PER_PARAMETER_TOKEN * np.multiply(active_parameters_b, GIGA)
    return np.divide(np.multiply(tokens_per_s, flop_per_token), np.multiply(chips, TERA))
