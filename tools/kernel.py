"""The kernel that executes the book's pages: this environment's Python, nobody's settings.

A page's outputs must depend on its inputs only, never on who runs it. So the kernel

- is started from this environment's interpreter (``sys.executable -m ipykernel_launcher``),
  whatever kernelspec named ``python3`` a user has installed;
- imports this checkout's ``analysis`` (``PYTHONPATH`` is the repository root, and with
  ``PYTHONSAFEPATH`` nothing in the page's folder is importable), which is asserted before
  the first cell runs (:func:`check_kernel`);
- runs with every variable that configures Python, IPython, Jupyter or matplotlib removed
  (``PYTHONSTARTUP``, ``PYTHONWARNINGS``, ``MPLBACKEND``, ``MATPLOTLIBRC``, ...), and with
  ``HOME``, ``IPYTHONDIR``, the Jupyter directories and the XDG directories pointing into a
  fresh empty folder, so no matplotlibrc, IPython start-up file or kernelspec of the user is
  read. ``MPLCONFIGDIR`` is a private cache in the environment (matplotlib's font list takes
  seconds to build), emptied of anything but that cache.

The same environment serves nbval (``tests/conftest.py``), so the outputs nbval compares are
produced the way the executor produced them.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
from pathlib import Path

import ipykernel.kernelspec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

ROOT = Path(__file__).resolve().parent.parent
#: Python as the fingerprint records it: minor versions change outputs (reprs, hashing);
#: patch releases of one minor version do not, and CI's Python may differ from a laptop's.
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
#: Prefixes of variables that configure Python, IPython, Jupyter or matplotlib: all removed.
DROPPED_PREFIXES = ("PYTHON", "IPYTHON", "JUPYTER", "JPY_", "MPL", "MATPLOTLIB", "ANALYSIS_")
#: Persistent cache of matplotlib (its font list), private to this environment.
MPL_CACHE = Path(sys.prefix) / "var" / "book-kernel" / "matplotlib"


class ThisPythonSpecs(KernelSpecManager):
    """Every kernel name resolves to this interpreter's ipykernel, like nbval's current env."""

    def get_kernel_spec(self, kernel_name: str):
        return self.kernel_spec_class(
            resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
        )


class ThisPythonKernelManager(AsyncKernelManager):
    """A kernel manager that never consults installed kernelspecs."""

    @default("kernel_spec_manager")
    def _this_python_specs(self) -> KernelSpecManager:
        return ThisPythonSpecs()


def _private_matplotlib_dir() -> Path:
    """``MPLCONFIGDIR``: matplotlib's font cache only (no matplotlibrc, no style sheets)."""
    MPL_CACHE.mkdir(parents=True, exist_ok=True)
    for entry in MPL_CACHE.iterdir():
        if not entry.name.startswith("fontlist-"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return MPL_CACHE


def kernel_environment(home: Path, analysis_env: dict[str, str]) -> dict[str, str]:
    """The environment a page's kernel runs in.

    Parameters
    ----------
    home : Path
        A fresh empty folder: the kernel's ``HOME`` and every configuration directory.
    analysis_env : dict
        ``ANALYSIS_*`` variables to set (data folder, bibliography, reads log).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED_PREFIXES)}
    env = {k: v for k, v in env.items() if not k.startswith("XDG_")}
    home.mkdir(parents=True, exist_ok=True)
    private = {
        "HOME": home,
        "IPYTHONDIR": home / "ipython",
        "JUPYTER_CONFIG_DIR": home / "jupyter" / "config",
        "JUPYTER_CONFIG_PATH": home / "jupyter" / "config",
        "JUPYTER_DATA_DIR": home / "jupyter" / "data",
        "JUPYTER_PATH": home / "jupyter" / "data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter" / "runtime",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_DATA_HOME": home / "data",
        "XDG_CACHE_HOME": home / "cache",
        "MPLCONFIGDIR": _private_matplotlib_dir(),
        "PYTHONPATH": ROOT,  # this checkout's analysis, ahead of any installed copy
    }
    env.update({k: str(v) for k, v in private.items()})
    env.update(
        {
            "PYTHONNOUSERSITE": "1",
            "PYTHONSAFEPATH": "1",  # nothing importable from the page's folder shadows analysis
            "PYTHONHASHSEED": "0",
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "TZ": "UTC",
        }
    )
    env.update(analysis_env)
    return env


#: What the kernel reports before the first cell runs (see :func:`check_kernel`).
KERNEL_PROBE = {
    "analysis": "__import__('analysis').__file__",
    "executable": "__import__('sys').executable",
    "python": "'{0.major}.{0.minor}'.format(__import__('sys').version_info)",
}


def check_kernel(reported: dict[str, str], root: Path = ROOT) -> None:
    """Raise unless the kernel runs this interpreter and imports ``root``'s ``analysis``.

    Parameters
    ----------
    reported : dict
        The kernel's answers to :data:`KERNEL_PROBE`, as Python literals.
    root : Path
        The checkout whose pages are executed.
    """
    analysis_file = Path(reported["analysis"]).resolve()
    if analysis_file.parent != (root / "analysis").resolve():
        raise RuntimeError(
            f"the kernel imported analysis from {analysis_file.parent}, not from this "
            f"checkout's {root / 'analysis'}: remove the other copy from the kernel's path "
            "(PYTHONPATH, a stray analysis/ beside the page) or run `make setup` here"
        )
    if Path(reported["executable"]).resolve() != Path(sys.executable).resolve():
        raise RuntimeError(
            f"the kernel runs {reported['executable']}, not this environment's {sys.executable}"
        )
    if reported["python"] != PYTHON_VERSION:
        raise RuntimeError(f"the kernel runs Python {reported['python']}, not {PYTHON_VERSION}")


def parse_probe(reply: dict) -> dict[str, str]:
    """The probe's values from an ``execute_reply``, or an error naming the failing one."""
    values = {}
    for name, result in reply["content"].get("user_expressions", {}).items():
        if result.get("status") != "ok":
            raise RuntimeError(
                f"the kernel could not report {name}: {result.get('ename')}: "
                f"{result.get('evalue')} (is analysis importable in this environment?)"
            )
        values[name] = ast.literal_eval(result["data"]["text/plain"])
    return values
