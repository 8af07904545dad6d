"""Canvas overlays: queue depth badges, consumer utilization colours, edge widths, faults.

Figures come either live from the latest snapshot (while a run streams) or from one row
of the time series (scrubbing a finished run). A selected trace replaces them with its path.
"""

from __future__ import annotations

import math

from designer.canvas.scene import TopologyScene
from designer.look import BadgeFacts, Curve, Figures, heat, look
from designer.run.history import RunRecord
from designer.run.windows import Window, active_faults, spike_windows
from simulator.cost import CostReport

MIN_WIDTH, MAX_WIDTH = 1.2, 9.0
FAULT_COLORS = {"outage": "#C92A2A", "slowdown": "#E8590C", "errors": "#C92A2A"}
NEUTRAL = "#495057"
TRACE = "#F59F00"
TRACE_BAD = "#C92A2A"


FIELDS = tuple(Figures.__annotations__)


def figures_at_row(record: RunRecord, row: int) -> dict[str, Figures]:
    """Every node's figures from series row `row`."""
    series = record.series
    found = {}
    for node_id in record.node_ids():
        values = [float(series.column(_column(series, node_id, name))[row]) for name in FIELDS]
        found[node_id] = Figures(*(0.0 if math.isnan(v) else v for v in values))
    return found


def _column(series, node_id: str, name: str) -> str:
    """The series column for a figure; a queue's messages in flight when the engine has them."""
    if name == "busy" and series.has(f"{node_id}.in_flight"):
        return f"{node_id}.in_flight"
    return f"{node_id}.{name}"


def figures_live(record: RunRecord) -> dict[str, Figures]:
    """Live levels from the latest snapshot, rates from the latest series row."""
    snapshot = record.latest
    if snapshot is None:
        return {}
    rates = figures_at_row(record, record.series.rows - 1) if record.series.rows else {}
    found = {}
    for node_id, live in snapshot.nodes.items():
        rate = rates.get(node_id, Figures())
        found[node_id] = Figures(
            live.get("depth", 0.0),
            live.get("in_flight", live.get("busy", 0.0)),  # a queue's received, not deleted
            live.get("instances", 0.0),
            rate.throughput,
            rate.failures,
        )
    return found


