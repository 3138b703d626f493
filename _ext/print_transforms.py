"""Doctree changes for print (the LaTeX builder only).

- Web artefacts never print: code-cell inputs, raw text outputs (streams, ``text/plain``
  reprs such as a DataFrame print-out), and anything marked ``web-only`` (a class, or the
  cell tag ``web-only``). Prose that only makes sense on the site goes in a MyST
  ``{only} html`` block, with its print wording in ``{only} latex``.
- Every table gets explicit column widths and a placement (``print_tables``).
- Typography: a no-break space between a number and its unit, en dashes in numeric
  ranges, × between numbers, and powers of ten written ``10^25`` set as 10²⁵.
- References to pages an edition leaves out print as text naming where they are.
- The bibliography prints inside the references page, not as an extra chapter at the end.
"""

from __future__ import annotations

import re

import print_tables
from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import clean_astext
from sphinx.writers.latex import LaTeXTranslator


def _has_class(node: nodes.Element, *names: str) -> bool:
    return any(name in node.get("classes", []) for name in names)


class DropWebArtefacts(SphinxPostTransform):
    """Remove code inputs, raw text outputs and ``web-only`` material from print."""

    default_priority = 300
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if node.parent is None:
                continue  # already removed with an ancestor
            if _has_class(node, "web-only", "tag_web-only"):
                node.parent.remove(node)
            elif node.get("nb_element") == "cell_code_source":
                node.parent.remove(node)
            elif isinstance(node, nodes.literal_block) and _has_class(node, "output"):
                node.parent.remove(node)
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") in ("cell_code", "cell_code_output") and not cell.children:
                cell.parent.remove(cell)


_UNITS = (
    r"(?:[kMGTPE]?(?:W|Wh|Hz|B|B/s|b/s|bit|FLOPs?|FLOPS|FLOP/s)|[KMGT]iB|TFLOPS|PFLOPS|EFLOPS"
    r"|ms|µs|ns|s|h|min|°C|K|V|kV|A|m|mm|cm|m²|m³|L/min|L|kg|t|%|USD|US\$|trillion|billion"
    r"|million|thousand|tokens?|GPUs?|chips?|racks?|years?|months?|days?|hours?|B\b)"
)
_NUMBER_UNIT = re.compile(rf"(?<=\d) (?={_UNITS}(?![A-Za-z]))")
_RANGE = re.compile(r"(?<![A-Za-z\d./-])(\d[\d.,]*)-(?=\d[\d.,]*(?![\d-]))")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMES = re.compile(r"(?<=\d) x (?=\d)|(\w*\d)x(?=[\s,.;:)]|$)")
_POWER = re.compile(r"10\^\{?(-?\d+)\}?")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_VERBATIM = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.target,
)


def _times(match: re.Match) -> str:
    """'3 x 4' as 3 × 4 and '2x' as 2×; a name such as TPU7x or H100x is left as written."""
    word = match.group(1)
    if word is None:
        return " × "
    return match.group(0) if re.search(r"[A-Za-z_]", word) else f"{word}×"


def typeset(text: str) -> str:
    """Print typography for one run of text (see the module docstring)."""
    text = _POWER.sub(lambda m: "10" + m.group(1).translate(_SUPERSCRIPT), text)
    text = _TIMES.sub(_times, text)
    if not _DATE.search(text):
        text = _RANGE.sub(r"\1–", text)
    return _NUMBER_UNIT.sub("\u00a0", text)


