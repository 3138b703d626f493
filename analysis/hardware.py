"""Accelerator specifications: like-for-like compute, marketing ratios, efficiency, growth.

Vendors quote peak compute at the lowest precision they support and, often, with 2:4
structured sparsity, which doubles the figure on paper (nvidia-blackwell). A fair
comparison between two chips holds both precision and sparsity fixed. The functions
here take the tables ``accelerators`` and ``accelerator_compute`` (see ``data/``) and
return plain numbers, Series or frames; the checks at the end recompute figures the note
states twice, in different forms, so that the chapters and the appendix can set them
side by side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from analysis.data import load
from analysis.elementwise import keeps_series
from analysis.publish import sig

#: 2:4 structured sparsity skips half the multiplications: sparse peak = 2 x dense peak.
SPARSITY_SPEEDUP = 2.0

#: Devices of the note's per-GPU HBM table, in its order (section 3).
NOTE_HBM_TABLE_DEVICES: tuple[str, ...] = (
    "H100 SXM",
    "H200",
    "B200",
    "B300",
    "R100",
    "MI300X",
    "MI325X",
    "MI355X",
    "Trainium2",
    "Trainium3",
    "Maia 200",
)

#: Generational steps compared like for like: (older, newer, precision both state dense).
GENERATION_STEPS: tuple[tuple[str, str, str], ...] = (
    ("A100", "H100 SXM", "BF16"),
    ("H100 SXM", "H200", "FP8"),
    ("H100 SXM", "B200", "FP8"),
    ("B200", "R100", "FP8"),
    ("B200", "R100", "FP4"),
    ("Trainium2", "Trainium3", "FP8"),
)


def dense_from_sparse(sparse_peak: ArrayLike) -> ArrayLike:
    """Dense peak implied by a 2:4-sparse peak: P_dense = P_sparse / 2 [same unit].

    Parameters
    ----------
    sparse_peak : array_like
        Peak with 2:4 structured sparsity [TFLOP/s or TOPS] (nvidia-blackwell).
    """
    return np.divide(sparse_peak, SPARSITY_SPEEDUP)


def dense_peaks(compute: pd.DataFrame) -> pd.DataFrame:
    """One dense peak per device and precision, from stated dense or halved sparse figures.

    A stated dense figure wins; otherwise a sparse one is halved (:func:`dense_from_sparse`).
    Unlabelled figures are kept out: the note does not say which they are.

    Parameters
    ----------
    compute : pandas.DataFrame
        The ``accelerator_compute`` table.

    Returns
    -------
    pandas.DataFrame
        Columns ``device``, ``precision``, ``dense_tera_ops_per_s`` [TFLOP/s or TOPS] and
        ``basis`` (``"stated dense"`` or ``"half of sparse"``).
    """
    stated = compute[compute["sparsity"] == "dense"].assign(basis="stated dense")
    stated = stated.rename(columns={"peak_tera_ops_per_s": "dense_tera_ops_per_s"})
    sparse = compute[compute["sparsity"] == "sparse"].assign(basis="half of sparse")
    sparse = sparse.assign(dense_tera_ops_per_s=dense_from_sparse(sparse["peak_tera_ops_per_s"]))
    both = pd.concat([stated, sparse], ignore_index=True)
    both = both.drop_duplicates(subset=["device", "precision"], keep="first")
    return both[["device", "precision", "dense_tera_ops_per_s", "basis"]].reset_index(drop=True)


def peak(compute: pd.DataFrame, device: str, precision: str, sparsity: str) -> float:
    """The stated peak [TFLOP/s or TOPS] of ``device`` at ``precision`` and ``sparsity``.

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
    """Dense peak of ``device`` at ``precision`` [TFLOP/s], stated or half of sparse."""
    table = dense_peaks(compute)
    rows = table[(table["device"] == device) & (table["precision"] == precision)]
    if len(rows) != 1:
        raise KeyError(
            f"accelerator_compute.csv: no dense (or sparse) {precision} figure for {device!r}"
        )
    return float(rows["dense_tera_ops_per_s"].iloc[0])


def ratio(new: ArrayLike, old: ArrayLike) -> ArrayLike:
    """Generational ratio new / old [-] of any like quantity (compute, bandwidth, memory)."""
    return np.divide(new, old)


def like_for_like_ratio(compute: pd.DataFrame, old: str, new: str, precision: str) -> float:
    """Dense-over-dense compute ratio of ``new`` to ``old`` at one ``precision`` [-].

    The honest generational compute ratio: same number format, no sparsity on either side.
    """
    return float(ratio(dense_peak(compute, new, precision), dense_peak(compute, old, precision)))