class CanvasOverlay:
    """Paints run figures onto the canvas items (through their run-panel hooks)."""

    def __init__(self, scene: TopologyScene) -> None:
        self.scene = scene
        self.peak_depth: dict[str, float] = {}
        self.trace_on = False
        self.cost_on = False  # badges show each node's monthly cost (a finished run's)
        self._badges: dict[str, tuple[str | None, str | None]] = {}  # what each card shows
        self._widths: dict[tuple[str, str, str], float | None] = {}

    def clear(self) -> None:
        """Remove every overlay."""
        self.scene.clear_overlays()
        self.trace_on = False
        self._forget()

    def _forget(self) -> None:
        self._badges.clear()
        self._widths.clear()

    def _set_badge(self, node_id: str, text: str | None, color: str | None = None) -> None:
        """Repaint a card only when its badge changes (repaints are what costs)."""
        if self._badges.get(node_id, (None, None)) != (text, color):
            self._badges[node_id] = (text, color)
            self.scene.node_items[node_id].set_overlay(text, color)

    def _set_width(self, key: tuple[str, str, str], width: float | None) -> None:
        if width is not None:
            width = round(width * 2) / 2
        if self._widths.get(key) != width:
            self._widths[key] = width
            self.scene.edge_items[key].set_width(width)

    def show_live(self, record: RunRecord) -> None:
        """Overlay the latest figures of a streaming run."""
        self.show(record, figures_live(record), record.time)

    def show_row(self, record: RunRecord, row: int) -> None:
        """Overlay the figures of series row `row` (scrubbing); faults and spikes are those
        of the middle of the row's interval (a row is stamped at its interval's end)."""
        series = record.series
        if not 0 <= row < series.rows:
            return
        t = float(series.t[row])
        start = float(series.t[row - 1]) if row else 0.0
        self.show(record, figures_at_row(record, row), (start + t) / 2)

    def show(self, record: RunRecord, figures: dict[str, Figures], t: float) -> None:
        """Badges, tints and edge widths for `figures` at simulated time `t`."""
        if self.trace_on:
            return
        if self.cost_on and record.result is not None and record.result.cost is not None:
            self._show_cost(record.result.cost)
            self._edges(record, figures)
            return
        for node_id, peak in self._peaks(record).items():
            self.peak_depth[node_id] = peak
        faults = active_faults(record.topology, record.params.duration, t)
        spikes = {w.node for w in spike_windows(record.topology, t + 1e-9) if w.covers(t)}
        for node_id in self.scene.node_items:
            fig = figures.get(node_id)
            if fig is None:
                self._set_badge(node_id, None)
                continue
            self._set_badge(node_id, *self._badge(record, node_id, fig, faults, spikes))
        self._edges(record, figures)

    def _show_cost(self, cost: CostReport) -> None:
        """Each node's share of the monthly cost, tinted by its share of the most costly."""
        scale = cost.monthly / cost.total if cost.total else 0.0
        monthly = {node: value * scale for node, value in cost.nodes().items()}
        top = max(monthly.values(), default=0.0)
        for node_id in self.scene.node_items:
            value = monthly.get(node_id)
            if value is None:
                self._set_badge(node_id, None)
            else:
                share = value / top if top else 0.0
                self._set_badge(node_id, f"${value:,.2f}/month", heat(share))

    def _peaks(self, record: RunRecord) -> dict[str, float]:
        series = record.series
        return {
            q: float(max(20.0, series.column(f"{q}.depth").max(initial=0.0)))
            for q in record.showing(Curve.DEPTH)
        }

    def _badge(
        self,
        record: RunRecord,
        node_id: str,
        fig: Figures,
        faults: dict[str, Window],
        spikes: set[str],
    ) -> tuple[str, str]:
        fault = faults.get(node_id)
        if fault is not None:
            word = {"outage": "OUTAGE", "slowdown": "SLOW", "errors": "ERRORS"}.get(fault.kind)
            extra = f" · {fig.depth:,.0f} waiting" if fig.depth else ""
            return f"⚠ {word or fault.kind}{extra}", FAULT_COLORS.get(fault.kind, NEUTRAL)
        facts = BadgeFacts(
            fig,
            capacity=record.capacity(node_id),
            peak_depth=self.peak_depth.get(node_id, 20.0),
            spiking=node_id in spikes,
        )
        return look(record.node_kind(node_id)).badge(facts)

    def _edges(self, record: RunRecord, figures: dict[str, Figures]) -> None:
        rates = {}
        for key in self.scene.edge_items:
            source, target, kind = key
            if kind != "flow" or source not in figures or target not in figures:
                continue
            rates[key] = min(figures[source].throughput, figures[target].throughput)
        top = max(rates.values(), default=0.0)
        for key in self.scene.edge_items:
            rate = rates.get(key)
            if rate is None or top <= 0:
                self._set_width(key, None)
            else:
                self._set_width(key, MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * math.sqrt(rate / top))

    # --- trace paths ----------------------------------------------------------------------
    def show_trace(self, nodes: list[str], edges: set[tuple[str, str, str]], bad: set[str]):
        """Emphasise a trace's path: numbered nodes in visit order, highlighted edges."""
        self.trace_on = True
        self._forget()
        order = {node: i for i, node in enumerate(dict.fromkeys(nodes), start=1)}
        for node_id, item in self.scene.node_items.items():
            if node_id in order:
                color = TRACE_BAD if node_id in bad else TRACE
                item.set_overlay(f"hop {order[node_id]}", color)
            else:
                item.set_overlay(None)
        for key, edge_item in self.scene.edge_items.items():
            on = key in edges
            edge_item.set_highlight(on, TRACE)
            edge_item.set_width(4.0 if on else None)

    def clear_trace(self) -> None:
        """Back to the figure overlays (the caller redraws them)."""
        if not self.trace_on:
            return
        self.trace_on = False
        self.scene.clear_overlays()
        self._forget()
