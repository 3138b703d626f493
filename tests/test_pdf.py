"""The printed editions' content: every chapter, every character and figure, the right
references, a publication's front matter, print typography and no web artefacts."""

from __future__ import annotations

import datetime
import re
import subprocess

import nbformat
import pytest
import yaml
from printed import (
    EDITIONS,
    bib_titles,
    cited_keys,
    edition_log,
    edition_pdf,
    heading,
    marks,
    pages,
    squash,
    toc_files,
)
from pybtex.database import parse_file

from conftest import ROOT

EDITION_NAMES = list(EDITIONS)

pytestmark = pytest.mark.pdf


def text_of(edition: str) -> str:
    return "\n".join(page.text() for page in pages(edition_pdf(edition)))


def references_text(edition: str) -> str:
    """The text of the edition's references page(s)."""
    name = EDITIONS[edition]
    index = marks(name)["start book/bibliography"][0]
    starts = [i for key, (i, _) in marks(name).items() if key.startswith("start ")]
    later = sorted(i for i in starts if i > index)
    end = later[0] - 1 if later else len(pages(edition_pdf(edition)))
    return "\n".join(p.text() for p in pages(edition_pdf(edition))[index - 1 : end])


@pytest.mark.parametrize("edition,toc", [("technical", "_toc.yml"), ("client", "_toc_client.yml")])
def test_every_page_of_the_table_of_contents_is_printed_in_order(edition, toc):
    flat = squash(text_of(edition))
    position = 0
    for doc in toc_files(toc)[1:]:
        title = squash(heading(doc))
        found = flat.find(title, position)
        assert found >= 0, f"{edition}: {doc} ({heading(doc)!r}) missing or out of order"
        position = found


def contents_entries(edition: str) -> set[str]:
    """The titles the edition's Contents lists, squashed (numbers and pages dropped)."""
    name = EDITIONS[edition]
    first = min(i for key, (i, _) in marks(name).items() if key.startswith("start "))
    entries = set()
    for page in pages(edition_pdf(edition))[2 : first - 1]:
        for line in page.lines:
            words = [w.text for w in line if not re.fullmatch(r"[\divxlc.]+|[A-Z]", w.text)]
            entries.add(squash(" ".join(words)))
    return entries


def test_the_client_edition_leaves_out_the_developers_back_matter():
    entries = contents_entries("client")
    for doc in toc_files("_toc_client.yml")[1:]:
        assert squash(heading(doc)) in entries, f"{doc} is not in the client edition"
    for doc in set(toc_files("_toc.yml")) - set(toc_files("_toc_client.yml")):
        assert squash(heading(doc)) not in entries, f"{doc} is in the client edition"


