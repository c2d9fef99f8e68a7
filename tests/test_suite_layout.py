"""The suite itself: test modules share code only through tests/helpers/.

A test module that imports another test module (or a conftest) ties the two together: moving or
renaming a test breaks one that merely borrowed its builder, and pytest may collect the
borrowed tests twice.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.paths import REPO_ROOT

TESTS = REPO_ROOT / "tests"
# Builders that are moving to tests/helpers/questions.py in a change of their own; until it
# lands, these three names may still be imported from where they are now.
def borrowed(source: str, module: str) -> list[str]:
    """Return what the module imports from the suite outside tests.helpers, as "module:name"."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [(alias.name, "*") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            origin = ".".join(base + ([node.module] if node.module else []))
            # From a package ("from tests import conftest") the names are modules.
            is_package = (REPO_ROOT / origin.replace(".", "/")).is_dir()
            targets = [(f"{origin}.{alias.name}", "*") if is_package else (origin, alias.name)
                       for alias in node.names]
        else:
            continue
        for target, name in targets:
            inside = target == "tests" or target.startswith("tests.")
            helper = target == "tests.helpers" or target.startswith("tests.helpers.")
            if inside and not helper:
                found.append(f"{target}:{name}")
    return found


def module_name(path: Path) -> str:
    """Return the dotted name of a file of the suite."""
    return ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)


def test_test_modules_share_code_only_through_helpers() -> None:
    offenders = {module_name(path): found for path in sorted(TESTS.rglob("*.py"))
                 if (found := borrowed(path.read_text(encoding="utf-8"), module_name(path)))}

    assert offenders == {}, "move what they import to tests/helpers/ and import it from there"


CASES = [
    ("from tests.conftest import make_user", ["tests.conftest:make_user"]),
    ("from tests.web.test_quiz import start", ["tests.web.test_quiz:start"]),
    ("import tests.web.test_quiz", ["tests.web.test_quiz:*"]),
    ("from tests import conftest", ["tests.conftest:*"]),
    ("from .test_quiz import start", ["tests.web.test_quiz:start"]),
    ("from . import classroom", ["tests.web.classroom:*"]),
    ("from ..conftest import PASSWORD", ["tests.conftest:PASSWORD"]),
    ("from tests.helpers.accounts import Auth", []),
    ("from tests.helpers import accounts", []),
    ("from teaching.storage.db import Database", []),
    ("from tests.answers import right_answer", ["tests.answers:right_answer"]),
]


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[source for source, _ in CASES])
def test_the_layout_check_sees_every_way_of_importing_a_test_module(
        source: str, expected: list[str]) -> None:
    assert borrowed(source, "tests.web.test_example") == expected
