"""Tables for print (the LaTeX builder only).

Every table gets explicit column widths from :func:`analysis.table_layout.column_layout`
(ragged text, numbers right-aligned) and becomes a float with its "Sources" line or, when
long or tall, a table that breaks across pages in the text; a table too wide for the page
is split into parts that each repeat its first column.
"""

from __future__ import annotations

import math
import re
from itertools import combinations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from analysis import table_layout

#: Tables with more body rows than this, or taller than this share of the text block,
#: break across pages in the text instead of floating.
LONG_TABLE_ROWS = 22
FLOAT_MAX_HEIGHT = 0.4
#: Table text size [pt] and the space around each column (two \tabcolsep) [pt], tried in
#: turn: \small, then \footnotesize with tighter columns (latex/tviprint.sty).
TABLE_SIZES = ((9.0, 8.0, "tvi-normal"), (8.0, 6.0, "tvi-small"))
#: Width and height of the text block [pt] (latex/tviprint.sty).
TEXT_WIDTH_PT = 12.2 / 2.54 * 72.27
TEXT_HEIGHT_PT = 23.8 / 2.54 * 72.27
FLOAT_PARENTS = (nodes.section, nodes.document, addnodes.start_of_file, nodes.container)
#: A column of long prose (the checks' basis) that prints as a full-width row under each
#: row of a table this wide: a sixth of the measure would make each row a page tall.
BELOW_COLUMNS = ("Basis",)
BELOW_MIN_COLUMNS = 5


def _has_class(node: nodes.Element, *names: str) -> bool:
    return any(name in node.get("classes", []) for name in names)


def ancestors(node: nodes.Node):
    """The node's parent, grandparent and so on."""
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _cell_text(entry: nodes.Element) -> str:
    """The entry's text, with code in backticks (it is set in a wider font)."""
    parts = []
    for node in entry.findall(nodes.Text):
        if isinstance(node.parent, nodes.raw):
            continue  # LaTeX code (an \allowbreak{}), not text that is set
        text = str(node)
        parts.append(f"`{text}`" if isinstance(node.parent, nodes.literal) else text)
    return re.sub(r"[ \t\n]+", " ", "".join(parts)).strip()


def _rows(table: nodes.table) -> tuple[list[str], list[list[str]]]:
    header: list[str] = []
    body: list[list[str]] = []
    for group in table.findall(nodes.thead):
        for row in group.findall(nodes.row):
            header = [_cell_text(entry) for entry in row.findall(nodes.entry)]
    for group in table.findall(nodes.tbody):
        for row in group.findall(nodes.row):
            body.append([_cell_text(entry) for entry in row.findall(nodes.entry)])
    return header, body


class LayOutTables(SphinxPostTransform):
    """Explicit column widths and a placement (float or long table) per table; a table too
    wide for the page is split into parts that repeat its first column."""

    default_priority = 310
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            if any(isinstance(a, nodes.table) for a in ancestors(table)):
                continue  # nested: the outer table's layout decides
            header, body = _rows(table)
            ncols = max((len(row) for row in [header, *body]), default=0)
            if not ncols or any(len(row) != ncols for row in [header, *body] if row):
                continue  # merged cells: leave to Sphinx
            below = _below_column(header)
            if below is not None:
                header = [h for i, h in enumerate(header) if i != below]
                body = [[c for i, c in enumerate(row) if i != below] for row in body]
                _move_below(table, below)
                table["classes"].append("longtable")  # tall: it breaks in the text
            long = len(body) > LONG_TABLE_ROWS or _has_class(table, "longtable")
            floatable = all(isinstance(a, FLOAT_PARENTS) for a in ancestors(table))
            kind = "tvi-long" if long else ("tvi-table" if floatable else "tvi-inline")
            if long:
                table["classes"].append("longtable")
            groups = _column_groups(header, body)
            if len(groups) > 1:  # parts follow each other: they break, never float
                kind = "tvi-long"
                table["classes"].append("longtable")
            parts = [table] if len(groups) == 1 else _split(table, groups)
            for part, columns in zip(parts, groups, strict=True):
                head = [header[c] for c in columns] if header else []
                rows = [[row[c] for c in columns] for row in body]
                size_class, layout = _fit(head, rows)
                if kind == "tvi-table" and _height(head, rows, layout, size_class) > (
                    FLOAT_MAX_HEIGHT * TEXT_HEIGHT_PT
                ):  # a float this tall leaves gaps: let it break in the text instead
                    kind = "tvi-long"
                    part["classes"].append("longtable")
                _wrap(part, kind, size_class, table_layout.latex_colspec(layout))


def _below_column(header: list[str]) -> int | None:
    """Index of the column that prints under each row, if the table has one."""
    if len(header) < BELOW_MIN_COLUMNS:
        return None
    return next((i for i, name in enumerate(header) if name in BELOW_COLUMNS), None)


def _move_below(table: nodes.table, column: int) -> None:
    """Each body row's cell in ``column`` moves into a row of its own under it, spanning
    the table and led by the column's name; the header loses the column."""
    group = next(iter(table.findall(nodes.tgroup)))
    specs = [c for c in group.children if isinstance(c, nodes.colspec)]
    group.remove(specs[column])
    group["cols"] = len(specs) - 1
    name = ""
    for head in group.findall(nodes.thead):
        for row in head.findall(nodes.row):
            entry = [e for e in row.children if isinstance(e, nodes.entry)][column]
            name = entry.astext().strip()
            row.remove(entry)
    for tbody in group.findall(nodes.tbody):
        for row in list(tbody.children):
            cell = [e for e in row.children if isinstance(e, nodes.entry)][column]
            row.remove(cell)
            if not cell.astext().strip():
                continue
            cell["morecols"] = len(specs) - 2
            paragraph = next(iter(cell.findall(nodes.paragraph)), None)
            if paragraph is not None:
                paragraph.insert(0, nodes.emphasis(f"{name}: ", f"{name}: "))
            tbody.insert(tbody.index(row) + 1, nodes.row("", cell, classes=["tvi-below"]))


