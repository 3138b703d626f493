"""Glued prose reads right: units and plurals agree, no doubled words, no space before
punctuation (issue 15). Scans the built text of every page."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

#: Nouns that a number-and-unit adjective commonly qualifies ("a 10,000-token prompt").
QUALIFIED = (
    "prompt|request|query|job|run|model|campus|rack|server|cluster|node|window|context|"
    "step|batch|fleet|snapshot|period|day|week|year|reply|answer|site|system|board|pod"
)
UNITS = "tokens|GPUs|chips|racks|nodes|servers|days|hours|years|months|weeks|layers|experts"
PATTERNS = {
    "a plural unit used as an adjective (write 'a 10,000-token prompt')": re.compile(
        rf"\b(?:a|an) [\d,.]+[ -](?:{UNITS}) (?:{QUALIFIED})s?\b"
    ),
    "one with a plural unit": re.compile(rf"(?<![\d.,])1 (?:{UNITS})\b"),
    "a doubled word": re.compile(r"\b([A-Za-z]{2,})\s+\1\b", re.IGNORECASE),
    "a space before punctuation": re.compile(r"\w \s*[,;:](?=\s)|\w \.(?=\s|$)"),
}
#: Doubled words that are right ("had had", "that that") where they occur.
ALLOWED_DOUBLES = {"that", "had"}


def page_text(path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    for skip in article.select("pre, .highlight, script, style, .cite-this"):
        skip.decompose()
    for code in article.select("code"):  # inline code stands in the sentence as one word
        code.replace_with("CODE")
    for cell in article.select("td, th, dt"):  # cells and terms are not one sentence
        cell.append(" ¦ ")
    # no separator between elements: a glued number in its own span is followed directly by
    # the punctuation that follows it in the text
    return " ".join(article.get_text("").split())


def test_built_prose_reads_right(html_dir):
    problems = []
    # Sphinx's generated indexes (genindex, py-modindex, search) are lists, not prose
    generated = {"genindex.html", "py-modindex.html", "search.html"}
    pages = sorted(
        p for p in html_dir.rglob("*.html") if "_static" not in p.parts and p.name not in generated
    )
    assert len(pages) >= 10
    for page in pages:
        text = page_text(page)
        for what, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                if what == "a doubled word" and match.group(1).lower() in ALLOWED_DOUBLES:
                    continue
                start = max(match.start() - 40, 0)
                problems.append(f"{page.name}: {what}: …{text[start : match.end() + 20]}…")
    assert not problems, "\n".join(problems[:25])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a 10,000 tokens prompt arrives", True),
        ("a 10,000-token prompt arrives", False),
        ("costs 1 GPUs", True),
        ("the the chip", True),
        ("draws 12 kW , then", True),
        ("draws 12 kW, then", False),
    ],
)
def test_the_patterns_catch_what_they_should(text, found):
    hits = [p for p in PATTERNS.values() if p.search(text)]
    assert bool(hits) is found, text
