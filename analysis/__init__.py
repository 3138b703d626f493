"""Computations behind the executable book *AI training versus AI inference*.

One module per physical domain, in the style of pvlib-python: small pure functions
that take scalars, numpy arrays or pandas Series, with units in [brackets] in each
docstring and the bib key of the formula's or value's source. Sourced tables live in
``data/`` and are read only through :func:`analysis.data.load`, which validates them
against the schema file beside each table.
"""

from importlib.metadata import version as _installed_version
from pathlib import Path as _Path


def _version() -> str:
    """``pyproject.toml``'s version, the one place it is typed (else the installed one's)."""
    import tomllib

    pyproject = _Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        return tomllib.loads(pyproject.read_text())["project"]["version"]
    return _installed_version("training-vs-inference-analysis")


__version__ = _version()
