"""The hardware chapter's overview tables: every device by lineage, and its peak compute.

Pure functions from the book's tables to frames ready for
:func:`analysis.publish.show_table`. Values print as their sources state them
(:func:`analysis.publish.as_given`); a value whose only source is the note itself
(``verified == "note-only"``) carries :data:`NOTE_ONLY_MARK`, and each device row names the
verification level of the figures it shows. Compute figures keep the vendor's label:
dense, sparse and unlabelled figures sit in separate columns and are never merged.
Sources and locators of every figure are in the data appendix (``accelerator_specs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.publish import as_given

#: The note's lineages, in its order, with the names the tables print.
LINEAGES: dict[str, str] = {
    "nvidia": "Nvidia",
    "amd": "AMD",
    "hyperscaler": "Hyperscaler silicon",
    "specialty": "Specialty accelerators",
    "cpu": "CPUs",
}

#: Marks a value whose only source is the note (not found in a vendor document).
NOTE_ONLY_MARK = "†"
#: Printed where a table holds no value.
EMPTY = "–"

#: Header words that may break at a soft hyphen where the page is narrow (web and print).
SOFT_HYPHENS: dict[str, str] = {"Bandwidth": "Band\u00adwidth"}

#: Labels in the order they win a tie for a device's headline figure: vendors lead with
#: the with-sparsity rate where it equals another.
HEADLINE_LABELS: tuple[str, ...] = ("sparse", "unlabelled", "dense")

#: Figures of the device overview: column of hardware.device_table -> name in the summary.
SHOWN_FIGURES: dict[str, str] = {
    "memory_GiB": "memory",
    "memory_bandwidth_TB_per_s": "bandwidth",
    "tdp_W": "TDP",
}


def in_lineage_order(devices: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by the note's lineages (:data:`LINEAGES`), the table's order kept within each.

    Examples
    --------
    >>> frame = pd.DataFrame({"device": ["EPYC", "H100", "MI300X"],
    ...                       "lineage": ["cpu", "nvidia", "amd"]})
    >>> in_lineage_order(frame)["device"].tolist()
    ['H100', 'MI300X', 'EPYC']
    """
    unknown = sorted(set(devices["lineage"]) - set(LINEAGES))
    if unknown:
        raise ValueError(f"lineages {unknown} are not among {list(LINEAGES)}")
    rank = devices["lineage"].map(list(LINEAGES).index)
    return devices.iloc[rank.argsort(kind="stable")]


def marked(value: float, verified: object) -> str:
    """A figure as given, with :data:`NOTE_ONLY_MARK` where only the note states it.

    Examples
    --------
    >>> marked(750.0, "note-only"), marked(5.3, "primary"), marked(float("nan"), None)
    ('750 †', '5.3', '–')
    """
    if pd.isna(value):
        return EMPTY
    text = as_given(value)
    return f"{text} {NOTE_ONLY_MARK}" if verified == "note-only" else text


def verification_summary(levels: dict[str, object], fallback: object = None) -> str:
    """How a row's figures were verified, in words: the commonest level, then the exceptions.

    Parameters
    ----------
    levels : dict
        Figure name -> verification level (``primary``, ``secondary``, ``note-only``, or
        missing where the row shows no such figure).
    fallback : str, optional
        The level to print when the row shows none of the figures (the device's own row).

    Examples
    --------
    >>> verification_summary({"memory": "primary", "bandwidth": "primary", "TDP": "note-only"})
    'primary; TDP note-only'
    >>> verification_summary({"memory": None}, fallback="secondary")
    'secondary'
    """
    given = {name: level for name, level in levels.items() if isinstance(level, str)}
    if not given:
        return fallback if isinstance(fallback, str) else EMPTY
    counts = pd.Series(list(given.values())).value_counts(sort=False)
    main = counts.idxmax()
    others = [f"{name} {level}" for name, level in given.items() if level != main]
    return "; ".join([main, *others])


