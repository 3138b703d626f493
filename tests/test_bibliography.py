"""references.bib: the note's keys kept exactly, every citation resolves, nothing stray."""

from __future__ import annotations

import re
from functools import cache

import pytest

from analysis.bib import bib_keys
from analysis.data import dataset_names, load

from conftest import IN_CI, NOTE, ROOT

pytestmark = pytest.mark.unit

KEY_FIXTURE = ROOT / "tests" / "fixtures" / "note_citation_keys.txt"
CITE_ROLE = re.compile(r"\{(?:cite|footcite)(?::[a-z]+)?\}`([^`]+)`")
NOTE_GROUPS = {"note-primary", "note-analysis", "note-supporting", "note-unlisted"}


def extract_note_keys(text: str) -> set[str]:
    """Keys of the note's `(key?)` and `(key1?; key2?)` markers."""
    keys = set()
    for marker in re.findall(r"\(([^()]*\?)\)", text):
        for part in marker.split(";"):
            key = part.strip().rstrip("?")
            if re.fullmatch(r"[a-z0-9-]+", key):  # "(does it fit?)" is prose, not a key
                keys.add(key)
    return keys


def fixture_keys() -> set[str]:
    lines = KEY_FIXTURE.read_text().splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def bib_text() -> str:
    return (ROOT / "references.bib").read_text(encoding="utf-8")


def entries() -> dict[str, str]:
    """Each entry's key and body text."""
    text = bib_text()
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"^@\w+\{([^,]+),", text, re.M)]
    bounds = [s for s, _ in starts] + [len(text)]
    return {key: text[bounds[i] : bounds[i + 1]] for i, (_, key) in enumerate(starts)}


@cache  # read once: every entry's test asks
def cited_in_pages() -> frozenset[str]:
    keys = set()
    for page in [*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")]:
        for group in CITE_ROLE.findall(page.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in group.split(","))
    return frozenset(keys)


@cache
def cited_in_data() -> frozenset[str]:
    keys = set()
    for name in dataset_names():
        for value in load(name)["source"]:
            keys.update(k.strip() for k in value.split(";"))
    return frozenset(keys)


def test_fixture_matches_the_note():
    if not NOTE.exists():
        if IN_CI:
            pytest.fail(f"CI must have the source note at {NOTE}")
        pytest.skip("the source note is not beside this clone (outside CI only)")
    assert extract_note_keys(NOTE.read_text(encoding="utf-8")) == fixture_keys()


def test_note_has_64_keys_and_all_are_in_the_bibliography():
    keys = fixture_keys()
    assert len(keys) == 64
    missing = keys - bib_keys()
    assert not missing, f"note keys without a references.bib entry: {sorted(missing)}"


def test_no_duplicate_keys():
    found = re.findall(r"^@\w+\{([^,]+),", bib_text(), re.M)
    duplicates = {k for k in found if found.count(k) > 1}
    assert not duplicates


def test_every_citation_resolves():
    unknown = (cited_in_pages() | cited_in_data()) - bib_keys()
    assert not unknown, f"cited but not in references.bib: {sorted(unknown)}"


@pytest.mark.parametrize("key", sorted(entries()))
def test_entry_is_grouped_and_cited_or_deliberately_listed(key):
    body = entries()[key]
    group = re.search(r"keywords\s*=\s*\{([^}]*)\}", body)
    assert group, f"{key}: no keywords field naming its group"
    group = group.group(1).strip()
    assert group in NOTE_GROUPS | {"book-added"}, f"{key}: unknown group {group!r}"
    if group == "book-added":  # the book added it, so the book must use it
        assert key in cited_in_pages() | cited_in_data(), f"{key}: added but never cited"
    if group == "note-unlisted":
        assert "gives no entry" in body and "url" not in body.lower().split("note")[0]


def test_note_list_entries_carry_the_notes_urls():
    if not NOTE.exists():
        if IN_CI:
            pytest.fail(f"CI must have the source note at {NOTE}")
        pytest.skip("the source note is not beside this clone (outside CI only)")
    note = NOTE.read_text(encoding="utf-8")
    listed = note[note.index("10. References") :]
    urls = set(re.findall(r"https?://\S+", listed))
    text = bib_text()
    missing = [u for u in urls if u.rstrip(".;") not in text]
    assert not missing, f"URLs of the note's list without an entry: {missing}"
