"""The executor's kernel: this environment's Python, this checkout's analysis, no user settings.

End to end (a hostile user configuration leaves a page's outputs byte for byte the same) is
in tests/test_rebuilds.py; these are the pieces.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import kernel
from conftest import ROOT

pytestmark = pytest.mark.unit


def reported(**changes: str) -> dict[str, str]:
    values = {
        "analysis": str(ROOT / "analysis" / "__init__.py"),
        "executable": sys.executable,
        "python": kernel.PYTHON_VERSION,
    }
    return {**values, **changes}


def test_this_checkout_passes():
    kernel.check_kernel(reported())


def test_another_copy_of_analysis_is_refused(tmp_path):
    other = tmp_path / "elsewhere" / "analysis" / "__init__.py"
    with pytest.raises(RuntimeError, match=r"imported analysis from .*elsewhere.*not from this"):
        kernel.check_kernel(reported(analysis=str(other)))


def test_a_stray_analysis_beside_the_page_is_refused():
    stray = ROOT / "notebooks" / "analysis" / "__init__.py"
    with pytest.raises(RuntimeError, match=r"stray analysis/ beside the page"):
        kernel.check_kernel(reported(analysis=str(stray)))


def test_another_interpreter_or_python_is_refused():
    with pytest.raises(RuntimeError, match=r"not this environment's"):
        kernel.check_kernel(reported(executable="/usr/bin/false"))
    with pytest.raises(RuntimeError, match=r"Python 3\.99, not 3\.11"):
        kernel.check_kernel(reported(python="3.99"))


def test_every_kernel_name_is_this_interpreter():
    spec = kernel.ThisPythonSpecs().get_kernel_spec("python3")
    assert spec.argv[0] == sys.executable
    assert spec.argv[1:3] == ["-m", "ipykernel_launcher"]


def test_environment_drops_user_settings(tmp_path, monkeypatch):
    user = {
        "PYTHONSTARTUP": "/home/me/startup.py",
        "PYTHONWARNINGS": "always",
        "PYTHONPATH": "/home/me/lib",
        "MPLBACKEND": "agg",
        "MATPLOTLIBRC": "/home/me/matplotlibrc",
        "MPLCONFIGDIR": "/home/me/.config/matplotlib",
        "IPYTHONDIR": "/home/me/.ipython",
        "JUPYTER_PATH": "/home/me/jupyter",
        "XDG_CONFIG_HOME": "/home/me/.config",
        "ANALYSIS_READS_LOG": "/tmp/other.log",
        "HOME": "/home/me",
    }
    for name, value in user.items():
        monkeypatch.setenv(name, value)
    env = kernel.kernel_environment(tmp_path / "home", {"ANALYSIS_DATA_DIR": "/x"})
    for name in ("PYTHONSTARTUP", "PYTHONWARNINGS", "MPLBACKEND", "MATPLOTLIBRC"):
        assert name not in env
    for name in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_PATH", "XDG_CONFIG_HOME", "HOME"):
        assert not env[name].startswith("/home/me"), name
    assert env["PYTHONPATH"] == str(ROOT)
    assert env["ANALYSIS_DATA_DIR"] == "/x" and "ANALYSIS_READS_LOG" not in env
    assert env["PATH"] == os.environ["PATH"]  # the tools the kernel may call
    assert not any(Path(env["MPLCONFIGDIR"]).glob("matplotlibrc"))