def device_label(device: str, availability: str) -> str:
    """The device's name, with '(announced)' for a part not yet shipping.

    Examples
    --------
    >>> device_label("H100 SXM", "shipping"), device_label("R100", "announced")
    ('H100 SXM', 'R100 (announced)')
    """
    return f"{device} (announced)" if availability == "announced" else device


def memory_as_printed(devices: pd.DataFrame) -> pd.Series:
    """Main memory as the vendor prints it ('80 GB HBM2e'), or on-chip SRAM where that is all.

    Examples
    --------
    >>> frame = pd.DataFrame({"memory_stated": [192.0, float("nan")],
    ...     "memory_stated_unit": ["GiB", None], "memory_type": ["HBM3", "SRAM"],
    ...     "sram_MB": [float("nan"), 44000.0]})
    >>> memory_as_printed(frame).tolist()
    ['192 GiB HBM3', '44,000 MB SRAM']
    """
    texts = []
    for row in devices.itertuples(index=False):
        if not pd.isna(row.memory_stated):
            texts.append(
                f"{as_given(row.memory_stated)} {row.memory_stated_unit} {row.memory_type}"
            )
        elif not pd.isna(row.sram_MB):
            texts.append(f"{as_given(row.sram_MB)} MB SRAM")
        elif isinstance(row.memory_type, str):
            texts.append(row.memory_type)
        else:
            texts.append(EMPTY)
    return pd.Series(texts, index=devices.index, dtype=object)


