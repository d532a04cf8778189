"""The suite is a package: every test folder has an `__init__.py` and helpers are imported by path.

Without packages pytest puts each test folder on `sys.path` and names a module by its file
name alone, so two `test_checkins.py` in different folders clash, and `from web_helpers import
text_of` works only while pytest happens to have put the right folder first. As packages, a
module is `tests.web.test_checkin` and a helper is `tests.web.web_helpers`, whoever imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
MODULES = sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)
# Every module of the suite by its bare name: what an import by name alone would reach.
BARE_NAMES = {path.stem for path in MODULES} - {"__init__", "conftest"}


def imported_names(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in `path`; relative imports keep their leading dots."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def test_every_folder_of_the_suite_that_holds_python_is_a_package():
    folders = {path.parent for path in MODULES}

    assert sorted(str(f.relative_to(TESTS.parent)) for f in folders if not (f / "__init__.py").exists()) == []


def test_helpers_are_imported_by_their_package_path_never_by_bare_name():
    wrong = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {name}"
        for path in MODULES
        for line, name in imported_names(path)
        if name.startswith(".") or name.split(".")[0] in BARE_NAMES
    ]

    assert wrong == [], "import helpers as `from tests.<folder>.<module> import ...`"
