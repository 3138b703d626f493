"""Accelerator specifications: one row per device, like-for-like compute, efficiency, growth.

The data layer holds three tables (``data/``): ``accelerators`` (what each device or
variant is), ``accelerator_specs`` (memory, bandwidth, power, each value with its
document, locator and verification) and ``accelerator_compute`` (peak compute by
precision, labelled dense, sparse or unlabelled as the vendor labels it).
:func:`device_table` joins the first two into one row per device; the other functions
are small pure computations on those columns.

Memory capacity. Vendors print HBM and other DRAM capacities as "GB", but memory stacks
are built in binary sizes and the figure is a binary one: an "80 GB" A100 reports
81,920 MiB to its driver, and the vendors that print the unit explicitly print GiB
(AMD's ROCm specification table, AWS's Neuron documentation, Google's TPU pages).
:func:`capacity_GiB` therefore reads a printed "GB" capacity as GiB. A rack's "TB" is a
thousand of the same units: NVIDIA's 13.4 TB for GB200 NVL72 is 72 x 186 "GB". Fits
(does a model fit, how many requests' KV cache) use that binary capacity, in bytes or
decimal GB. Bandwidths are decimal (TB/s = 1e12 B/s) as printed.

Peak compute. There is one definition of a chip's dense peak, :func:`dense_peak`: the
dense figure the vendor prints, or half the sparse one where the vendor states that
dense is one half (``derivation == "half_of_sparse"`` in the data). Nothing here halves a
sparse or unlabelled figure on its own authority: Blackwell Ultra's and Rubin's FP4
sparse figures are not twice their dense ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

#: accelerator_specs quantity -> column of :func:`device_table` (unit in the name).
SPEC_COLUMNS: dict[str, str] = {
    "memory_bandwidth": "memory_bandwidth_TB_per_s",
    "power": "tdp_W",
    "power_provisioned": "power_provisioned_W",
    "sram": "sram_MB",
    "cores": "cores",
    "pod_chips": "pod_chips",
    "process_node": "process_node_nm",
    "host_cpus": "host_cpus",
}

BYTES_PER_GIB = 2**30
BYTES_PER_TIB = 2**40


def capacity_GiB(value: ArrayLike, unit: str) -> ArrayLike:
    """A memory capacity as printed, in GiB [GiB].

    ``unit`` is the printed unit: ``"GiB"`` is taken as it is; ``"GB"`` printed for a
    memory capacity is binary in practice (see the module docstring) and read as GiB;
    a rack total printed in ``"TB"`` is a thousand of those units (13.4 TB = 72 x 186).

    Examples
    --------
    >>> float(capacity_GiB(80.0, "GB")), float(capacity_GiB(13.4, "TB"))
    (80.0, 13400.0)
    """
    factors = {"GiB": 1.0, "GB": 1.0, "TB": 1000.0}
    if unit not in factors:
        raise ValueError(f"capacity_GiB: unit {unit!r}; expected one of {list(factors)}")
    return np.multiply(value, factors[unit])


def gib_to_gb(capacity: ArrayLike) -> ArrayLike:
    """Binary GiB to decimal GB: C_GB = C_GiB x 2^30 / 1e9 [GB].

    Examples
    --------
    >>> round(float(gib_to_gb(80.0)), 2)
    85.9
    """
    return np.multiply(capacity, BYTES_PER_GIB / 1e9)


def device_table(accelerators: pd.DataFrame, specs: pd.DataFrame) -> pd.DataFrame:
    """One row per device: identity columns, then each specification with its provenance.

    Parameters
    ----------
    accelerators : pandas.DataFrame
        The ``accelerators`` table.
    specs : pandas.DataFrame
        The ``accelerator_specs`` table (long: device, quantity, value, unit, ...).

    Returns
    -------
    pandas.DataFrame
        ``accelerators``' columns plus ``memory_stated`` and ``memory_stated_unit`` (as
        printed), ``memory_GiB`` (binary capacity used for fits), ``memory_GB`` (the same
        capacity in decimal GB), ``memory_bandwidth_TB_per_s``, ``tdp_W``,
        ``power_provisioned_W``, ``sram_MB``, ``cores``..., and for each of these a
        ``<column>_verified``, ``<column>_source`` and ``<column>_locator`` column. NaN
        where no value is held.
    """
    table = accelerators.copy()
    unknown = sorted(set(specs["device"]) - set(table["device"]))
    if unknown:
        raise KeyError(f"accelerator_specs.csv names devices not in accelerators.csv: {unknown}")
    memory = specs[specs["quantity"] == "memory"].set_index("device")
    table["memory_stated"] = table["device"].map(memory["value"])
    table["memory_stated_unit"] = table["device"].map(memory["unit"])
    table["memory_GiB"] = [
        capacity_GiB(v, u) if isinstance(u, str) else np.nan
        for v, u in zip(table["memory_stated"], table["memory_stated_unit"], strict=True)
    ]
    table["memory_GB"] = gib_to_gb(table["memory_GiB"])
    table["memory_GiB_verified"] = table["device"].map(memory["verified"])
    table["memory_GiB_source"] = table["device"].map(memory["source"])
    table["memory_GiB_locator"] = table["device"].map(memory["source_locator"])
    for quantity, column in SPEC_COLUMNS.items():
        rows = specs[specs["quantity"] == quantity].set_index("device")
        table[column] = table["device"].map(rows["value"]).astype(float)
        table[f"{column}_verified"] = table["device"].map(rows["verified"])
        table[f"{column}_source"] = table["device"].map(rows["source"])
        table[f"{column}_locator"] = table["device"].map(rows["source_locator"])
    return table


def peak(compute: pd.DataFrame, device: str, precision: str, sparsity: str) -> float:
    """The peak [TFLOP/s or TOPS] of ``device`` at ``precision`` and ``sparsity``.

    Raises a :class:`KeyError` that names the missing combination and what the table holds.
    """
    rows = compute[
        (compute["device"] == device)
        & (compute["precision"] == precision)
        & (compute["sparsity"] == sparsity)
    ]
    if len(rows) != 1:
        held = compute.loc[compute["device"] == device, ["precision", "sparsity"]]
        have = ", ".join(f"{p} {s}" for p, s in held.itertuples(index=False)) or "nothing"
        raise KeyError(
            f"accelerator_compute.csv: no single row for {device!r} {precision} {sparsity}; "
            f"it holds: {have}"
        )
    return float(rows["peak_tera_ops_per_s"].iloc[0])


def dense_peak(compute: pd.DataFrame, device: str, precision: str) -> float:
    """The dense peak of ``device`` at ``precision`` [TFLOP/s or TOPS]: the book's one definition.

    The vendor's dense figure, printed or stated as one half of the sparse one (the data's
    ``derivation`` column says which). A device with only sparse or unlabelled figures at
    that precision has no dense peak here: a :class:`KeyError` says so.
    """
    return peak(compute, device, precision, "dense")


def dense_peaks(compute: pd.DataFrame, precision: str) -> pd.Series:
    """Dense peak of every device that has one at ``precision`` [TFLOP/s], by device."""
    rows = compute[(compute["precision"] == precision) & (compute["sparsity"] == "dense")]
    return rows.set_index("device")["peak_tera_ops_per_s"].rename(f"dense_{precision}")


def headline_peak(compute: pd.DataFrame, device: str) -> float:
    """The largest figure stated for ``device`` at any precision or sparsity [TFLOP/s or TOPS].

    The number a vendor leads with: usually the lowest precision, with sparsity.
    """
    rows = compute.loc[compute["device"] == device, "peak_tera_ops_per_s"]
    if rows.empty:
        raise KeyError(f"accelerator_compute.csv has no figure for {device!r}")
    return float(rows.max())


def sparsity_gain(compute: pd.DataFrame, device: str, precision: str) -> float:
    """Stated sparse peak over stated dense peak at one precision [-] (2 for 2:4 sparsity).

    Examples
    --------
    >>> frame = pd.DataFrame({"device": ["X", "X"], "precision": ["FP4", "FP4"],
    ...     "sparsity": ["sparse", "dense"], "peak_tera_ops_per_s": [20000.0, 15000.0]})
    >>> round(sparsity_gain(frame, "X", "FP4"), 3)
    1.333
    """
    return peak(compute, device, precision, "sparse") / dense_peak(compute, device, precision)


def ratio(new: ArrayLike, old: ArrayLike) -> ArrayLike:
    """Generational ratio new / old [-] of any like quantity (compute, bandwidth, memory)."""
    return np.divide(new, old)


def like_for_like_ratio(compute: pd.DataFrame, old: str, new: str, precision: str) -> float:
    """Dense-over-dense compute ratio of ``new`` to ``old`` at one ``precision`` [-]."""
    return float(ratio(dense_peak(compute, new, precision), dense_peak(compute, old, precision)))


def generation_steps(
    devices: pd.DataFrame, compute: pd.DataFrame, steps: pd.DataFrame
) -> pd.DataFrame:
    """Compute, bandwidth and capacity ratios for each generational step [-].

    Parameters
    ----------
    devices : pandas.DataFrame
        :func:`device_table`.
    compute : pandas.DataFrame
        ``accelerator_compute``.
    steps : pandas.DataFrame
        Columns ``old``, ``new``, ``precision``: the steps to compare, each at a
        precision both devices state dense.

    Returns
    -------
    pandas.DataFrame
        ``steps`` plus ``compute_ratio`` (dense, like for like), ``bandwidth_ratio``,
        ``capacity_ratio``, ``headline_ratio`` (largest stated figure of each, whatever
        its precision or sparsity) and ``years`` between the two.
    """
    spec = devices.set_index("device")
    rows = []
    for old, new, precision in steps[["old", "new", "precision"]].itertuples(index=False):
        rows.append(
            {
                "old": old,
                "new": new,
                "precision": precision,
                "compute_ratio": like_for_like_ratio(compute, old, new, precision),
                "bandwidth_ratio": ratio(
                    spec.at[new, "memory_bandwidth_TB_per_s"],
                    spec.at[old, "memory_bandwidth_TB_per_s"],
                ),
                "capacity_ratio": ratio(spec.at[new, "memory_GiB"], spec.at[old, "memory_GiB"]),
                "headline_ratio": ratio(headline_peak(compute, new), headline_peak(compute, old)),
                "years": spec.at[new, "year"] - spec.at[old, "year"],
            }
        )
    return pd.DataFrame(rows)


def chained_index(step_ratios: ArrayLike) -> np.ndarray:
    """Index of successive generations, first = 1: I_k = product of ratios 1..k [-]."""
    return np.concatenate([[1.0], np.cumprod(np.asarray(step_ratios, dtype=float))])


def compute_per_watt(peak_tera_ops_per_s: ArrayLike, power_W: ArrayLike) -> ArrayLike:
    """Peak compute per watt of rated power [TFLOP/s per W] = P / TDP.

    Examples
    --------
    >>> float(compute_per_watt(9000.0, 1000.0))
    9.0
    """
    return np.divide(peak_tera_ops_per_s, power_W)


def joules_per_tera_op(peak_tera_ops_per_s: ArrayLike, power_W: ArrayLike) -> ArrayLike:
    """Energy per 1e12 operations at peak and rated power [J] = TDP / P."""
    return np.divide(power_W, peak_tera_ops_per_s)


def annual_growth(ratio_over_period: ArrayLike, years: ArrayLike) -> ArrayLike:
    """Compound annual growth rate r = ratio^(1/years) - 1 [per year]."""
    return np.power(ratio_over_period, np.divide(1.0, years)) - 1.0


def per_chip(system_value: ArrayLike, chips: ArrayLike) -> ArrayLike:
    """A system's figure shared over its chips: value / chips [unit of value per chip]."""
    return np.divide(system_value, chips)


def system_total(per_chip_value: ArrayLike, chips: ArrayLike) -> ArrayLike:
    """A chip's figure times the chips in a system [unit of value]."""
    return np.multiply(per_chip_value, chips)


def memory_sweeps_per_s(bandwidth_TB_per_s: ArrayLike, memory_GB: ArrayLike) -> ArrayLike:
    """How often per second the chip can read its whole memory: B / C [1/s].

    ``memory_GB`` is the capacity in decimal GB (:func:`gib_to_gb` of the binary one).
    Also the decode ceiling [token/s] of a model that fills the memory (nvidia-inference).
    """
    return np.multiply(bandwidth_TB_per_s, 1e12) / np.multiply(memory_GB, 1e9)
