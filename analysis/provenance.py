"""Provenance of the book's figures: where the note differs from the primary documents,
which chapters use each claim, and how every sourced row was verified.

Used by the data appendix (``book/data.md``); the checks themselves are
:mod:`analysis.checks`, their presentation :mod:`analysis.appendix`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.appendix import capitalised, chapter_ref, sentence, stated_text
from analysis.paths import REPO_ROOT, record_read
from analysis.publish import sig

_CHAPTER_FILE = re.compile(r"^(\d{2})_")


def claim_refs_in(text: str) -> set[str]:
    """Claim ids a chapter's source glues (``ch<N>_<claim_id>_verdict``...) or names in quotes.

    Examples
    --------
    >>> sorted(claim_refs_in("{glue:text}`ch2_s2_b200_memory_verdict`; ids = ['s5_mfu']"))
    ['s2_b200_memory', 's5_mfu']
    """
    glued = re.findall(r"\bch\d+_(s\d_\w+?)_(?:verdict|ratio|stated|recomputed)\b", text)
    named = re.findall(r"[\"'](s\d_\w+)[\"']", text)
    return set(glued) | set(named)


def claims_used_by_chapters(results: pd.DataFrame, folder: Path | None = None) -> dict:
    """Claim id -> chapters whose source glues it (``ch<N>_<claim_id>_...``) or names it.

    Reads every ``notebooks/NN_*.md``; the build logs the claim ids each one refers to
    (:func:`claim_refs_in`), so an edit of a chapter's prose that keeps them changes nothing.

    Returns
    -------
    dict of str to list of int
        Chapter numbers, ascending, for each claim some chapter uses.
    """
    folder = REPO_ROOT / "notebooks" if folder is None else folder
    ids = set(results["claim_id"])
    used: dict[str, set[int]] = {}
    for path in sorted(folder.glob("*.md")):
        match = _CHAPTER_FILE.match(path.name)
        if not match:
            continue
        refs = claim_refs_in(path.read_text(encoding="utf-8"))
        record_read(path, keys=refs)
        for claim_id in refs & ids:
            used.setdefault(claim_id, set()).add(int(match.group(1)))
    return {claim_id: sorted(chapters) for claim_id, chapters in used.items()}


def differences(results: pd.DataFrame, used: dict | None = None) -> pd.DataFrame:
    """Every claim checked against a primary document whose figure differs from the note's.

    A difference is a ratio other than 1, or a figure the note attaches to another
    comparison than its source made (verdict 'misread'). Claims whose only basis is the
    note itself are left out: there is no primary figure to differ from.

    Parameters
    ----------
    results : pandas.DataFrame
        :func:`analysis.checks.run_checks`.
    used : dict, optional
        The chapters that use each claim, as :func:`claims_used_by_chapters` gives them.
        The chapter of the claim's own section is listed in any case.

    Returns
    -------
    pandas.DataFrame
        Columns ``Quantity``, ``The note``, ``Primary``, ``Document`` (a citation),
        ``Ratio [-]``, ``Verdict`` and ``Pages`` (chapter references), in the note's order,
        indexed by claim id.
    """
    used = {} if used is None else used
    primary = results[(results["kind"] == "primary") & (results["verdict"] != "cannot check")]
    differ = primary[((primary["ratio"] - 1).abs() > 1e-9) | (primary["verdict"] == "misread")]
    rows = []
    for r in differ.itertuples(index=False):
        document = (
            r.basis_source if isinstance(r.basis_source, str) and r.basis_source else r.source
        )
        keys = [k.strip() for k in document.split(";") if k.strip()]
        chapters = sorted({int(r.section), *used.get(r.claim_id, [])})
        rows.append(
            {
                "Quantity": capitalised(r.quantity),
                "The note": stated_text(r.value_low, r.value_high, r.unit),
                "Primary": stated_text(r.recomputed, r.recomputed, r.unit),
                "Document": f"{{cite:p}}`{','.join(keys)}`",
                "Ratio [-]": sig(r.ratio, 3),
                "Verdict": r.verdict,
                "Pages": ", ".join(chapter_ref(c, short=True) for c in chapters),
            }
        )
    return pd.DataFrame(rows, index=pd.Index(differ["claim_id"], name="claim_id"))


# --- How each value was verified ------------------------------------------------------------

#: The values of every table's ``verified`` column, strongest first.
VERIFIED: tuple[str, ...] = ("primary", "secondary", "note-only")


def provenance_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of each sourced table by how they were verified, with a total row.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Table name -> table; tables without a ``verified`` column are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns ``Table``, one per :data:`VERIFIED` value (``Primary [rows]`` ...) and
        ``All [rows]``; the last row totals them.
    """
    rows = []
    for name, frame in tables.items():
        if "verified" not in frame.columns:
            continue
        unknown = set(frame["verified"]) - set(VERIFIED)
        if unknown:
            raise ValueError(f"{name}.csv: verified values {sorted(unknown)}; expected {VERIFIED}")
        counts = frame["verified"].value_counts()
        rows.append({"Table": name, **{v: int(counts.get(v, 0)) for v in VERIFIED}})
    frame = pd.DataFrame(rows)
    frame["All [rows]"] = frame[list(VERIFIED)].sum(axis=1)
    total = {"Table": "all tables", **frame[[*VERIFIED, "All [rows]"]].sum().astype(int).to_dict()}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    return frame.rename(columns={v: f"{v.capitalize()} [rows]" for v in VERIFIED})


def note_only_rows(tables: dict[str, pd.DataFrame], keys: dict[str, tuple]) -> pd.DataFrame:
    """Every row whose value rests on the note alone: its table, key and why.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Table name -> table (with ``verified`` and ``source_locator`` columns).
    keys : dict of str to tuple of str
        Table name -> its key columns (the schema's ``[keys] unique``).

    Returns
    -------
    pandas.DataFrame
        Columns ``Table``, ``Row`` (the key values joined by ' / ') and ``Why``.
    """
    rows = []
    for name, frame in tables.items():
        if "verified" not in frame.columns:
            continue
        for _, row in frame[frame["verified"] == "note-only"].iterrows():
            parts = [str(row[k]) for k in keys[name] if isinstance(row[k], str) and row[k]]
            parts = [p for p in parts if p != "none"]
            rows.append(
                {
                    "Table": name,
                    "Row": " / ".join(parts),
                    "Why": sentence(str(row["source_locator"])),
                }
            )
    return pd.DataFrame(rows, columns=["Table", "Row", "Why"])
