"""Module digests ignore docstrings and comments unless the module prints its docstrings."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import fingerprint  # noqa: E402

pytestmark = pytest.mark.unit


def digest_of(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return fingerprint.module_digest(path)


def test_docstring_and_comment_edits_do_not_count(tmp_path):
    before = digest_of(tmp_path, "a.py", '"""Doc."""\nX = 1\n')
    after = digest_of(tmp_path, "b.py", '"""Doc, edited."""\n# a comment\nX = 1\n')
    assert before == after


def test_code_edits_count(tmp_path):
    assert digest_of(tmp_path, "a.py", "X = 1\n") != digest_of(tmp_path, "b.py", "X = 2\n")


def test_docstring_edits_count_where_the_module_reads_its_docstrings(tmp_path):
    # A module that prints __doc__ puts its docstrings in a page's output.
    before = digest_of(tmp_path, "a.py", '"""Doc."""\nTEXT = __doc__\n')
    after = digest_of(tmp_path, "b.py", '"""Doc, edited."""\nTEXT = __doc__\n')
    assert before != after