def _fit(header: list[str], body: list[list[str]]):
    """The largest table size at which the columns fit the text block; failing that the
    smallest, squeezed."""
    for size, pad, size_class in TABLE_SIZES:
        layout = table_layout.column_layout(header, body, TEXT_WIDTH_PT, size, pad)
        if layout is not None:
            return size_class, layout
    size, pad, size_class = TABLE_SIZES[-1]
    return size_class, table_layout.column_layout(
        header, body, TEXT_WIDTH_PT, size, pad, force=True
    )


def _height(head: list[str], rows: list[list[str]], layout, size_class: str) -> float:
    """Estimated height of a table set with ``layout`` [pt]: wrapped lines of each row."""
    size = next(size for size, _, name in TABLE_SIZES if name == size_class)
    line = size * 1.2 * 1.15  # baseline skip and \arraystretch
    total = 0.0
    for index, row in enumerate([head, *rows] if head else rows):
        lines = max(
            math.ceil(
                table_layout.text_width_em(cell, bold=index == 0 and bool(head)) * size / width
            )
            or 1
            for cell, (width, _) in zip(row, layout, strict=False)
        )
        total += lines * line
    return total


def _column_groups(header: list[str], body: list[list[str]]) -> list[list[int]]:
    """Columns in groups that each fit the page: all of them when the table fits (its
    text may wrap); otherwise the fewest contiguous groups, each repeating column 0 (what
    the rows are), in which no cell needs to wrap; failing that, the fewest that fit."""
    ncols = len(header) if header else len(body[0])

    def layout(columns: list[int], size_index: int, comfortable: bool):
        size, pad, _ = TABLE_SIZES[size_index]
        head = [header[c] for c in columns] if header else []
        rows = [[row[c] for c in columns] for row in body]
        found = table_layout.column_layout(head, rows, TEXT_WIDTH_PT, size, pad)
        if found is None or not comfortable:
            return found
        natural = table_layout.column_layout(head, rows, 1e9, size, pad)
        return found if found == natural else None

    everything = list(range(ncols))
    if any(layout(everything, i, False) for i in range(len(TABLE_SIZES))):
        return [everything]
    for comfortable in (True, False):
        for parts in range(2, ncols):
            best = None
            for cuts in combinations(range(2, ncols), parts - 1):
                bounds = [1, *cuts, ncols]
                groups = [[0, *range(a, b)] for a, b in zip(bounds, bounds[1:], strict=False)]
                if all(
                    any(layout(g, i, comfortable) for i in range(len(TABLE_SIZES))) for g in groups
                ):
                    spread = max(map(len, groups)) - min(map(len, groups))
                    if best is None or spread < best[0]:
                        best = (spread, groups)
            if best:
                return best[1]
    return [everything]


def _keep_columns(table: nodes.table, columns: list[int]) -> None:
    group = next(iter(table.findall(nodes.tgroup)))
    specs = [c for c in group.children if isinstance(c, nodes.colspec)]
    for index, spec in enumerate(specs):
        if index not in columns:
            group.remove(spec)
    group["cols"] = len(columns)
    for row in table.findall(nodes.row):
        entries = [e for e in row.children if isinstance(e, nodes.entry)]
        for index, entry in enumerate(entries):
            if index not in columns:
                row.remove(entry)


def _split(table: nodes.table, groups: list[list[int]]) -> list[nodes.table]:
    """``table`` cut into one table per column group; the later ones are continuations
    (same number, no label, caption "continued")."""
    parts = [table.deepcopy() for _ in groups[1:]]
    parent = table.parent
    at = parent.index(table) + 1
    for part, columns in zip(parts, groups[1:], strict=True):
        _keep_columns(part, columns)
        part["ids"], part["names"] = [], []
        for title in list(part.findall(nodes.title)):
            title.parent.remove(title)
        docname = next((a["docname"] for a in ancestors(table) if "docname" in a), "")
        label = f"{docname}:{(table['ids'] or [''])[0]}"
        note = nodes.raw("", rf"\tvicontinued{{\detokenize{{{label}}}}}", format="latex")
        parent.insert(at, note)
        parent.insert(at + 1, part)
        at += 2
    _keep_columns(table, groups[0])
    return [table, *parts]


def _wrap(table: nodes.table, kind: str, size_class: str, spec: str) -> None:
    """Put ``table`` (and the sources line under it, for a float) in a classed container."""
    parent = table.parent
    index = parent.index(table)
    following = parent[index + 1] if index + 1 < len(parent) else None
    box = nodes.container(classes=[kind, size_class])
    parent.remove(table)
    box += table
    if (
        kind == "tvi-table"
        and isinstance(following, nodes.paragraph)
        and following.astext().startswith(("Sources:", "Source:"))
    ):
        parent.remove(following)
        box += nodes.container("", following, classes=["tvi-sources"])
    parent.insert(index, box)
    parent.insert(index, addnodes.tabular_col_spec(spec=spec))