class Typeset(SphinxPostTransform):
    """No-break spaces, dashes, × and powers of ten in the printed text (before the tables
    are measured: a no-break space joins what it ties)."""

    default_priority = 305
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or any(
                isinstance(a, _VERBATIM) for a in [parent, *print_tables.ancestors(text)]
            ):
                continue
            if "://" in text or str(text).startswith("www."):
                continue  # a URL shown as a link's text
            new = typeset(str(text))
            # identifiers such as memory_bandwidth_TB_per_s may break after each "_", and
            # any text after a zero-width space (analysis.appendix.breakable)
            pieces = re.split(r"(?<=[_\u200b])(?=[^_\s])", new)
            if len(pieces) > 1:
                replacement: list[nodes.Node] = [nodes.Text(pieces[0])]
                for piece in pieces[1:]:
                    allow = nodes.raw("", r"\allowbreak{}", format="latex")
                    replacement += [allow, nodes.Text(piece)]
                parent.replace(text, replacement)
            elif new != str(text):
                parent.replace(text, nodes.Text(new))


# -- edition assembly helpers (called by print_edition) -------------------------------------
def _target_doc(env, std, node: addnodes.pending_xref) -> tuple[str | None, str]:
    """The page a cross-reference points to, and the text it should print."""
    reftype, target = node.get("reftype"), node.get("reftarget", "")
    if node.get("refdomain") == "std" and reftype in ("ref", "numref"):
        label = target.lower() if reftype == "ref" else target
        if label in std.labels:
            docname, _, sectname = std.labels[label]
            title = node.astext() if node.get("refexplicit") else sectname
            return docname, title if reftype == "ref" else ""
        if label in std.anonlabels:
            return std.anonlabels[label][0], ""
        return None, ""
    if reftype == "doc" or (reftype == "myst" and not target.startswith("#")):
        from sphinx.util import docname_join

        docname = docname_join(node.get("refdoc", ""), target.split("#")[0]).removesuffix(".md")
        if docname in env.all_docs:
            title = node.astext() if node.get("refexplicit") else clean_astext(env.titles[docname])
            return docname, title
    return None, ""


def keep_introduction_only(env, docname: str, tree: nodes.Node) -> None:
    """A page whose front matter says ``print: introduction-only`` prints its opening text
    and none of its subsections (the API reference stays on the site)."""
    if env.metadata.get(docname, {}).get("print") != "introduction-only":
        return
    top = next(iter(tree.findall(nodes.section)), None)
    for sub in [n for n in top.children if isinstance(n, nodes.section)] if top else []:
        top.remove(sub)


def drop_tables_with_column(document: nodes.document, column: str) -> set[str]:
    """Remove every table with a column headed ``column`` and the 'Sources:' line under it
    (an edition that leaves out the checks' inventories); return the removed tables' ids."""
    dropped: set[str] = set()
    for table in list(document.findall(nodes.table)):
        heads = [entry.astext().strip() for head in table.findall(nodes.thead)
                 for entry in head.findall(nodes.entry)]  # fmt: skip
        if column not in heads:
            continue
        dropped.update(table["ids"])
        parent = table.parent
        after = parent.index(table) + 1
        if after < len(parent) and parent[after].astext().startswith("Sources:"):
            parent.remove(parent[after])
        parent.remove(table)
    return dropped


def refer_to_dropped(builder, document: nodes.document, dropped: set[str], full) -> None:
    """References to a table this edition leaves out name it in the technical edition."""
    std = builder.env.get_domain("std")
    for node in list(document.findall(addnodes.pending_xref)):
        target = node.get("reftarget", "")
        docname, label_id, _ = std.labels.get(target, (None, None, None))
        if label_id not in dropped:
            continue
        number = builder.env.toc_fignumbers.get(docname, {}).get("table", {}).get(label_id)
        name = f"Table {'.'.join(map(str, number))}" if number else "a table"
        node.replace_self(nodes.inline("", f"{name} of the {full.name.lower()}"))


def cited_in(builder, document: nodes.document) -> set[str]:
    """Bibliography keys that the assembled document still cites."""
    domain = builder.env.get_domain("cite")
    # a citation's id is unique within its page only: look it up with the page's name
    refs = {(ref.docname, ref.citation_ref_id): ref.targets for ref in domain.citation_refs}
    keys: set[str] = set()
    for page in document.findall(addnodes.start_of_file):
        for node in page.findall(addnodes.pending_xref):
            if node.get("refdomain") == "cite":
                ids = (page["docname"], (node.get("ids") or [""])[0])
                keys.update(target.key for target in refs.get(ids, []))
    return keys


