"""What the executed pages state: their glued values, and figures' alt texts and captions."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from conftest import ROOT

#: Glue names a page gives a claim's check: ch<N>_<claim id>_<part> (analysis.checks).
CLAIM_GLUE = re.compile(r"^ch[\w]+?_(s\d_\w+)_(verdict|ratio|stated|recomputed)$")


def executed_pages() -> list[Path]:
    return sorted(p for p in ROOT.glob("*/*.ipynb") if p.parent.name in ("notebooks", "book"))


def glued(notebook: Path) -> dict[str, str]:
    """Every value a page glued, by name, as text."""
    values = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                text = output["data"][record["mime_prefix"] + "text/plain"]
                values[record["name"]] = ast.literal_eval(text)
    return values


NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    """Numbers written in ``text``, thousands separators removed ('1,979' -> '1979')."""
    return {n.replace(",", "") for n in NUMBER.findall(text)}
