"""The chart board: which curves each chart shows for a run, kept up to date as it streams."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject

from designer.look import Curve, look
from designer.run.charts import (
    OUTCOME_COLORS,
    Chart,
    Line,
    column,
    node_color,
    positive,
    title_of,
    total,
)
from designer.run.history import RunRecord
from designer.run.windows import Window, all_windows, throttle_windows

CHARTS = (
    ("latency", "End-to-end latency", "seconds (log)"),
    ("depth", "Queue depth", "messages waiting"),
    ("throughput", "Throughput", "events/s"),
    ("outcomes", "Failures and losses", "events per interval"),
    ("consumers", "Consumer instances", "instances"),
    ("node", "Selected node", ""),
)
LATE_MIN = {"depth": 10.0}  # a consumer backlog earns a curve once it reaches this
LATE_CHARTS = ("outcomes", "depth", "consumers")
LOSSES = ("failed", "dead_lettered", "throttled", "expired", "rejected", "denied")
NODE_COLORS = ("#1C7ED6", "#E8590C", "#2B8A3E", "#AE3EC9", "#C92A2A")
THROTTLES_COLOR, POLLERS_COLOR = OUTCOME_COLORS["throttled"], "#D6336C"


def latency_lines(record: RunRecord) -> list[Line]:
    """p50, p95 and p99 of the events that finished in each interval (log scale)."""
    return [
        Line("p50", positive("latency_p50"), "#2B8A3E"),
        Line("p95", positive("latency_p95"), "#F08C00"),
        Line("p99", positive("latency_p99"), "#C92A2A"),
    ]


def depth_lines(record: RunRecord) -> list[Line]:
    """Messages waiting in each queue."""
    return [
        Line(title_of(record, q), column(f"{q}.depth"), node_color(record, q))
        for q in record.showing(Curve.DEPTH)
    ]


def throughput_lines(record: RunRecord) -> list[Line]:
    """Events processed per second by each consumer; all producers together dashed."""
    producers = [f"{p}.throughput" for p in record.showing(Curve.PRODUCED)]
    lines = [Line("produced", total(producers), "#495057", True)] if producers else []
    return lines + [
        Line(title_of(record, c), column(f"{c}.throughput"), node_color(record, c))
        for c in record.showing(Curve.THROUGHPUT)
    ]


def instance_lines(record: RunRecord) -> list[Line]:
    """Environments alive per consumer."""
    return [
        Line(title_of(record, c), column(f"{c}.instances"), node_color(record, c))
        for c in record.showing(Curve.INSTANCES)
    ]


def late_lines(chart: str, record: RunRecord) -> list[Line]:
    """Curves worth adding once they are non-zero (losses, backlogs, cold starts)."""
    series = record.series
    found: list[Line] = []
    if chart == "outcomes":
        failures = [f"{c}.failures" for c in record.showing(Curve.FAILED_TRIES)]
        found.append(
            Line("failed tries", total(failures), OUTCOME_COLORS["failed tries"], dashed=True)
        )
        # retries: async retries (consumers), redeliveries (queues), throttle retries (routers)
        retries = [f"{n}.retries" for n in record.node_ids() if series.has(f"{n}.retries")]
        if retries:
            found.append(Line("retries", total(retries), OUTCOME_COLORS["retries"], dashed=True))
        consumers = record.showing(Curve.INSTANCES)
        throttles = [f"{c}.throttles" for c in consumers if series.has(f"{c}.throttles")]
        if throttles:  # invocations refused for want of concurrency (retried or returned)
            found.append(Line("throttles", total(throttles), THROTTLES_COLOR, dashed=True))
        found += [Line(n.replace("_", "-"), column(n), OUTCOME_COLORS[n]) for n in LOSSES]
    elif chart == "depth":
        for c in record.showing(Curve.BACKLOG):
            label = f"{title_of(record, c)} backlog"
            found.append(Line(label, column(f"{c}.depth"), node_color(record, c), True))
    elif chart == "consumers":
        found += [
            Line(f"{title_of(record, c)} cold starts", column(f"{c}.cold_starts"),
                 node_color(record, c), True, 1.2)
            for c in record.showing(Curve.INSTANCES) if series.has(f"{c}.cold_starts")
        ]  # fmt: skip
    return found


def queue_fed(record: RunRecord) -> list[str]:
    """The consumers that read a queue (their event source's pollers are charted)."""
    queues = set(record.node_ids("queue"))
    return [
        c
        for c in record.showing(Curve.INSTANCES)
        if any(e.source in queues for e in record.topology.edges_to(c, "flow"))
    ]  # (decided by the design: a run's first rows have not arrived when charts bind)


def throttled(record: RunRecord, nodes: list[str]) -> list[Window]:
    """The windows in which any of `nodes` was throttled (their `throttles` column > 0)."""
    series = record.series
    found: list[Window] = []
    for node in nodes:
        if series.has(f"{node}.throttles"):
            values = series.column(f"{node}.throttles")
            found += throttle_windows(series.t, values, node, title_of(record, node))
    return found


def node_lines(record: RunRecord, node_id: str) -> list[Line]:
    """The figures that mean something for this node's kind."""
    series = look(record.node_kind(node_id)).series
    lines = [
        Line(s.label, column(f"{node_id}.{s.column}"), color, s.dashed)
        for s, color in zip(series, NODE_COLORS, strict=False)
    ]
    if record.node_kind(node_id) == "consumer":  # its concurrency dynamics
        lines.append(Line("throttles", column(f"{node_id}.throttles"), THROTTLES_COLOR))
    if node_id in queue_fed(record):
        lines.append(Line("pollers", column(f"{node_id}.pollers"), POLLERS_COLOR, dotted=True))
    return lines


LINES = {
    "latency": latency_lines,
    "depth": depth_lines,
    "throughput": throughput_lines,
    "consumers": instance_lines,
    "outcomes": lambda record: [],
}


class ChartBoard(QObject):
    """The run charts, bound to the run being shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.charts = {
            key: Chart(key, title, units, log_y=key == "latency") for key, title, units in CHARTS
        }
        self.record: RunRecord | None = None
        self.node_id: str | None = None
        self.windows: list[Window] = []
        self.charts["node"].set_note("Select a node on the canvas")

    def follow(self, record: RunRecord) -> None:
        """Show `record` (a new run, or a finished one picked again)."""
        self.record = record
        end = record.params.duration
        self.windows = all_windows(record.topology, end)
        for key, make in LINES.items():
            self.charts[key].bind(record.series, make(record), self.windows, end)
        self._bind_node()
        self.refresh()

    def clear(self) -> None:
        """Show no run (a new or opened document)."""
        self.record, self.windows = None, []
        for key in LINES:
            self.charts[key].bind(None, [], [], 1.0)
        self._bind_node()
        self.charts["outcomes"].set_note("")

    def refresh(self) -> None:
        """Redraw every chart from the buffers."""
        for key in self.charts:
            self.refresh_chart(key)

    def refresh_chart(self, key: str) -> None:
        """Redraw one chart; first add the curves that just became non-zero."""
        record, chart = self.record, self.charts[key]
        if record is None:
            return
        for line in late_lines(key, record) if key in LATE_CHARTS else ():
            if chart.has_line(line.label):
                continue
            if np.nanmax(line.values(record.series), initial=0) >= LATE_MIN.get(key, 0.5):
                chart.add_line(line)
        if key in ("consumers", "node"):
            self._shade_throttles(key)
        chart.refresh()
        if key == "outcomes":
            chart.set_note("" if chart.lines else "No failures or losses so far")

    def _shade_throttles(self, key: str) -> None:
        """Add the windows in which the charted consumers were throttled to the shading."""
        record = self.record
        assert record is not None
        if key == "node":
            if self.node_id is None or self.node_id not in record.node_ids():
                return
            nodes = [self.node_id]
            shown = [w for w in self.windows if w.kind == "spike" or w.node == self.node_id]
        else:
            nodes, shown = record.showing(Curve.INSTANCES), self.windows
        self.charts[key].shade(shown + throttled(record, nodes))

    def set_live(self, live: bool) -> None:
        """Hairlines while a run streams, thick lines once it is over."""
        for chart in self.charts.values():
            chart.set_bold(not live)

    def visible_keys(self) -> list[str]:
        """The charts on screen now (a chart in a hidden tab waits until it is shown)."""
        return [key for key, chart in self.charts.items() if chart.widget.isVisible()]

    def show_node(self, node_id: str | None) -> None:
        """Chart node `node_id` (the canvas selection)."""
        self.node_id = node_id
        self._bind_node()

    def _bind_node(self) -> None:
        chart, record, node_id = self.charts["node"], self.record, self.node_id
        if record is None or node_id is None or node_id not in record.node_ids():
            chart.set_title("Node chart")
            chart.set_note("Select a node on the canvas" if record else "")
            end = record.params.duration if record else 1.0
            chart.bind(record.series if record else None, [], [], end)
            return
        kind = record.node_kind(node_id)
        chart.set_title(f"Node chart: {title_of(record, node_id)} ({kind})")
        chart.set_note("")
        windows = [w for w in self.windows if w.kind == "spike" or w.node == node_id]
        chart.bind(record.series, node_lines(record, node_id), windows, record.params.duration)
        self._shade_throttles("node")

    def set_cursor(self, t: float | None) -> None:
        """Put the scrub cursor on every chart."""
        for chart in self.charts.values():
            chart.set_cursor(t)
