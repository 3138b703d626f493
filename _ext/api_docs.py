"""Sphinx extension: the API page's docstrings of module constants, as written.

napoleon reads the first line of a data docstring as ``type: description``, so a constant
documented as ``#: Step length [h]: 5 minutes`` would render "Step length [h]" as a type
(and, in a nitpicky build, warn that no such class exists). For module-level data and
attributes this keeps the docstring as written; functions and classes go through napoleon.
"""

from __future__ import annotations

_ORIGINAL = "_api_docs_original"


def keep(app, what, name, obj, options, lines) -> None:
    if what in ("data", "attribute"):
        app.env.temp_data.setdefault(_ORIGINAL, {})[name] = list(lines)


def restore(app, what, name, obj, options, lines) -> None:
    original = app.env.temp_data.get(_ORIGINAL, {}).pop(name, None)
    if original is not None:
        lines[:] = original


def tuples(app, config) -> None:
    """YAML gives lists; Sphinx matches nitpick_ignore entries as (type, target) tuples."""
    config.nitpick_ignore = [tuple(entry) for entry in config.nitpick_ignore]


def setup(app):
    app.connect("config-inited", tuples)
    app.connect("autodoc-process-docstring", keep, priority=100)  # before napoleon (500)
    app.connect("autodoc-process-docstring", restore, priority=900)  # after it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
