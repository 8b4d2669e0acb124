"""Every example in khcn's docstrings, the README and the docs runs and holds."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import khcn

ROOT = Path(__file__).resolve().parent.parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[str]:
    names = ["khcn"]
    names.extend(info.name for info in pkgutil.walk_packages(khcn.__path__, prefix="khcn."))
    return names


@pytest.mark.parametrize("name", _modules())
def test_module_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


DOC_FILES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")], key=lambda p: str(p))


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_documentation_examples(path: Path) -> None:
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=FLAGS, encoding="utf-8", verbose=False
    )
    assert result.failed == 0, f"{result.failed} example(s) failed in {path.name}"


def test_every_public_name_has_a_docstring_with_an_example() -> None:
    missing = []
    for name in khcn.__all__:
        if name.startswith("__"):
            continue
        obj = getattr(khcn, name)
        doc = getattr(obj, "__doc__", None) or ""
        if ">>>" not in doc:
            missing.append(name)
    assert not missing, f"public names without a docstring example: {missing}"


def test_all_is_sorted_and_complete() -> None:
    assert list(khcn.__all__) == sorted(khcn.__all__)
    for name in khcn.__all__:
        assert hasattr(khcn, name), name
