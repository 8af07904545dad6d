"""Build hook: compile the engine's hot modules with mypyc (`simulator/compiled.py`).

A wheel gets the C extensions and `simulator/_compiled.json` (the digests of the
sources compiled); an editable install builds both in place, beside the sources, where
`simulator.compiled.choose` checks them at start-up. With `EVENTSCAPE_PURE=1` set, or
when compiling fails (no C compiler or Python headers), the package is built without
them and the engine runs interpreted, at about a third of the speed; the build says so.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MYPY_CONFIG = """[mypy]
python_version = 3.11
check_untyped_defs = True
ignore_missing_imports = True
"""


def _compiled_module(root: Path) -> ModuleType:
    """`simulator/compiled.py`, loaded by path (the package is not importable here)."""
    spec = importlib.util.spec_from_file_location(
        "_eventscape_compiled", root / "simulator" / "compiled.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_modules(root: Path, modules: tuple[str, ...], work: Path, inplace: bool) -> list[Path]:
    """Compile `modules` with mypyc; the extension files built (in place or under `work`)."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    config = work / "mypy.ini"
    config.write_text(MYPY_CONFIG, encoding="utf-8")
    paths = [str(Path(*m.split(".")).with_suffix(".py")) for m in modules]
    cwd = os.getcwd()
    os.chdir(root)  # mypycify and build_ext take paths relative to the project
    try:
        extensions = mypycify(["--config-file", str(config), *paths], target_dir=str(work / "c"))
        dist = Distribution({"name": "eventscape-engine", "ext_modules": extensions})
        build_ext: Any = dist.get_command_obj("build_ext")
        build_ext.inplace = inplace
        build_ext.build_lib = str(work / "lib")
        build_ext.build_temp = str(work / "temp")
        dist.run_command("build_ext")
        return [root / output for output in build_ext.get_outputs()]
    finally:
        os.chdir(cwd)


class CompileEngine(BuildHookInterface):  # type: ignore[misc]
    """Compiles the engine into the wheel (or in place for an editable install)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("EVENTSCAPE_PURE"):
            return
        root = Path(self.root)
        compiled = _compiled_module(root)
        editable = version == "editable"
        self._work = Path(tempfile.mkdtemp(prefix="eventscape-mypyc-"))
        try:
            built = compile_modules(root, compiled.MODULES, self._work, inplace=editable)
        except Exception as exc:  # no compiler, no headers: the interpreted engine still works
            self.app.display_warning(
                f"eventscape: the engine was not compiled ({type(exc).__name__}: {exc});"
                " it will run interpreted, at about a third of the speed"
            )
            return
        record = json.dumps(compiled.manifest(root), indent=1, sort_keys=True)
        target = root / "simulator" if editable else self._work
        (target / compiled.MANIFEST).write_text(record + "\n", encoding="utf-8")
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if not editable:
            lib = self._work / "lib"
            for path in built:
                build_data["force_include"][str(path)] = str(path.relative_to(lib))
            manifest_path = str(self._work / compiled.MANIFEST)
            build_data["force_include"][manifest_path] = f"simulator/{compiled.MANIFEST}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