def refer_outside(builder, document: nodes.document, edition, full) -> None:
    """References to pages this edition leaves out print as text naming their place."""
    std = builder.env.get_domain("std")
    for node in list(document.findall(addnodes.pending_xref)):
        docname, title = _target_doc(builder.env, std, node)
        if docname is None or docname in edition.docnames:
            continue
        where = full.labels.get(docname, "")
        place = f"{full.name.lower()}, {where}" if where else full.name.lower()
        if title:  # "(The B200's compute, technical edition, Appendix A)" reads in any bracket
            replacement = nodes.inline("", "", nodes.emphasis(title, title))
            replacement += nodes.Text(f", {place}")
        else:
            replacement = nodes.inline("", f"the {place}")
        node.replace_self(replacement)


def place_bibliography(builder, document: nodes.document, keep: set[str] | None) -> None:
    """Move the gathered bibliography into the page holding the bibliography directive,
    keeping only the keys in ``keep`` (all when None)."""
    domain = builder.env.get_domain("cite")
    key_of = {citation.citation_id: citation.key for citation in domain.citations}
    host_docs = {key.docname for key in domain.bibliographies}
    for bibliography in list(document.findall(thebibliography)):
        if keep is not None:
            for citation in list(bibliography.children):
                if key_of.get((citation.get("ids") or [""])[0]) not in keep:
                    bibliography.remove(citation)
        host = next(
            (
                sof
                for sof in document.findall(addnodes.start_of_file)
                if sof["docname"] in host_docs
            ),
            None,
        )
        if host is None:
            continue
        bibliography.parent.remove(bibliography)
        section = next(iter(host.findall(nodes.section)), host)
        if len(bibliography):
            section += bibliography


def _medium_role(css_class: str):
    """An inline role whose text shows on one medium only (``web-only`` or ``print-only``)."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [nodes.inline(rawtext, text, classes=[css_class])], []

    return role


class DropPrintOnly(SphinxPostTransform):
    """The site leaves out what only print shows (the ``{print}`` role)."""

    default_priority = 300
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.inline)):
            if "print-only" in node["classes"] and node.parent is not None:
                node.parent.remove(node)


class KeepRowsTogether(LaTeXTranslator):
    """A table row and the full-width "Basis" row under it stay on one page, unruled."""

    def depart_row(self, node: nodes.Element) -> None:
        start = len(self.body)
        super().depart_row(node)
        following = node.next_node(descend=False, siblings=True)
        if isinstance(following, nodes.row) and "tvi-below" in following["classes"]:
            # no rule between the two, and no page break: Sphinx's tables lose the \\* one
            if self.body[start + 1 :] == [r"\sphinxhline"]:
                del self.body[start + 1]
            self.body.append("\\noalign{\\penalty10000}\n")


def _keep_rows_together(app) -> None:
    # Registered for LaTeX builds only: with any translator registered, the HTML theme
    # wraps only those, and its pages lose their accessibility fixes (aria-level).
    if app.builder.name == "latex":
        app.set_translator("latex", KeepRowsTogether, override=True)


def setup(app) -> None:
    # {web}`...` shows on the site only, {print}`...` in the PDF only; for whole blocks use
    # MyST's ```{only} html``` and ```{only} latex```.
    app.add_role("web", _medium_role("web-only"))
    app.add_role("print", _medium_role("print-only"))
    app.add_post_transform(DropPrintOnly)
    app.add_post_transform(DropWebArtefacts)
    app.add_post_transform(print_tables.LayOutTables)
    app.add_post_transform(Typeset)
    app.connect("builder-inited", _keep_rows_together)
