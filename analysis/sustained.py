"""From a chip's marketing peak to its dense peak to a realistic sustained range.

Vendors often quote sparse peaks, which count the 2:4 structured-sparsity mode: two of
every four weights are zero and skipped, doubling the headline figure. Dense LLM
workloads rarely use it, so the dense peak is half the sparse one (leitch-2026,
nvidia-blackwell). The note then puts real-world training at 30-50% of peak (MFU) and
sustained inference at 30-60% of the marketing peak (leitch-2026); those ranges live in
``data/sustained_ranges.csv`` and are applied here, not retyped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

# Shared with chapter 2: one definition of the 2:4 sparsity halving (nvidia-blackwell).
from analysis.hardware import SPARSITY_SPEEDUP, dense_from_sparse

__all__ = [
    "SPARSITY_SPEEDUP",
    "apply_sustained_ranges",
    "dense_from_sparse",
    "peaks_by_basis",
    "sustained_range",
]


def sustained_range(
    peak: ArrayLike, fraction_low: float, fraction_high: float
) -> tuple[ArrayLike, ArrayLike]:
    """Sustained throughput range: (f_low * P, f_high * P) [unit of P].

    Parameters
    ----------
    peak : array_like
        Peak compute P [TFLOP/s], on the basis the fractions refer to (dense or marketing).
    fraction_low, fraction_high : float
        Realised fraction of that peak [-], 0 <= low <= high <= 1.

    Examples
    --------
    >>> from analysis import sustained
    >>> # 40% to 60% of a 989 TFLOP/s peak
    >>> low, high = sustained.sustained_range(989, 0.4, 0.6)
    >>> round(float(low), 1), round(float(high), 1)
    (395.6, 593.4)
    """
    if not 0 <= fraction_low <= fraction_high <= 1:
        raise ValueError(
            f"need 0 <= fraction_low <= fraction_high <= 1; got {fraction_low}, {fraction_high}"
        )
    return np.multiply(peak, fraction_low), np.multiply(peak, fraction_high)


def peaks_by_basis(compute: pd.DataFrame, precision: str) -> pd.DataFrame:
    """Marketing and dense peaks of every device at one precision, from long compute data.

    Parameters
    ----------
    compute : pandas.DataFrame
        Rows of ``accelerator_compute``: device, precision, sparsity
        (dense|sparse|unlabelled), peak_tera_ops_per_s [TFLOP/s].
    precision : str
        E.g. ``"FP8"``.

    Returns
    -------
    pandas.DataFrame
        One row per device with: ``marketing_peak`` (the largest figure stated: sparse if
        given, else dense or unlabelled), ``marketing_basis``, ``dense_peak`` (stated
        dense, else sparse / 2, else the unlabelled figure) and ``dense_basis``
        (``stated``, ``halved from sparse`` or ``unlabelled, taken as dense``).

    Examples
    --------
    >>> from analysis import sustained
    >>> import pandas as pd
    >>> compute = pd.DataFrame({"device": ["B200", "B200"], "precision": "FP4",
    ...                         "sparsity": ["sparse", "dense"],
    ...                         "peak_tera_ops_per_s": [18000.0, 9000.0]})
    >>> peaks = sustained.peaks_by_basis(compute, "FP4")
    >>> peaks[["device", "marketing_peak", "dense_peak", "dense_basis"]]
      device  marketing_peak  dense_peak dense_basis
    0   B200         18000.0      9000.0      stated
    """
    rows = compute[compute["precision"] == precision]
    out = []
    for device, group in rows.groupby("device", sort=False):
        by = {s: g["peak_tera_ops_per_s"].max() for s, g in group.groupby("sparsity")}
        marketing_basis = max(by, key=by.get)
        if "dense" in by:
            dense, dense_basis = by["dense"], "stated"
        elif "sparse" in by:
            dense, dense_basis = dense_from_sparse(by["sparse"]), "halved from sparse"
        else:
            dense, dense_basis = by["unlabelled"], "unlabelled, taken as dense"
        out.append(
            {
                "device": device,
                "marketing_peak": by[marketing_basis],
                "marketing_basis": marketing_basis,
                "dense_peak": float(dense),
                "dense_basis": dense_basis,
            }
        )
    return pd.DataFrame(out)


def apply_sustained_ranges(peaks: pd.DataFrame, ranges: pd.DataFrame) -> pd.DataFrame:
    """Add realistic training and inference ranges to a table of peaks.

    Parameters
    ----------
    peaks : pandas.DataFrame
        Output of :func:`peaks_by_basis` (``marketing_peak``, ``dense_peak``).
    ranges : pandas.DataFrame
        ``sustained_ranges`` table: workload, fraction_of_peak_low/high, peak_basis
        (``dense`` or ``marketing``): the peak each fraction applies to.

    Returns
    -------
    pandas.DataFrame
        ``peaks`` with ``<workload>_low`` and ``<workload>_high`` columns [TFLOP/s] and
        ``<workload>_high_over_dense`` (the high end as a fraction of the dense peak;
        above 1 means the range implies more than the chip can do densely).

    Examples
    --------
    >>> from analysis import sustained
    >>> import pandas as pd
    >>> peaks = pd.DataFrame({"device": ["H100"], "marketing_peak": [1979.0],
    ...                       "dense_peak": [989.0]})
    >>> ranges = pd.DataFrame({"workload": ["inference"], "fraction_of_peak_low": [0.4],
    ...                        "fraction_of_peak_high": [0.6], "peak_basis": ["dense"]})
    >>> out = sustained.apply_sustained_ranges(peaks, ranges)
    >>> out[["inference_low", "inference_high"]].round(1).to_numpy().tolist()
    [[395.6, 593.4]]
    """
    out = peaks.copy()
    for row in ranges.itertuples(index=False):
        column = {"dense": "dense_peak", "marketing": "marketing_peak"}.get(row.peak_basis)
        if column is None:
            raise ValueError(f"peak_basis {row.peak_basis!r}: expected 'dense' or 'marketing'")
        low, high = sustained_range(
            out[column], row.fraction_of_peak_low, row.fraction_of_peak_high
        )
        out[f"{row.workload}_low"] = low
        out[f"{row.workload}_high"] = high
        out[f"{row.workload}_high_over_dense"] = high / out["dense_peak"]
    return out
