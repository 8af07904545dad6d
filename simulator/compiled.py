"""The engine's compiled modules: which they are, and whether the compiled ones run.

The build (`hatch_build.py`) compiles `MODULES` with mypyc into C extensions beside their
sources (about three times the speed) and writes `_compiled.json`: the SHA-256 of each source
it compiled. At start-up `choose()` (run by `simulator/__init__.py`, before any engine
module is imported) keeps the extensions when every source is the one compiled.
Otherwise (no build, an edited source, or `EVENTSCAPE_PURE=1` in the environment) it
imports all of `MODULES` from their Python sources, so an edited source is never hidden
by an older build; it is all or none because compiled and interpreted classes of one
hierarchy do not mix. Both engines give the same results to the bit
(tests/engine/test_engine_compiled.py).

This module is plain Python and imports nothing from the project: the build hook loads
it by path.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# The engine's hot path: the scheduler, the ledger, the figures kept per event, every node
# kind and the event templates. Package `__init__` modules stay interpreted.
MODULES = (
    "simulator.engine.copies",
    "simulator.engine.core",
    "simulator.engine.envelopes",
    "simulator.engine.histogram",
    "simulator.engine.kms",
    "simulator.engine.ledger",
    "simulator.engine.links",
    "simulator.engine.policy",
    "simulator.engine.replay",
    "simulator.engine.rng",
    "simulator.engine.stats",
    "simulator.engine.nodes.base",
    "simulator.engine.nodes.consumer",
    "simulator.engine.nodes.delivery",
    "simulator.engine.nodes.fanout",
    "simulator.engine.nodes.fifo",
    "simulator.engine.nodes.function",
    "simulator.engine.nodes.idempotency",
    "simulator.engine.nodes.idle",
    "simulator.engine.nodes.instances",
    "simulator.engine.nodes.invoking",
    "simulator.engine.nodes.jobs",
    "simulator.engine.nodes.pollers",
    "simulator.engine.nodes.producer",
    "simulator.engine.nodes.queue",
    "simulator.engine.nodes.reading",
    "simulator.engine.nodes.registry",
    "simulator.engine.nodes.router",
    "simulator.engine.nodes.scaling",
    "simulator.engine.nodes.topic",
    "simulator.engine.nodes.workflow",
    "simulator.engine.nodes.workflow_tasks",
    "simulator.engine.nodes.zones",
    "simulator.model.templates",  # event templates: built per produced event
)
MANIFEST = "_compiled.json"
ROOT = Path(__file__).resolve().parent.parent  # the directory holding `simulator`

state = "interpreted"  # what `choose` found: "compiled", "interpreted", "pure" or "stale"


def source(module: str, root: Path = ROOT) -> Path:
    """The Python source of `module`."""
    return root.joinpath(*module.split(".")).with_suffix(".py")


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(root: Path = ROOT) -> dict[str, str]:
    """What the build records: each compiled module and the digest of its source."""
    return {module: digest(source(module, root)) for module in MODULES}


class _Sources(importlib.abc.MetaPathFinder):
    """Finds `MODULES` as their Python sources, ahead of the compiled extensions."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in MODULES:
            return None
        return importlib.util.spec_from_file_location(name, source(name))


def _changed(built: dict[str, str]) -> list[str]:
    """Modules whose source is not the one compiled (or that were not compiled)."""
    changed = [module for module in MODULES if module not in built]
    for module, sha in built.items():
        path = source(module)
        if module in MODULES and (not path.exists() or digest(path) != sha):
            changed.append(module)
    return changed


def choose() -> str:
    """Run the compiled modules when they match their sources, else the sources."""
    global state
    file = Path(__file__).with_name(MANIFEST)
    if os.environ.get("EVENTSCAPE_PURE"):
        state = "pure"
    elif not file.exists():
        state = "interpreted"
    else:
        changed = _changed(json.loads(file.read_text(encoding="utf-8")))
        state = "stale" if changed else "compiled"
        if changed:
            print(
                f"eventscape: {source(changed[0]).relative_to(ROOT)} changed since the engine"
                " was compiled: running the interpreted engine (rebuild: pip install -e .)",
                file=sys.stderr,
            )
    if state != "compiled" and not any(isinstance(f, _Sources) for f in sys.meta_path):
        sys.meta_path.insert(0, _Sources())
    return state
