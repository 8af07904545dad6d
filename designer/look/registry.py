"""The presentation registry: how each node kind looks in the designer, one entry per kind.

A kind's colour, icon, card lines, run-panel curves and overlay badge live in its
`KindLook`; the canvas, palette, inspector, charts, overlays and comparisons ask `look(kind)`
instead of comparing kind names. A kind without an entry (say one registered in the model
at run time) gets `fallback(kind)`: a stable colour from its name, its icon file if there is
one (else the generic node icon), its first parameters on the card and generic curves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from designer.look.cards import generic_lines

if TYPE_CHECKING:
    from simulator.model import Node, Topology

NEUTRAL = "#495057"
FALLBACK_COLORS = ("#5C7CFA", "#0CA678", "#F59F00", "#AE3EC9", "#1098AD", "#E64980")


class Curve(StrEnum):
    """A curve a node of a kind adds to the run panel's shared charts."""

    DEPTH = "depth"  # its waiting messages in "Queue depth" (and a depth heat on the canvas)
    BACKLOG = "backlog"  # its backlog, dashed in "Queue depth" once it reaches 10
    THROUGHPUT = "throughput"  # its own curve in "Throughput"
    PRODUCED = "produced"  # part of the dashed "produced" total in "Throughput"
    INSTANCES = "instances"  # its environments in "Consumer instances" (and cold starts)
    FAILED_TRIES = "failed_tries"  # its failures in the "failed tries" total


@dataclass(frozen=True)
class NodeSeries:
    """One curve of the selected-node chart: a series column of the node, labelled."""

    column: str
    label: str
    dashed: bool = False


@dataclass(frozen=True)
class Figures:
    """What the canvas overlay shows for one node at one moment."""

    depth: float = 0.0
    busy: float = 0.0
    instances: float = 0.0
    throughput: float = 0.0
    failures: float = 0.0


@dataclass(frozen=True)
class BadgeFacts:
    """What a card's run badge is made from: the node's figures and their context."""

    figures: Figures
    capacity: float = 1.0  # work the node can do at once (a consumer's concurrency)
    peak_depth: float = 20.0  # the largest depth of the run so far (at least 20)
    spiking: bool = False  # a load spike of this (producer) node is on


Badge = Callable[[BadgeFacts], tuple[str, str]]  # (text, colour)
CardLines = Callable[["Node", "Topology"], list[str]]


def rate_badge(facts: BadgeFacts) -> tuple[str, str]:
    """Default badge: events per second, in a neutral colour."""
    return f"{facts.figures.throughput:,.0f}/s", NEUTRAL


GENERIC_SERIES = (
    NodeSeries("busy", "busy"),
    NodeSeries("depth", "backlog"),
    NodeSeries("instances", "instances", True),
    NodeSeries("throughput", "processed/s"),
    NodeSeries("failures", "failures"),
)


@dataclass(frozen=True)
class KindLook:
    """How one node kind is shown.

    color: the card's accent, icon and palette colour; icon: the file in assets/icons
    (without `.svg`); card: up to two lines of key parameters on the card; series: the
    selected-node chart; curves: what it adds to the shared charts; compare: series columns
    worth comparing between runs; compare_results: (result figure, label) rows of the
    comparison table; utilization: the results table shows its utilization; badge: the
    overlay badge while a run is shown.
    """

    color: str
    icon: str
    card: CardLines = generic_lines
    series: tuple[NodeSeries, ...] = GENERIC_SERIES
    curves: frozenset[Curve] = frozenset()
    compare: tuple[str, ...] = ("throughput",)
    compare_results: tuple[tuple[str, str], ...] = ()
    utilization: bool = False
    badge: Badge = rate_badge


LOOKS: dict[str, KindLook] = {}


def register_look(kind: str, entry: KindLook) -> None:
    """Show node kind `kind` with `entry` (built-in kinds, extensions and tests)."""
    LOOKS[kind] = entry


def look(kind: str) -> KindLook:
    """The presentation of `kind`: its entry, or a fallback for a kind without one."""
    entry = LOOKS.get(kind)
    return entry if entry is not None else fallback(kind)


def fallback(kind: str) -> KindLook:
    """The look of a kind nobody described: a stable colour from its name."""
    digest = hashlib.md5(kind.encode()).digest()[0]
    return KindLook(color=FALLBACK_COLORS[digest % len(FALLBACK_COLORS)], icon=kind)
