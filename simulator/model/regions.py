"""AWS accounts and Regions: what a valid account or Region is, and the latency between Regions.

The known Regions and the typical round-trip times between them are data, shipped in
`assets/regions/latency.yaml` with their source. A pair the table measures gets half its
round-trip time one way; any other pair of different Regions gets an estimate from the
great-circle distance between the Regions' cities, scaled by the route factor that fits the
measured pairs best (light in fibre covers about 200 km per ms; real routes are longer).
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from simulator.model.topology import Topology

LATENCY_FILE = Path(__file__).resolve().parents[2] / "assets" / "regions" / "latency.yaml"
ACCOUNT_ID_RE = re.compile(r"^\d{12}$")
ACCOUNT_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
FIBRE_KM_PER_MS = 200.0
EARTH_RADIUS_KM = 6371.0


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LATENCY_FILE.read_text(encoding="utf-8"))
    return data


def region_codes() -> tuple[str, ...]:
    """Every Region code Eventscape knows, in the data file's order."""
    return tuple(_table()["regions"])


def region_name(code: str) -> str:
    """The Region's name, such as `Europe (Ireland)` (the code when unknown)."""
    entry = _table()["regions"].get(code)
    return str(entry["name"]) if entry else code


def check_account(value: Any) -> list[str]:
    """Problems of an account: a 12-digit id or a name starting with a letter."""
    if isinstance(value, str) and (ACCOUNT_ID_RE.match(value) or ACCOUNT_NAME_RE.match(value)):
        return []
    shown = repr(value) if isinstance(value, str) else type(value).__name__
    return [
        "must be a 12-digit account id or a name (a letter, then up to 63 letters, digits, "
        f"'_', '-' or '.'), got {shown}"
    ]


def check_region(value: Any) -> list[str]:
    """Problems of a Region code (one of `region_codes()`)."""
    if isinstance(value, str) and value in _table()["regions"]:
        return []
    shown = repr(value) if isinstance(value, str) else type(value).__name__
    return [f"must be an AWS Region code such as us-east-1 or eu-west-1, got {shown}"]


def _distance_km(a: str, b: str) -> float:
    """Great-circle distance between two Regions' cities (haversine)."""
    regions = _table()["regions"]
    lat1, lon1 = math.radians(regions[a]["lat"]), math.radians(regions[a]["lon"])
    lat2, lon2 = math.radians(regions[b]["lat"]), math.radians(regions[b]["lon"])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@cache
def _measured() -> dict[frozenset[str], float]:
    """Measured round-trip times (ms) by unordered Region pair."""
    out: dict[frozenset[str], float] = {}
    for a, row in _table()["rtt_ms"].items():
        for b, rtt in row.items():
            out[frozenset((a, b))] = float(rtt)
    return out


@cache
def route_factor() -> float:
    """How much longer than light in fibre along the great circle measured RTTs are
    (least squares through the origin over the measured pairs)."""
    floor = [
        (2 * _distance_km(*sorted(pair)) / FIBRE_KM_PER_MS, rtt)
        for pair, rtt in _measured().items()
    ]
    return sum(x * y for x, y in floor) / sum(x * x for x, _ in floor)


def round_trip_ms(a: str, b: str) -> float:
    """Typical round-trip time between two Regions in ms (0 within a Region)."""
    if a == b:
        return 0.0
    measured = _measured().get(frozenset((a, b)))
    if measured is not None:
        return measured
    return 2 * _distance_km(a, b) / FIBRE_KM_PER_MS * route_factor()


def one_way_seconds(a: str, b: str) -> float:
    """Typical one-way latency between two Regions in seconds: half the round trip."""
    return round(round_trip_ms(a, b) / 2 / 1000, 6)


def is_measured(a: str, b: str) -> bool:
    """True when the table measures this pair (else the latency is an estimate)."""
    return frozenset((a, b)) in _measured()


__all__ = [
    "check_account",
    "check_region",
    "is_measured",
    "one_way_seconds",
    "placement_problems",
    "region_codes",
    "region_name",
    "round_trip_ms",
    "route_factor",
]


def placement_problems(topology: Topology) -> list[tuple[int, str]]:
    """Edges AWS does not allow between accounts or Regions: (edge index, message).

    A Lambda event source mapping reads a queue in its own Region only; an SQS dead-letter
    queue is in the same account and Region as its source queue.
    """
    out: list[tuple[int, str]] = []
    for i, edge in enumerate(topology.edges):
        if not (topology.has_node(edge.source) and topology.has_node(edge.target)):
            continue
        if topology.node(edge.source).kind != "queue":
            continue
        here, there = topology.region_of(edge.source), topology.region_of(edge.target)
        if edge.kind == "flow" and here != there:
            out.append(
                (
                    i,
                    f"{edge.target} ({there}) cannot read queue {edge.source} ({here}): a "
                    "consumer reads queues only in its own Region (event source mappings "
                    "are Regional)",
                )
            )
        same_account = topology.account_of(edge.source) == topology.account_of(edge.target)
        if edge.kind == "dead-letter" and (here != there or not same_account):
            out.append(
                (
                    i,
                    f"dead-letter queue {edge.target} must be in the account and Region of "
                    f"{edge.source} ({topology.account_of(edge.source)}, {here}) (SQS redrive)",
                )
            )
    return out
