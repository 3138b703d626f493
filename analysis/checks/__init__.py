"""Every verdict the book prints on the note's figures, from one registry of checks.

:func:`run_checks` gives one row per claim of ``data/claims.csv`` with its check's kind,
how it was computed, the premise it rests on, the recomputed or primary figure, the ratio
and the verdict. :func:`result` reads one row; :func:`glue_result` glues it into a page, so
that every page that mentions a claim states the same verdict and the same numbers.
:func:`summary` counts independent checks (repetitions of a figure within the note are
listed, not counted); :func:`findings_table` groups failed checks by root cause.

The checks themselves live in :mod:`.workloads`, :mod:`.infrastructure` and
:mod:`.serving` (computations) and :mod:`.primary` (lookups of the figure a claim's
``compare_to`` names); :mod:`.engine` holds the registry.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.checks import infrastructure, serving, workloads  # noqa: F401  (registration)
from analysis.checks.engine import (
    INDEPENDENT_KINDS,
    KINDS,
    REGISTRY,
    Check,
    Context,
    Outcome,
    load_context,
)
from analysis.checks.findings import FINDINGS, PRIMARY_FINDINGS
from analysis.checks.primary import primary_check
from analysis.verdicts import VERDICTS, repeated

__all__ = [
    "FINDINGS",
    "INDEPENDENT_KINDS",
    "KINDS",
    "REPEATS",
    "VERDICTS",
    "findings_table",
    "glue_result",
    "load_context",
    "result",
    "run_checks",
    "summary",
]

#: Claims the note states twice: the repetition -> the first statement.
REPEATS: dict[str, str] = {
    **{
        f"s3_table_{k}_{q}": f"s2_{k}_{q}"
        for k in ("h100", "h200", "b200", "b300", "r100", "mi300x", "mi325x", "mi355x")
        + ("trn2", "trn3", "maia200")
        for q in ("memory", "bandwidth")
    },
    "s5_llama_cluster_gpus": "s1_llama405_gpus",
    "s5_reasoning_query_tokens": "s1_reasoning_query_tokens",
    "s8_reasoning_token_multiple": "s1_reasoning_token_multiple",
    "s8_serving_gain": "s6_speculative_speedup",
    "s9_b200_fp4_marketing": "s2_b200_fp4_sparse",
    "s9_r100_broad_availability": "s2_r100_broad_availability",
    "s9_maia200_production": "s2_maia200_production",
    "s9_trn3_ga": "s2_trn3_ga",
    "s9_inference_utilisation": "s5_inference_utilisation",
    "s9_meta_ett": "s5_effective_training_time",
    "s9_meta_mfu": "s5_mfu",
    "s9_openai_inference_share": "s1_openai_inference_share_2024",
}


def check_for(ctx: Context, claim_id: str) -> tuple[Check | None, Outcome, str]:
    """The one check of ``claim_id``: (registered check or None, outcome, kind)."""
    claim = ctx.claim(claim_id)
    registered = REGISTRY.get(claim_id)
    has_figure = isinstance(claim.compare_to, str)
    # A registered check may use the claim's compare_to figure; a repetition may not.
    if (registered is not None) + (claim_id in REPEATS) + (has_figure and registered is None) != 1:
        raise ValueError(
            f"claims.csv, claim {claim_id!r}: needs exactly one check: a registered function, "
            f"a repetition of another claim, or a compare_to figure"
        )
    if registered is not None:
        return registered, registered.function(ctx), registered.kind
    if claim_id in REPEATS:
        first = REPEATS[claim_id]
        result = repeated(*ctx.stated(claim_id), *ctx.stated(first))
        return None, Outcome(result, f"the note's figure of {first}"), "repeated"
    return None, primary_check(ctx, claim_id), "primary"


def finding_of(claim_id: str) -> str | None:
    """The root cause a claim's check belongs to, if any (a repetition shares its first's)."""
    claim_id = REPEATS.get(claim_id, claim_id)
    registered = REGISTRY.get(claim_id)
    if registered is not None:
        return registered.finding
    return PRIMARY_FINDINGS.get(claim_id)


def run_checks(ctx: Context | None = None) -> pd.DataFrame:
    """One row per claim: the claim's columns, then kind, how, premise, basis, result, finding."""
    ctx = load_context() if ctx is None else ctx
    rows = []
    for claim_id in ctx.claims.index:
        registered, out, kind = check_for(ctx, claim_id)
        finding = finding_of(claim_id)
        rows.append(
            {
                **ctx.claim(claim_id).to_dict(),
                "kind": kind,
                "how": out.how,
                "premise": out.premise,
                "basis_source": out.basis_source,
                "basis_verified": out.basis_verified,
                "recomputed": out.result.recomputed,
                "recomputed_high": out.recomputed_high,
                "ratio": out.result.ratio,
                "verdict": out.result.verdict,
                "finding": finding,
            }
        )
    return pd.DataFrame(rows)


