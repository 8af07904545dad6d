"""Exports of a topology: its own file formats and diagram languages."""

from __future__ import annotations

from collections.abc import Callable

from simulator.export.diagrams import to_dot, to_graphml, to_mermaid
from simulator.files import dumps
from simulator.model import Topology

EXPORTERS: dict[str, Callable[[Topology], str]] = {
    "json": lambda t: dumps(t, "json"),
    "yaml": lambda t: dumps(t, "yaml"),
    "graphml": to_graphml,
    "mermaid": to_mermaid,
    "dot": to_dot,
    "sam": lambda t: _iac(t, "sam"),
    "asyncapi": lambda t: _iac(t, "asyncapi"),
}
EXPORT_FORMATS = tuple(EXPORTERS)
EXTENSIONS = {
    "json": ".json",
    "yaml": ".yaml",
    "graphml": ".graphml",
    "mermaid": ".mmd",
    "dot": ".dot",
    "sam": ".yaml",
    "asyncapi": ".yaml",
}


def _iac(topology: Topology, fmt: str) -> str:
    """SAM template or AsyncAPI document (simulator.iac; imported when used)."""
    from simulator.iac.export_report import export_with_report

    return export_with_report(topology, fmt)[0]


def export_text(topology: Topology, fmt: str) -> str:
    """The topology in format `fmt` (one of EXPORT_FORMATS)."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})"
        ) from None
    return exporter(topology)


__all__ = ["EXPORT_FORMATS", "EXTENSIONS", "export_text"]