def device_overview(devices: pd.DataFrame) -> pd.DataFrame:
    """One row per device in lineage order: what a reader needs, with verification levels.

    Parameters
    ----------
    devices : pandas.DataFrame
        :func:`analysis.hardware.device_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``Lineage`` (its printed name, for :func:`with_lineage_rows`), ``Device``
        (:func:`device_label`: announced parts say so), ``Year``, ``Role``,
        ``Memory as printed``, ``Memory [GiB]``,
        ``Bandwidth [TB/s]``, ``TDP [W]`` and ``Verified`` (see :func:`verification_summary`);
        text cells, note-only figures marked.
    """
    rows = in_lineage_order(devices)
    levels = [
        {name: row[f"{column}_verified"] for column, name in SHOWN_FIGURES.items()}
        for _, row in rows.iterrows()
    ]
    return pd.DataFrame(
        {
            "Lineage": rows["lineage"].map(LINEAGES),
            "Device": [
                device_label(d, status)
                for d, status in zip(rows["device"], rows["availability"], strict=True)
            ],
            "Year": [EMPTY if pd.isna(y) else f"{int(y)}" for y in rows["year"]],
            "Role": rows["role"].fillna(EMPTY),
            "Memory as printed": memory_as_printed(rows),
            **{
                header: [marked(v, s) for v, s in zip(rows[c], rows[f"{c}_verified"], strict=True)]
                for c, header in (
                    ("memory_GiB", "Memory [GiB]"),
                    ("memory_bandwidth_TB_per_s", "Bandwidth [TB/s]"),
                    ("tdp_W", "TDP [W]"),
                )
            },
            "Verified": [
                verification_summary(lv, fb)
                for lv, fb in zip(levels, rows["verified"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def _compute_cell(rows: pd.DataFrame) -> str:
    """'dense / sparse' at one precision: each figure as given, '–' where not stated."""
    parts = []
    for label in ("dense", "sparse"):
        chosen = rows[rows["sparsity"] == label]
        texts = [as_given(v) for v in chosen["peak_tera_ops_per_s"]]
        fp16 = chosen["precision"].eq("FP16").to_numpy()
        parts.append(
            "; ".join(f"{t} (FP16)" if f else t for t, f in zip(texts, fp16, strict=True)) or EMPTY
        )
    return EMPTY if parts == [EMPTY, EMPTY] else " / ".join(parts)


def compute_overview(
    compute: pd.DataFrame,
    devices: pd.DataFrame,
    precisions: Sequence[str] = ("FP4", "FP8", "BF16"),
) -> pd.DataFrame:
    """Peak compute by device: per precision, the dense figure, then the sparse one.

    Each cell reads 'dense / sparse' (``–`` where the vendor states none), so the two are
    never merged. BF16 and FP16 run at the same rate on these chips; where a vendor prints
    only FP16, the BF16 column shows it marked ``(FP16)``. Unlabelled figures, and figures
    at other precisions (INT8, FP6), go to the last column with their precision and label.

    Parameters
    ----------
    compute : pandas.DataFrame
        ``accelerator_compute``.
    devices : pandas.DataFrame
        :func:`analysis.hardware.device_table` (gives the order and the lineage).
    precisions : sequence of str
        The precisions that get columns of their own.

    Returns
    -------
    pandas.DataFrame
        ``Lineage``, ``Device``, ``<precision> dense / sparse [TFLOP/s]`` for each
        precision, then ``Unlabelled or other [TFLOP/s; TOPS]``.

    Examples
    --------
    >>> devices = pd.DataFrame({"device": ["X"], "lineage": ["amd"]})
    >>> compute = pd.DataFrame({"device": ["X", "X", "X"], "precision": ["FP8", "FP8", "INT8"],
    ...     "sparsity": ["dense", "sparse", "unlabelled"],
    ...     "peak_tera_ops_per_s": [1979.0, 3958.0, 102.4]})
    >>> compute_overview(compute, devices, ("FP8",)).iloc[0].tolist()
    ['AMD', 'X', '1,979 / 3,958', 'INT8 102.4 unlabelled']
    """
    family = compute["precision"].replace({"FP16": "BF16"}) if "BF16" in precisions else None
    family = compute["precision"] if family is None else family
    order = in_lineage_order(devices[devices["device"].isin(set(compute["device"]))])
    rows = []
    for device, lineage in zip(order["device"], order["lineage"], strict=True):
        mine = compute["device"] == device
        row = {"Lineage": LINEAGES[lineage], "Device": device}
        for precision in precisions:
            chosen = compute[mine & (family == precision)]
            row[f"{precision} dense / sparse [TFLOP/s]"] = _compute_cell(chosen)
        rest = compute[mine & ~(family.isin(precisions) & compute["sparsity"].ne("unlabelled"))]
        row["Unlabelled or other [TFLOP/s; TOPS]"] = (
            "; ".join(
                f"{p} {as_given(v)} {s}"
                for p, v, s in zip(
                    rest["precision"], rest["peak_tera_ops_per_s"], rest["sparsity"], strict=True
                )
            )
            or EMPTY
        )
        rows.append(row)
    return pd.DataFrame(rows)


def with_soft_hyphens(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the long words of its headers breakable (:data:`SOFT_HYPHENS`).

    A soft hyphen shows only where a line breaks at it, so a header keeps its width on a
    wide page and lets its column shrink on a narrow one; the cells are unchanged.

    Examples
    --------
    >>> frame = pd.DataFrame({"Bandwidth [TB/s]": ["3.35"]})
    >>> with_soft_hyphens(frame).columns[0] == "Band\u00adwidth [TB/s]"
    True
    """
    headers = {}
    for header in frame.columns:
        text = str(header)
        for word, breakable in SOFT_HYPHENS.items():
            text = text.replace(word, breakable)
        headers[header] = text
    return frame.rename(columns=headers)


def headline_labels(compute: pd.DataFrame, device: str) -> tuple[str, ...]:
    """Every label (dense, sparse, unlabelled) the device's headline figure carries, in the
    order of :data:`HEADLINE_LABELS`: one, unless figures with different labels tie.

    The headline figure is the largest the device states at any precision
    (:func:`analysis.hardware.headline_peak`).

    Examples
    --------
    >>> compute = pd.DataFrame({"device": ["X", "X", "Y"], "precision": ["FP8", "BF16", "FP8"],
    ...     "sparsity": ["dense", "sparse", "dense"],
    ...     "peak_tera_ops_per_s": [2517.0, 2517.0, 1299.0]})
    >>> headline_labels(compute, "X"), headline_labels(compute, "Y")
    (('sparse', 'dense'), ('dense',))
    """
    rows = compute[compute["device"] == device]
    if rows.empty:
        raise KeyError(f"accelerator_compute.csv has no figure for {device!r}")
    top = rows.loc[rows["peak_tera_ops_per_s"] == rows["peak_tera_ops_per_s"].max(), "sparsity"]
    unknown = sorted(set(top) - set(HEADLINE_LABELS))
    if unknown:
        raise ValueError(f"sparsity labels {unknown} are not among {list(HEADLINE_LABELS)}")
    return tuple(label for label in HEADLINE_LABELS if label in set(top))


def headline_label(compute: pd.DataFrame, device: str) -> str:
    """The vendor's label (dense, sparse, unlabelled) of a device's headline figure; where
    figures with different labels tie, the first of :data:`HEADLINE_LABELS`.

    Examples
    --------
    >>> compute = pd.DataFrame({"device": ["X", "X", "Y"], "precision": ["FP8", "FP4", "FP8"],
    ...     "sparsity": ["dense", "unlabelled", "dense"],
    ...     "peak_tera_ops_per_s": [5000.0, 20100.0, 2614.9]})
    >>> headline_label(compute, "X"), headline_label(compute, "Y")
    ('unlabelled', 'dense')
    """
    return headline_labels(compute, device)[0]


def headline_mix(compute: pd.DataFrame, old: str, new: str) -> str:
    """How a headline ratio new/old mixes labels: '' where both figures carry the same
    labels, else 'new labels over old labels' (a sparse figure over a dense one inflates the
    ratio; a figure that is both, such as Trainium3's, says so).

    Examples
    --------
    >>> compute = pd.DataFrame({"device": ["X", "Y", "Z", "T", "T"],
    ...     "precision": ["FP4", "FP8", "FP8", "FP8", "BF16"],
    ...     "sparsity": ["unlabelled", "dense", "sparse", "dense", "sparse"],
    ...     "peak_tera_ops_per_s": [20100.0, 2614.9, 3958.0, 2517.0, 2517.0]})
    >>> headline_mix(compute, "Y", "X"), headline_mix(compute, "Z", "Z")
    ('unlabelled over dense', '')
    >>> headline_mix(compute, "Z", "T")
    'sparse or dense over sparse'
    """
    new_labels, old_labels = headline_labels(compute, new), headline_labels(compute, old)
    if new_labels == old_labels:
        return ""
    return f"{' or '.join(new_labels)} over {' or '.join(old_labels)}"


def with_lineage_rows(frame: pd.DataFrame, column: str = "Lineage") -> pd.DataFrame:
    """The frame without ``column``, a heading row (the lineage's name) before each lineage.

    Examples
    --------
    >>> frame = pd.DataFrame({"Lineage": ["AMD", "AMD"], "Device": ["MI300X", "MI325X"],
    ...                       "Year": ["2023", "2024"]})
    >>> with_lineage_rows(frame).to_numpy().tolist()
    [['*AMD*', ''], ['MI300X', '2023'], ['MI325X', '2024']]
    """
    body = frame.drop(columns=column)
    first = body.columns[0]
    parts = []
    for name, group in frame.groupby(column, sort=False):
        heading = {c: "" for c in body.columns}
        heading[first] = f"*{name}*"
        parts += [pd.DataFrame([heading]), body.loc[group.index]]
    return pd.concat(parts, ignore_index=True)


def source_keys(frame: pd.DataFrame, columns: Iterable[str] = ("source",)) -> list[str]:
    """Bib keys in the ``columns`` of ``frame`` (cells of keys separated by ';'), in order.

    Examples
    --------
    >>> frame = pd.DataFrame({"source": ["nvidia-h100; llama3-2024", "nvidia-h100"],
    ...                       "memory_GiB_source": ["amd-mi300", None]})
    >>> source_keys(frame, ["source", "memory_GiB_source"])
    ['nvidia-h100', 'llama3-2024', 'amd-mi300']
    """
    keys = [
        key.strip()
        for column in columns
        for cell in frame[column]
        if isinstance(cell, str)
        for key in cell.split(";")
        if key.strip()
    ]
    return list(dict.fromkeys(keys))
