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

import numpy as np
from numpy.typing import ArrayLike


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
