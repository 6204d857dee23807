"""The layers are kept by import-linter ([tool.importlinter] in pyproject.toml), not by review: the package keeps
every contract, and a copy of it with one forbidden import added breaks exactly the contract that forbids it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True{only}))"


def lint(cwd: Path, contract: str | None = None) -> subprocess.CompletedProcess:
    only = f", limit_to_contracts=({contract!r},)" if contract else ""
    return subprocess.run([sys.executable, "-c", LINT.format(only=only)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_the_package_keeps_every_contract():
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout and "6 kept" in out.stdout


@pytest.mark.parametrize("contract, file, line", [
    ("simulator", "checks/session.py", "import pos_doctor.simulator"),   # the session would start it itself
    ("codecs", "protocols/zvt/framing.py", "import pos_doctor.config"),  # a codec reading the configuration
    ("leaves", "privacy.py", "from pos_doctor import yamlfile"),         # the codecs would reach yamlfile through it
    ("console", "checks/model.py", "import rich"),                       # a finding rendering itself
    ("layers", "playbooks/saved.py", "from pos_doctor.records import recorder"),  # the records <-> playbooks cycle
    ("layers", "fix/session.py", "from pos_doctor.ui import wizard"),    # the application drawing its own screen
    ("layers", "ui/fix_prompter.py", "from pos_doctor.fix import session"),  # the screen running the fix
    ("layers", "records/summary.py", "import pos_doctor.fix.transcript"),  # the records reaching up for the builder
    ("console", "fix/session.py", "import rich"),                        # the application module printing
    ("commands", "cli/check.py", "from pos_doctor.cli import fix"),      # check offering the fix through the command
])
def test_one_forbidden_import_breaks_its_contract(tmp_path, contract, file, line):
    shutil.copytree(ROOT / "pos_doctor", tmp_path / "pos_doctor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / "pos_doctor" / file
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    out = lint(tmp_path, contract)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "1 broken" in out.stdout and "BROKEN" in out.stdout
    importer = "pos_doctor." + file.removesuffix(".py").replace("/", ".")
    assert importer in out.stdout  # the report names the module that broke it (in the copy: the package is clean)


def test_no_module_imports_another_modules_private_name():
    """Private names stay private (import-linter checks modules, not names): no `from pos_doctor.x import _y` and no
    `from .x import _y` anywhere in the package (an `import y as _y` of a public name is a module's own business)."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "pos_doctor"
    crossing = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("pos_doctor")):
                crossing += [f"{path.relative_to(package)}:{node.lineno} {a.name}" for a in node.names
                             if a.name.startswith("_") and not a.name.startswith("__")]
    assert crossing == []
