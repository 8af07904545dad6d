"""Layering: the engine stays GUI-free, and the designer uses only simulator's public API.

The other import contracts (simulator.model imports no other project package, the engine
does not import files) are import-linter contracts in pyproject.toml (`lint-imports`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CODE = """
import sys, pkgutil, importlib, simulator
for info in pkgutil.walk_packages(simulator.__path__, "simulator."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
bad = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "designer")]
print(bad)
sys.exit(1 if bad else 0)
"""


def test_simulator_never_imports_qt() -> None:
    """Every simulator module imports without pulling in PySide6, pyqtgraph or designer."""
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


ROOT = Path(__file__).resolve().parents[1]


def _public_names(module: str) -> set[str] | None:
    """The `__all__` of `simulator.X` (a package or a top-level module); None when `module`
    is not such a public API (a submodule such as `simulator.model.params`) or has none."""
    parts = module.split(".")
    if len(parts) != 2 or parts[0] != "simulator":
        return None
    base = ROOT / "simulator" / parts[1]
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    if not path.exists():
        return None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                return set(ast.literal_eval(node.value)) if node.value else set()
    return None


def _simulator_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) of every name `path` imports from `simulator`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "simulator":
                found += [(node.lineno, node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name, "")
                for alias in node.names
                if alias.name.split(".")[0] == "simulator"
            ]
    return found


def designer_import_violations() -> list[str]:
    """Every import in `designer/` of a simulator name that is not public."""
    bad = []
    for path in sorted((ROOT / "designer").rglob("*.py")):
        for line, module, name in _simulator_imports(path):
            public = _public_names(module)
            if public is None or (name and name not in public):
                where = f"{path.relative_to(ROOT)}:{line}"
                bad.append(f"{where}: {module}.{name}" if name else f"{where}: import {module}")
    return bad


def test_designer_imports_only_public_simulator_names() -> None:
    """The designer imports from `simulator` only names that a simulator package (or a
    top-level simulator module) lists in its `__all__`, never from its submodules."""
    bad = designer_import_violations()
    assert not bad, "not in a simulator package's __all__:\n" + "\n".join(bad)


def test_public_name_check_tells_public_from_private(tmp_path: Path) -> None:
    """The check flags a submodule import and a name missing from `__all__`, and accepts a
    name that a simulator package exports."""
    module = tmp_path / "sample.py"
    module.write_text(
        "from simulator.model import Topology, NotExported\n"
        "from simulator.model.params import fmt\n"
    )
    found = [(m, n, _public_names(m)) for _, m, n in _simulator_imports(module)]
    verdicts = [public is not None and name in public for _, name, public in found]
    assert verdicts == [True, False, False]


def test_model_contract_names_every_other_simulator_package() -> None:
    """A new simulator package cannot slip past the model's import contract: every top-level
    package or module of simulator, but the model and the ASL leaf, is forbidden to it."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    model = next(c for c in contracts if c["source_modules"] == ["simulator.model"])
    names = {
        f"simulator.{p.stem if p.is_file() else p.name}"
        for p in (root / "simulator").iterdir()
        if (p.suffix == ".py" and not p.name.startswith("__")) or (p / "__init__.py").exists()
    }
    missing = names - set(model["forbidden_modules"]) - {"simulator.model", "simulator.workflow"}
    assert not missing
