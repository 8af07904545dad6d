"""Per-state run figures of a workflow node, read from a run's snapshots and result (Qt-free).

The engine's workflow node reports, per state name, `entered`, `failures`, `retries` (and
time in state) in its stats (`Result.nodes[id]["states"]`), and in its live figures
(`Snapshot.nodes[id]["states"]`) when it streams them; `active` (executions in the state
now) is read when present. A finished run's time series has, per state, the columns
`<node>.state.<name>.active` (at the row's time) and `.entered`, `.failures`, `.retries`
(in the row's interval): `figures_at_row` reads the figures as they were at a row, for the
time slider.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class StateFigures:
    """What a run tells about one state so far."""

    entered: int = 0  # executions that entered the state (each visit counts)
    active: int = 0  # executions in the state now (live only)
    failures: int = 0
    retries: int = 0
    time_mean: float = 0.0  # mean seconds an execution spent in the state per visit

    def text(self) -> str:
        """`1,204 in · 3 now · 12 failed · 40 retries` (zero parts left out, `in` always)."""
        parts = [f"{self.entered:,} in"]
        if self.active:
            parts.append(f"{self.active:,} now")
        if self.failures:
            parts.append(f"{self.failures:,} failed")
        if self.retries:
            parts.append(f"{self.retries:,} retries")
        return " · ".join(parts)

    def details(self) -> str:
        """Every figure on its own line (for a tooltip)."""
        lines = [f"entered {self.entered:,} times"]
        if self.active:
            lines.append(f"{self.active:,} executions in it now")
        lines.append(f"{self.failures:,} failures, {self.retries:,} retries")
        if self.time_mean:
            lines.append(f"mean time in state {self.time_mean:.3g} s")
        return "\n".join(lines)


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and value == value else 0


def _float(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and value == value else 0.0


def parse_states(states: Any) -> dict[str, StateFigures]:
    """StateFigures by state name from a node's `states` figures (anything else: none)."""
    if not isinstance(states, Mapping):
        return {}
    found = {}
    for name, figures in states.items():
        if isinstance(figures, Mapping):
            found[str(name)] = StateFigures(
                _int(figures.get("entered")),
                _int(figures.get("active")),
                _int(figures.get("failures")),
                _int(figures.get("retries")),
                _float(figures.get("time_mean")),
            )
    return found


def figures_of(record: Any, node_id: str) -> dict[str, StateFigures] | None:
    """The figures of `node_id` in a run record: the result's once it is done, else the
    latest snapshot's; None when the run has none for this node (yet)."""
    result = getattr(record, "result", None)
    if result is not None and node_id in result.nodes:
        return parse_states(result.nodes[node_id].get("states")) or None
    snapshot = getattr(record, "latest", None)
    if snapshot is not None and node_id in snapshot.nodes:
        return parse_states(snapshot.nodes[node_id].get("states")) or None
    return None


def figures_at_row(record: Any, node_id: str, row: int) -> dict[str, StateFigures] | None:
    """The figures of `node_id` as they were at series row `row` of a run: executions in
    each state at the row's time, and entered, failures and retries summed from the run's
    start (warm-up included) to the row's end. None when the run has no such columns."""
    series = getattr(record, "series", None)
    final = figures_of(record, node_id)
    if series is None or final is None or not 0 <= row < series.rows:
        return None
    found = {}
    for name in final:
        prefix = f"{node_id}.state.{name}."
        if not series.has(prefix + "entered"):
            return None
        entered, failures, retries = (_total(series.column(prefix + k)[: row + 1]) for k in SUMMED)
        active = _int(float(series.column(prefix + "active")[row]))
        found[name] = StateFigures(entered, active, failures, retries)
    return found


SUMMED = ("entered", "failures", "retries")


def _total(values: Any) -> int:
    return int(np.nansum(values))
