"""Step-by-step migration of older file versions to the current one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.model import VERSION

# MIGRATIONS[n] upgrades a version-n document to version n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(document: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade `document` from `version` to the current VERSION, one step at a time."""
    while version < VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from version {version} to {version + 1}")
        document = step(dict(document))
        version += 1
    document["version"] = VERSION
    return document