def test_the_client_edition_opens_on_its_root_page():
    name = EDITIONS["client"]
    root = toc_files("_toc_client.yml")[0]
    first = min(index for key, (index, _) in marks(name).items() if key.startswith("start "))
    assert marks(name)[f"start {root}"][0] == first
    title = heading(root)
    expected = "About this book" if title.startswith("AI training versus") else title
    assert squash(expected) in squash(pages(edition_pdf("client"))[first - 1].text())


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_unresolved_references(edition):
    assert "??" not in text_of(edition)


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_every_character_was_rendered(edition):
    log = edition_log(edition)
    assert "Missing character" not in log
    assert "not set up for use with LaTeX" not in log


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_figures_are_vector_graphics(edition):
    """The notebooks' figures print from their PDF output: no raster image in the book."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(edition_pdf(edition))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert not listing, f"{len(listing)} raster images, e.g. {listing[:2]}"
    figures = 0
    for notebook in ROOT.glob("notebooks/*.ipynb"):
        for cell in nbformat.read(notebook, as_version=4).cells:
            figures += sum("application/pdf" in o.get("data", {}) for o in cell.get("outputs", []))
    assert figures > 20
    assert len(re.findall(r"\bFig\. \d+\.\d+:", text_of(edition))) >= figures


def test_technical_edition_lists_every_reference():
    flat = squash(references_text("technical"))
    missing = [key for key, title in bib_titles().items() if title not in flat]
    assert not missing, f"bibliography entries absent from the technical edition: {missing}"


def listed_entries(text: str) -> int:
    """How many numbered entries a reference list holds."""
    return len(set(re.findall(r"^\[(\d+)\]", text, re.M)))


def test_client_edition_lists_only_the_references_it_cites():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    client = next(
        e for e in config["sphinx"]["config"]["print_editions"] if e["toc"] == "_toc_client.yml"
    )
    cited = cited_keys(toc_files("_toc_client.yml"), client.get("drop_tables_with_column"))
    assert len(cited) > 20
    text = references_text("client")
    missing = [
        key for key, title in bib_titles().items() if key in cited and title not in squash(text)
    ]
    assert not missing, f"cited but not listed: {missing}"
    assert listed_entries(text) == len(cited), "entries listed that the edition does not cite"


def test_numbered_figures_and_tables():
    text = text_of("technical")
    assert re.search(r"Fig\.\s*1\.1", text)
    assert re.search(r"Table\s*1\.1", text)


def _release() -> tuple[str, str]:
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    released = re.search(r"^date-released:\s*(\S+)", (ROOT / "CITATION.cff").read_text(), re.M)
    day = datetime.date.fromisoformat(released.group(1))
    return version.group(1), f"{day:%B} {day.day}, {day.year}"


@pytest.mark.parametrize("edition,name", [("technical", "Technical"), ("client", "Client")])
def test_title_page(edition, name):
    first = pages(edition_pdf(edition))[0].text()
    version, released = _release()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    subtitle = config["sphinx"]["config"]["print_subtitle"]
    assert squash(config["title"]) in squash(first)
    assert squash(subtitle) in squash(first)
    assert "David Leitch" in first
    assert "Technical note, May 11, 2026" in first
    assert f"{name} edition" in first
    assert f"version {version}, {released}" in first
    today = datetime.date.today()
    for stamp in {f"{today:%b %d, %Y}", f"{today:%B} {today.day}, {today.year}", f"{today}"}:
        if stamp != released:
            assert stamp not in first, "the title page carries the build date"


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_licence_and_how_to_cite_page(edition):
    second = pages(edition_pdf(edition))[1].text()
    for phrase in ("Licence", "CC BY 4.0", "How to cite", "Cite this edition as", "MIT"):
        assert phrase in second


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_contents_page_is_titled_contents(edition):
    contents = pages(edition_pdf(edition))[2]
    assert contents.lines[0][0].text == "Contents"
    assert "CHAPTERS" not in " ".join(w.text for w in contents.lines[0])


def test_appendices_are_lettered():
    text = text_of("technical")
    data = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    appendices = [p for p in data["parts"] if p["caption"] == "Appendices"][0]["chapters"]
    for letter, chapter in zip("ABCDEFG", appendices, strict=False):
        assert squash(f"Appendix {letter} {heading(chapter['file'])}") in squash(text)
    chapters = sum(len(p["chapters"]) for p in data["parts"] if p["caption"] != "Appendices")
    assert not re.search(rf"Chapter {chapters + 1}\b", text)


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_release_number_in_the_running_heads(edition):
    assert "Release" not in text_of(edition)


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_code_and_no_raw_output_in_print(edition):
    flat = squash(text_of(edition))
    shown = []
    for notebook in [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("book/*.ipynb")]:
        for cell in nbformat.read(notebook, as_version=4).cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if cell.cell_type != "code" or "remove-cell" in tags:
                continue
            code = [
                line
                for line in cell.source.splitlines()
                if len(squash(line)) > 25 and not line.strip().startswith(('"', "'", 'f"', "#"))
            ]
            if code and squash(code[0]) in flat:
                shown.append(f"{notebook.name}: {code[0][:50]}")
            for output in cell.get("outputs", []):
                plain = output.get("text") or ""
                if output.get("output_type") == "execute_result":
                    plain = output["data"].get("text/plain", "")
                lines = [line for line in str(plain).splitlines() if len(squash(line)) > 25]
                if lines and squash(lines[0]) in flat:
                    shown.append(f"{notebook.name} output: {lines[0][:50]}")
    assert not shown, f"code or raw output printed: {shown}"


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_no_empty_table_and_no_empty_sources_line(edition):
    text = text_of(edition)
    assert not re.search(r"Sources:\s*\.", text)
    assert not re.search(r"^none(\s+–)+\s*$", text, re.M)


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_web_wording_stays_on_the_site(edition):
    text = text_of(edition).lower()
    for phrase in ("fold-out", "on this page", "for download", r"\bclick (on|the|here)", "hover"):
        assert not re.search(phrase, text), phrase


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_print_typography(edition):
    text = text_of(edition)
    assert not re.search(r"10\^", text), "a power of ten printed as 10^"
    assert not re.search(r"\d x \d", text), "'x' for a multiplication"
    assert not re.search(r"(?<![\w.])\d+(\.\d+)?-\d+(\.\d+)?%", text), "hyphen in a range"


UNITS = {
    "kW",
    "MW",
    "GW",
    "W",
    "kWh",
    "MWh",
    "GB",
    "TB",
    "GB/s",
    "TB/s",
    "ms",
    "s",
    "h",
    "°C",
    "K",
    "FLOP",
    "PFLOPS",
    "TFLOPS",
    "trillion",
    "billion",
    "million",
}


@pytest.mark.parametrize("edition", EDITION_NAMES)
def test_a_number_and_its_unit_stay_on_one_line(edition):
    split = []
    for page in pages(edition_pdf(edition)):
        for line, following in zip(page.lines, page.lines[1:], strict=False):
            same_column = (
                abs(line[0].x0 - following[0].x0) < 30 and 0 < following[0].y0 - line[0].y1 < 8
            )
            if (
                same_column
                and re.fullmatch(r"\d[\d,.]*", line[-1].text)
                and (following[0].text.rstrip(".,;:)") in UNITS)
            ):
                split.append((page.number, line[-1].text, following[0].text))
    assert not split, f"number and unit on two lines: {split}"


def test_undated_references_say_nd():
    bib = parse_file(str(ROOT / "references.bib"))
    undated = [k for k, e in bib.entries.items() if "year" not in e.fields]
    assert undated, "no undated entries to check"
    assert references_text("technical").count("n.d.") >= len(undated)


def test_edition_date_has_one_source(html_dir):
    """CITATION.cff's date-released dates the edition; the changelog and the site agree."""
    version, _ = _release()
    released = re.search(r"^date-released:\s*(\S+)", (ROOT / "CITATION.cff").read_text(), re.M)
    date = released.group(1)
    assert f"## {version} — {date}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    # the footer of every page is filled in from these by _ext/book_version.py
    footer = (html_dir / "book" / "intro.html").read_text(encoding="utf-8")
    assert f"Version {version} ({date})" in footer


def test_site_links_both_editions(html_dir):
    targets = [f"{name}.pdf" for name in EDITIONS.values()]
    front = (html_dir / "book" / "intro.html").read_text(encoding="utf-8")
    chapter = (html_dir / "notebooks" / "01_workloads.html").read_text(encoding="utf-8")
    for page, folder in ((front, html_dir / "book"), (chapter, html_dir / "notebooks")):
        line = re.search(r'class="chapter-downloads">(.*?)</p>', page).group(1)
        hrefs = re.findall(r'href="([^"]+)"', line)
        for target in targets:
            href = next(h for h in hrefs if h.endswith(f"pdf/{target}"))
            assert (folder / href).resolve().exists(), href


def test_appendix_tables_carry_the_appendix_letter():
    name = EDITIONS["technical"]
    first = marks(name)["start book/checks"][0]
    text = "\n".join(p.text() for p in pages(edition_pdf("technical"))[first - 1 : first + 2])
    numbers = re.findall(r"Table ([A-Z0-9]+)\.\d+:", text)
    assert numbers and set(numbers) == {"A"}, numbers
