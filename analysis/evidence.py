"""What kind of evidence stands behind a number: stated or estimated, shipping or announced.

The book's tables carry their own labels: every claim of the note has a ``qualifier``
(stated, approximate, estimate, projection, marketing...), every specification row a
``verified`` level (``primary``: read in the document itself; ``secondary``: read in a
report of it; ``note-only``: found only in the note), and every device an
``availability`` (shipping or announced). The functions here count those labels; they
compute nothing else, so that chapter 9 can say how much of the book rests on what.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

#: Qualifier of a claim (claims.csv) -> the kind of number it is.
CLAIM_KINDS: dict[str, str] = {
    "stated": "stated or disclosed",
    "dense": "stated or disclosed",
    "sparse": "stated or disclosed",
    "approximate": "approximate",
    "unlabelled": "approximate",
    "marketing": "marketing or vendor claim",
    "vendor-claim": "marketing or vendor claim",
    "estimate": "estimate or projection",
    "projection": "estimate or projection",
}

#: The kinds in the order the book shows them, firmest first.
KIND_ORDER: tuple[str, ...] = (
    "stated or disclosed",
    "approximate",
    "marketing or vendor claim",
    "estimate or projection",
)

#: Verification levels of a data row, firmest first.
VERIFIED_LEVELS: tuple[str, ...] = ("primary", "secondary", "note-only")

#: Availability of a device, as the accelerators table states it.
AVAILABILITY: tuple[str, ...] = ("shipping", "announced")


def claim_kinds(qualifiers: pd.Series) -> pd.Series:
    """The kind of number each qualifier names (:data:`CLAIM_KINDS`), on the same index.

    Raises
    ------
    ValueError
        When a qualifier has no kind, naming it (add it to :data:`CLAIM_KINDS`).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import evidence
    >>> evidence.claim_kinds(pd.Series(["stated", "projection"])).tolist()
    ['stated or disclosed', 'estimate or projection']
    """
    unknown = sorted(set(qualifiers.dropna()) - set(CLAIM_KINDS))
    if unknown:
        raise ValueError(
            f"claims.csv qualifiers {unknown} have no kind in analysis.evidence.CLAIM_KINDS"
        )
    return qualifiers.map(CLAIM_KINDS)


def claims_by_kind(claims: pd.DataFrame) -> pd.DataFrame:
    """Count the note's claims by section (rows) and kind of number (columns, :data:`KIND_ORDER`).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import evidence
    >>> claims = pd.DataFrame({"section": [1, 1, 9],
    ...                        "qualifier": ["stated", "estimate", "estimate"]})
    >>> int(evidence.claims_by_kind(claims).loc[9, "estimate or projection"])
    1
    """
    kinds = claim_kinds(claims["qualifier"])
    counts = pd.crosstab(claims["section"].astype(int), kinds)
    return counts.reindex(columns=list(KIND_ORDER), fill_value=0).rename_axis(
        index="section", columns=None
    )


def verified_counts(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of each table by verification level (columns :data:`VERIFIED_LEVELS`, then total).

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Table name -> table; only tables with a ``verified`` column are counted.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import evidence
    >>> t = pd.DataFrame({"verified": ["primary", "note-only", "primary"]})
    >>> evidence.verified_counts({"models": t}).loc["models"].tolist()
    [2, 0, 1, 3]
    """
    rows = {}
    for name, table in tables.items():
        if "verified" not in table.columns:
            continue
        unknown = sorted(set(table["verified"].dropna()) - set(VERIFIED_LEVELS))
        if unknown:
            raise ValueError(f"{name}.csv: verified values {unknown}; expected {VERIFIED_LEVELS}")
        counts = table["verified"].value_counts()
        rows[name] = [int(counts.get(level, 0)) for level in VERIFIED_LEVELS]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(VERIFIED_LEVELS))
    frame["total"] = frame.sum(axis=1)
    return frame.rename_axis("table")


def availability_by_lineage(devices: pd.DataFrame, lineages: Iterable[str]) -> pd.DataFrame:
    """Devices by lineage (rows, in the order given) and availability (shipping, announced).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import evidence
    >>> d = pd.DataFrame({"lineage": ["nvidia", "nvidia", "amd"],
    ...                   "availability": ["shipping", "announced", "shipping"]})
    >>> evidence.availability_by_lineage(d, ["nvidia", "amd"]).to_numpy().tolist()
    [[1, 1], [1, 0]]
    """
    counts = pd.crosstab(devices["lineage"], devices["availability"])
    return counts.reindex(index=list(lineages), columns=list(AVAILABILITY), fill_value=0)


def rows_citing(tables: Mapping[str, pd.DataFrame], keys: Iterable[str]) -> int:
    """How many rows of ``tables`` name any of ``keys`` in their ``source`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import evidence
    >>> t = pd.DataFrame({"source": ["a; b", "c", "b"]})
    >>> evidence.rows_citing({"t": t}, ["b"])
    2
    """
    wanted = set(keys)
    count = 0
    for table in tables.values():
        if "source" not in table.columns:
            continue
        for cell in table["source"].dropna():
            if wanted & {k.strip() for k in str(cell).split(";")}:
                count += 1
    return count
