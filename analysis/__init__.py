"""Computations behind the executable book *AI training versus AI inference*.

One module per physical domain, in the style of pvlib-python: small pure functions
that take scalars, numpy arrays or pandas Series, with units in [brackets] in each
docstring and the bib key of the formula's or value's source. Sourced tables live in
``data/`` and are read only through :func:`analysis.data.load`, which validates them
against the schema file beside each table.
"""

__version__ = "0.1.0"
