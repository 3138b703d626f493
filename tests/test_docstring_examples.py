"""The package's docstring examples run and give what they show (issue 19: the API page's
examples are tests), and every public function of the physical-domain modules has one."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import analysis

pytestmark = pytest.mark.unit

#: Every module of the package, the check engine's subpackage included ("checks.primary").
MODULES = sorted(
    m.name.removeprefix("analysis.") for m in pkgutil.walk_packages(analysis.__path__, "analysis.")
)

#: Modules whose every public function shows an example (the domain modules, figures and
#: publishing); the others are documented on the API page with examples where they have them.
WITH_EXAMPLES = [
    "workloads", "roofline", "precision", "prefill", "decode", "kvcache", "speculative",
    "collectives", "parallelism", "moe", "cooling", "power", "utilisation", "sustained",
    "lifecycle", "publish", "style", "plotted", "evidence", "kvcache", "label_layout",
    "load_shapes", "power_model", "print_figures", "table_layout", "units", "verdicts",
]  # fmt: skip


def public_functions(module):
    return [
        (name, f)
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__ and not name.startswith("_")
    ]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_pass(name):
    module = importlib.import_module(f"analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"analysis.{name}: {result.failed} example(s) failed"


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_every_public_function_has_an_example(name):
    module = importlib.import_module(f"analysis.{name}")
    missing = [n for n, f in public_functions(module) if ">>> " not in (f.__doc__ or "")]
    assert not missing, f"analysis.{name}: no Examples section in {missing}"


@pytest.mark.parametrize("name", MODULES)
def test_every_module_is_on_the_api_page(name):
    page = (Path(__file__).parents[1] / "book" / "api.md").read_text(encoding="utf-8")
    assert f".. automodule:: analysis.{name}\n" in page, f"analysis.{name} is not in book/api.md"


def test_a_wrong_example_fails():
    """The runner has teeth: an example whose shown output is wrong is counted as failed."""

    def sample():
        """
        >>> 1 + 1
        3
        """

    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(verbose=False)
    for test in finder.find(sample, "sample", globs={}):
        runner.run(test, out=lambda _: None)
    assert runner.failures == 1
