"""The parts of the source note that the book must treat: its paragraphs, bullets, table
rows and source lines, section by section (headings and table captions are structure)."""

from __future__ import annotations

import re

#: Lines the plain-text note sets as headings although they are long.
LONG_HEADINGS = {
    "HBM — capacity, bandwidth, and the memory wall",
    "Why training needs the fabric and inference largely doesn’t",
}
CAPTION_WORDS = ("specifications", "capacity by", "density by class")


def note_parts(text: str) -> list[tuple[int, int, str, str]]:
    """(section, ordinal, kind, first eight words) for every part of sections 1-9."""
    section, parts, ordinal, in_table = None, [], {}, False
    for line in text.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(\d+)\. (.+)$", stripped)
        if heading and len(stripped.split()) < 8 and not stripped.endswith("."):
            section = int(heading.group(1))
            if section == 10:
                break
            continue
        if section is None or not stripped:
            continue
        words = stripped.lstrip("•").split()
        if stripped in LONG_HEADINGS:
            kind = "heading"
        elif stripped.startswith(("Sources:", "Source:")):
            kind, in_table = "source_line", False
        elif stripped.startswith("•"):
            kind = "bullet"
        elif in_table and len(words) <= 10 and not stripped.endswith("."):
            kind = "table_row"
        elif len(words) < 8 and not stripped.endswith((".", ":")):
            kind = "heading"
            if any(word in stripped for word in CAPTION_WORDS):
                kind, in_table = "table_caption", True
        else:
            kind = "paragraph"
        if kind in ("heading", "table_caption"):
            continue  # structure, not content (a table's header row counts as a row)
        ordinal[section] = ordinal.get(section, 0) + 1
        parts.append((section, ordinal[section], kind, " ".join(words[:8])))
    return parts