def generation_steps(
    accelerators: pd.DataFrame,
    compute: pd.DataFrame,
    steps: tuple[tuple[str, str, str], ...] = GENERATION_STEPS,
) -> pd.DataFrame:
    """Compute, bandwidth and capacity ratios for each generational step [-].

    Returns
    -------
    pandas.DataFrame
        Columns ``old``, ``new``, ``precision``, ``compute_ratio`` (dense, like for like),
        ``bandwidth_ratio``, ``capacity_ratio``, ``headline_ratio`` (largest stated figure
        of each, whatever its precision or sparsity) and ``years`` between the two.
    """
    spec = accelerators.set_index("device")
    rows = []
    for old, new, precision in steps:
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
                "capacity_ratio": ratio(spec.at[new, "memory_GB"], spec.at[old, "memory_GB"]),
                "headline_ratio": ratio(headline_peak(compute, new), headline_peak(compute, old)),
                "years": spec.at[new, "year"] - spec.at[old, "year"],
            }
        )
    return pd.DataFrame(rows)


def headline_peak(compute: pd.DataFrame, device: str) -> float:
    """The largest figure stated for ``device`` at any precision or sparsity [TFLOP/s or TOPS].

    This is the number a vendor leads with, usually the lowest precision with sparsity.
    """
    rows = compute.loc[compute["device"] == device, "peak_tera_ops_per_s"]
    if rows.empty:
        raise KeyError(f"accelerator_compute.csv has no figure for {device!r}")
    return float(rows.max())


def chained_index(step_ratios: ArrayLike) -> np.ndarray:
    """Index of successive generations, first = 1: I_k = product of ratios 1..k [-].

    Chaining lets each step use its own like-for-like precision.
    """
    return np.concatenate([[1.0], np.cumprod(np.asarray(step_ratios, dtype=float))])


def compute_per_watt(peak_tera_ops_per_s: ArrayLike, power_W: ArrayLike) -> ArrayLike:
    """Peak compute per watt of rated power [TFLOP/s per W] = P / TDP.

    At peak, its inverse is energy per operation: TDP / P [J per 1e12 operations].
    """
    return np.divide(peak_tera_ops_per_s, power_W)


@keeps_series
def operations_per_kWh(peak_tera_ops_per_s: ArrayLike, power_W: ArrayLike) -> ArrayLike:
    """Operations per kWh at peak and rated power [operations/kWh] = P * 3.6e6 J/kWh / TDP."""
    return np.multiply(peak_tera_ops_per_s, 1e12) * 3.6e6 / np.asarray(power_W, dtype=float)


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
    """How often per second the chip can read its whole memory: B / capacity [1/s].

    Also the decode ceiling [token/s] of a model that fills the memory (nvidia-inference).
    """
    return np.multiply(bandwidth_TB_per_s, 1e12) / np.multiply(memory_GB, 1e9)


def hbm_table_by_gpu(
    accelerators: pd.DataFrame, devices: tuple[str, ...] = NOTE_HBM_TABLE_DEVICES
) -> pd.DataFrame:
    """The note's per-GPU HBM table, rebuilt from ``accelerators`` in the note's row order.

    Returns
    -------
    pandas.DataFrame
        Columns ``vendor``, ``device``, ``memory_type``, ``memory_GB`` [GB],
        ``memory_bandwidth_TB_per_s`` [TB/s].
    """
    missing = [d for d in devices if d not in set(accelerators["device"])]
    if missing:
        raise KeyError(f"accelerators.csv lacks {missing}; add them before building the table")
    table = accelerators.set_index("device").loc[list(devices)].reset_index()
    columns = ["vendor", "device", "memory_type", "memory_GB", "memory_bandwidth_TB_per_s"]
    return table[columns]


def note_stated(claim_id: str, claims: pd.DataFrame | None = None) -> float:
    """A figure the note states as a point, in the claim's own unit, from table ``claims``.

    Parameters
    ----------
    claim_id : str
        Identifier in ``data/claims.csv``, e.g. ``"s6_blackwell_vs_hopper_fp8"``.
    """
    frame = load("claims") if claims is None else claims
    row = frame.set_index("claim_id").loc[claim_id]
    if row.value_low != row.value_high:
        raise ValueError(f"claims.csv: {claim_id} is a range, not a point")
    return float(row.value_low)


