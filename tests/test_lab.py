"""A reader re-executes a chapter in JupyterLab (issue 19): the lab of `make lab` starts on a
local port, opens the chapter's Markdown source as a notebook (jupytext), runs all cells
in a fresh kernel through the Run menu; every cell finishes without error and the figures
render. Nothing is requested from another host."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT, require

pytestmark = pytest.mark.browser

LAB = ROOT / ".venv-lab" / "bin" / "jupyter"
CHAPTER = "01_workloads.md"
#: A fresh kernel imports numpy, pandas and matplotlib and runs the chapter [s].
RUN_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` installs it, serving a copy of one chapter on 127.0.0.1
    (a copy: saving from the lab would rewrite the source)."""
    require(LAB, "make lab-setup")
    work = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "notebooks" / CHAPTER, work / CHAPTER)
    home = tmp_path_factory.mktemp("jupyter-home")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    port, token = free_port(), secrets.token_hex(16)
    args = [
        str(LAB), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if os.geteuid() == 0:
        args.append("--allow-root")  # as `make lab` does when run as root (CI)
    log = open(home / "lab.log", "w")  # noqa: SIM115  (closed below)
    server = subprocess.Popen(args, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail(f"JupyterLab did not start: {(home / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield base, token, work
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def test_a_chapter_runs_top_to_bottom_in_jupyterlab(browser, lab):
    base, token, work = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith((base, "data:", "blob:"))
            else (outside.append(route.request.url), route.abort())
        ),
    )
    # A double click on the .md opens it as a notebook: the lab's default viewer for
    # Markdown is jupytext's (tools/lab/overrides.json); the URL does the same.
    page.goto(f"{base}/lab/tree/{CHAPTER}?token={token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    notebook = page.locator(".jp-NotebookPanel").first
    notebook.wait_for(state="visible", timeout=60_000)
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle'; }",
        timeout=60_000,
    )
    code_cells = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets"
        ".filter(c => c.model.type === 'code').length"
    )
    assert code_cells > 5, "the chapter did not open as a notebook"
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        "() => { const cells = window.jupyterapp.shell.currentWidget.content.widgets"
        "  .filter(c => c.model.type === 'code');"
        " return cells.every(c => c.model.executionCount !== null)"
        "  && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
        "     === 'idle'; }",
        timeout=RUN_TIMEOUT_S * 1000,
    )
    errors = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets"
        ".filter(c => c.model.type === 'code')"
        ".flatMap(c => c.model.outputs.toJSON())"
        ".filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`)"
    )
    assert not errors, errors
    counts = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets"
        ".filter(c => c.model.type === 'code').map(c => c.model.executionCount)"
    )
    assert counts == list(range(1, len(counts) + 1)), f"not a fresh top-to-bottom run: {counts}"
    figures = page.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg")
    source = (work / CHAPTER).read_text(encoding="utf-8")
    expected = source.count("style.show(")
    assert figures.count() >= expected, f"{figures.count()} figures shown, {expected} expected"
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        box = figure.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, f"figure {i + 1} is not drawn"
    assert not outside, f"the lab requested other hosts: {outside[:5]}"
    page.close()
