"""Where the designer finds its assets: icons and example topologies."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ICONS = ASSETS / "icons"
EXAMPLES = ASSETS / "examples"
DEFAULT_EXAMPLE = EXAMPLES / "ecommerce.yaml"


def icon_path(name: str) -> Path:
    """The SVG file of icon `name` (a generic node icon when there is none)."""
    path = ICONS / f"{name}.svg"
    return path if path.exists() else ICONS / "node.svg"


def examples() -> list[Path]:
    """The example topology files shipped with Eventscape, sorted by name."""
    if not EXAMPLES.is_dir():
        return []
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