_RESULTS: dict[str, pd.DataFrame] = {}


def _results() -> pd.DataFrame:
    if "all" not in _RESULTS:
        _RESULTS["all"] = run_checks()
    return _RESULTS["all"]


def result(claim_id: str) -> pd.Series:
    """One claim's row of :func:`run_checks`; the only source of a verdict on a page."""
    rows = _results()[_results()["claim_id"] == claim_id]
    if len(rows) != 1:
        raise KeyError(f"claims.csv: no single claim {claim_id!r}")
    return rows.iloc[0]


def glue_result(claim_id: str, chapter: int | str, digits: int = 3) -> None:
    """Glue a claim's verdict, ratio, stated and recomputed values for a chapter's prose.

    Names: ``ch<chapter>_<claim_id>_verdict``, ``..._ratio`` ('0.50×'), ``..._stated``
    and ``..._recomputed`` (each with the claim's unit; a primary document's figure as
    given, a recomputed one to ``digits`` figures, as in the claims tables). A test compares
    these glues across pages: one claim, one verdict, one set of numbers.
    """
    from analysis.appendix import recomputed_text, stated_text
    from analysis.publish import glue_text, sig

    row = result(claim_id)
    base = f"ch{chapter}_{claim_id}"
    glue_text(f"{base}_verdict", row["verdict"])
    ratio = "n/a" if math.isnan(row["ratio"]) else f"{sig(row['ratio'], digits)}×"
    glue_text(f"{base}_ratio", ratio)
    stated = stated_text(row["value_low"], row["value_high"], row["unit"], quote=str(row["quote"]))
    glue_text(f"{base}_stated", stated)
    glue_text(
        f"{base}_recomputed",
        recomputed_text(
            row["recomputed"], row["unit"], row["kind"], digits, row["recomputed_high"]
        ),
    )


def summary(results: pd.DataFrame) -> pd.DataFrame:
    """Counts of verdicts among independent checks, repetitions and claims not checkable.

    Returns a frame with columns ``verdict``, ``independent``, ``repeated`` and
    ``not checkable`` (counts). A check whose only basis is the note itself is not
    checkable, whatever its kind.
    """
    checked = results["kind"].isin(INDEPENDENT_KINDS) & (results["verdict"] != "cannot check")
    independent = results[checked]["verdict"].value_counts()
    repeats = results[results["kind"] == "repeated"]["verdict"].value_counts()
    unchecked = results[~checked & (results["kind"] != "repeated")]["verdict"].value_counts()
    verdicts = [v for v in VERDICTS if v in set(results["verdict"])]
    return pd.DataFrame(
        {
            "verdict": verdicts,
            "independent": [int(independent.get(v, 0)) for v in verdicts],
            "repeated": [int(repeats.get(v, 0)) for v in verdicts],
            "not checkable": [int(unchecked.get(v, 0)) for v in verdicts],
        }
    )


def findings_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per finding: its statement and the claims it touches, in order."""
    rows = []
    for finding, statement in FINDINGS.items():
        claims = results[results["finding"] == finding]
        rows.append(
            {
                "finding": finding,
                "statement": statement,
                "claims": list(claims["claim_id"]),
                "verdicts": list(claims["verdict"]),
            }
        )
    return pd.DataFrame(rows)