def note_checks(accelerators: pd.DataFrame, compute: pd.DataFrame) -> pd.DataFrame:
    """The note's hardware figures recomputed from its own other figures.

    Each row states a figure as the note gives it (``stated``), the same quantity worked out
    from other figures in the note (``recomputed``), their ratio and the arithmetic.

    Returns
    -------
    pandas.DataFrame
        Columns ``check``, ``stated``, ``recomputed``, ``unit``, ``ratio`` (recomputed over
        stated) and ``computation``.
    """
    spec = accelerators.set_index("device")
    nvl72 = spec.at["GB200 NVL72", "chips"]
    b200_sparse = peak(compute, "B200", "FP4", "sparse")
    b200_dense = peak(compute, "B200", "FP4", "dense")
    b300_dense = peak(compute, "B300", "FP4", "dense")
    gb200_sparse_per_gpu = per_chip(peak(compute, "GB200 NVL72", "FP4", "sparse"), nvl72)
    gb200_dense_per_gpu = dense_from_sparse(gb200_sparse_per_gpu)
    h100_fp8 = peak(compute, "H100 SXM", "FP8", "dense")
    b300_lift = 1 + note_stated("s2_b300_lift_over_b200") / 100  # stated as a % lift
    gb300_lift = note_stated("s2_gb300_vs_gb200")
    marketing = note_stated("s6_blackwell_vs_hopper")
    like_for_like = note_stated("s6_blackwell_vs_hopper_fp8")
    b200_fp8 = peak(compute, "B200", "FP8", "dense")
    rack_fp4 = peak(compute, "GB200 NVL72", "FP4", "sparse")
    rack_memory = spec.at["GB200 NVL72", "memory_GB"]
    r100_fp8, r100_fp4 = (
        peak(compute, "R100", "FP8", "dense"),
        peak(compute, "R100", "FP4", "dense"),
    )
    trn2, trn3 = (
        peak(compute, "Trainium2", "FP8", "dense"),
        peak(compute, "Trainium3", "FP8", "dense"),
    )
    trn2_n, trn3_n = spec.at["Trn2 UltraServer", "chips"], spec.at["Trn3 UltraServer", "chips"]
    n = f"{nvl72:.0f}"
    rows = [
        ("GB200 NVL72 sparse FP4 per GPU vs B200 sparse FP4", b200_sparse,
         gb200_sparse_per_gpu, "TFLOP/s",
         f"{sig(rack_fp4, 3)} TFLOP/s / {n} GPUs vs B200's stated {sig(b200_sparse, 3)}"),
        ("B300 dense FP4 over B200 dense FP4", b300_lift, b300_dense / b200_dense, "-",
         f"{sig(b300_dense, 3)} / {sig(b200_dense, 3)} vs the stated {sig(b300_lift, 2)}x"),
        ("B300 dense FP4 over B200 'sparse' FP4", b300_lift, b300_dense / b200_sparse, "-",
         f"{sig(b300_dense, 3)} / {sig(b200_sparse, 3)}, if the {sig(b200_sparse, 3)} were dense"),
        ("B300 dense FP4 over GB200 NVL72 dense FP4 per GPU", gb300_lift,
         b300_dense / gb200_dense_per_gpu, "-",
         f"{sig(b300_dense, 3)} / ({sig(rack_fp4, 3)} / {n} / 2)"),
        ("GB200 NVL72 memory per GPU vs B200 memory", spec.at["B200", "memory_GB"],
         per_chip(rack_memory, nvl72), "GB", f"{sig(rack_memory, 3)} GB / {n}"),
        ("Trn2 UltraServer FP8 from its chips", peak(compute, "Trn2 UltraServer", "FP8",
         "unlabelled"), system_total(trn2, trn2_n), "TFLOP/s", f"{trn2_n:.0f} x {sig(trn2, 3)}"),
        ("Trn3 UltraServer FP8 from its chips", peak(compute, "Trn3 UltraServer", "FP8",
         "unlabelled"), system_total(trn3, trn3_n), "TFLOP/s", f"{trn3_n:.0f} x {sig(trn3, 3)}"),
        ("R100 dense FP8 vs half its dense FP4", r100_fp8, r100_fp4 / 2, "TFLOP/s",
         f"{sig(r100_fp4, 3)} / 2 vs the stated {sig(r100_fp8, 3)}"),
        ("Blackwell over Hopper, marketing (B200 sparse FP4 / H100 dense FP8)", marketing,
         b200_sparse / h100_fp8, "-", f"{sig(b200_sparse, 3)} / {sig(h100_fp8, 4)}"),
        ("Blackwell over Hopper, like for like (dense FP8)", like_for_like, b200_fp8 / h100_fp8,
         "-", f"{sig(b200_fp8, 3)} / {sig(h100_fp8, 4)}"),
    ]  # fmt: skip
    frame = pd.DataFrame(
        rows, columns=["check", "stated", "recomputed", "unit", "computation"]
    ).astype({"stated": float, "recomputed": float})
    frame.insert(4, "ratio", frame["recomputed"] / frame["stated"])
    return frame
