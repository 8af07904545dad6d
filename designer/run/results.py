"""Results: headline figures, bottleneck call-outs, the per-node table and the analytic check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from designer import style
from designer.look import heat, look
from designer.run.findings import findings
from designer.run.history import RunRecord
from designer.wraplabel import WrapLabel
from simulator.analysis import capacity_problems, expected_load
from simulator.cost import CostReport
from simulator.engine import NodeStats, summarize
from simulator.model import Topology

Halves = Mapping[str, Mapping[str, float]]  # node -> figure -> 95% half-width
NODE_COLUMNS = (
    ("Node", None, ""),
    ("Kind", "kind", ""),
    ("Processed", "processed", ",.0f"),
    ("Failures", "failures", ",.0f"),
    ("Retries", "retries", ",.0f"),
    ("Throttles", "throttles", ",.0f"),  # issue 15; shown only when some node has them
    ("Util", "utilization", ".0%"),
    ("Expected", "expected", ".0%"),
    ("Wait (s)", "wait_mean", ".3g"),
    ("Depth avg", "depth_mean", ",.1f"),
    ("Depth max", "depth_max", ",.0f"),
    ("Cold starts", "cold_starts", ",.0f"),
    ("Peak envs", "instances_max", ",.0f"),  # issue 15: the most environments at once
    ("Provisioned used", "provisioned_used", ",.0f"),  # shown when some function has them
    ("Denied", "denied", ",.0f"),  # issue 16; shown only when some node has them
    ("Replayed", "replayed", ",.0f"),
    ("Cross-Region bytes", "cross_region_bytes", ",.0f"),
    ("Cost $/month", "cost", ",.2f"),
)
OPTIONAL_COLUMNS = (  # hidden when all are 0
    "throttles",
    "provisioned_used",
    "denied",
    "replayed",
    "cross_region_bytes",
)
OUTCOMES = (
    "completed",
    "failed",
    "dead_lettered",
    "unmatched",
    "throttled",
    "expired",
    "denied",
    "replayed",
)
NEUTRAL = ("completed", "unmatched", "replayed")  # outcomes (and counts) not shown in red
TABLE_MIN_PX = 150  # the per-node table keeps a few rows when the texts are long
LEVEL_COLORS = {"problem": style.ERROR, "warning": style.WARNING, "info": style.OK}


def summary_of(record: RunRecord) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The contract figures (means over replications) and their 95% half-widths, if any."""
    results = record.results()
    if len(results) > 1:
        data = summarize([r.to_json_dict() for r in results], record.params.seeds()[: len(results)])
        return data, data["replications"]["ci95"]
    assert record.result is not None
    return record.result.to_json_dict(), None


def _pm(value: float, half: float | None, fmt: str) -> str:
    if fmt == ".3g" and abs(value) >= 1000:
        fmt = ",.0f"  # 1,495 rather than 1.5e+03
    text = format(value, fmt)
    return f"{text} ± {format(half, fmt)}" if half else text


class ResultsPanel(QWidget):
    """Figures of the run being shown, and the analytic check of the design being edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = _rich_label()  # wraps: a long header never widens the dock
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setText("No run yet: press Run (F5)")
        self.status.setProperty("role", "heading")
        self.headline = _rich_label()
        self.callout = _rich_label()
        self.callout.setStyleSheet(
            "QLabel { background: #FFF9DB; color: #1F2933; border: 1px solid #FFE066;"
            " border-radius: 4px;"
            " padding: 6px; }"
        )
        self.callout.hide()
        self.table = _table(len(NODE_COLUMNS))
        self.table.setHorizontalHeaderLabels([c[0] for c in NODE_COLUMNS])
        self.check = AnalyticCheck()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Per node")
        self.tabs.addTab(self.check, "Analytic check")
        self.tabs.setCurrentWidget(self.check)
        self.tabs.setMinimumHeight(TABLE_MIN_PX)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget in (self.status, self.headline, self.callout):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        # a short dock scrolls the whole panel: no header line is clipped, and the dock
        # never grows to fit the text (only the user resizes docks)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller)
        self._shown: tuple[str, RunRecord] | None = None  # ("live" or "result", the run)

    def changeEvent(self, event: QEvent) -> None:
        """A theme change: draw the figures again in the new theme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.recolour()

    def recolour(self) -> None:
        """Render the texts shown now again (their colours are baked into the HTML)."""
        if self._shown is not None:
            mode, record = self._shown
            if mode == "live":
                self.show_live(record)
            else:
                self._show_texts(record)
        self.check.recolour()

    # --- live and final figures -----------------------------------------------------------
    def clear(self, status: str = "No run yet: press Run (F5)") -> None:
        """No run's figures (a new document, or a run that has not reported yet)."""
        self._shown = None
        self.status.setText(status)
        self.headline.clear()
        self.callout.hide()
        self.table.setRowCount(0)

    def show_live(self, record: RunRecord) -> None:
        """Running totals while a run streams."""
        self._shown = ("live", record)
        snap = record.latest
        if snap is None:
            self.status.setText(f"{record.label}: starting the engine…")
            return
        state = "paused" if record.status == "paused" else "running"
        self.status.setText(f"{record.label}: {state}, t = {snap.time:,.0f} s")
        warmup = record.params.warmup
        wait = f"measured after the warm-up (t = {warmup:,.0f} s)" if snap.time <= warmup else ""
        self.headline.setText(_events_html(snap.events, snap.latency, None, wait))
        self.callout.hide()

    def show_result(self, record: RunRecord) -> None:
        """The summary of a finished run: figures, call-outs and the node table."""
        self._shown = ("result", record)
        self._show_texts(record)
        if record.result is None:
            self.table.setRowCount(0)
            return
        data, ci = summary_of(record)
        expected = self.check.expected_for(record.topology)
        self._fill_table(data, ci, record, expected)
        self.tabs.setCurrentWidget(self.table)

    def _show_texts(self, record: RunRecord) -> None:
        """The header, headline figures and call-outs of a finished run."""
        if record.result is None:
            self.status.setText(f"{record.label}: {record.status}")
            self.headline.setText(f"<span style='color:{style.ERROR}'>{record.error}</span>")
            self.callout.hide()
            return
        data, ci = summary_of(record)
        self.status.setText(self._status_text(record, ci is not None))
        html = _events_html(data["events"], data["latency"], ci) + _failed_latency_html(data)
        cost_html = _cost_html(data.get("cost"), (ci or {}).get("cost"), record)
        self.headline.setText(html + cost_html + _ledger_html(data["ledger"], record))
        self._show_findings(record)

    def _status_text(self, record: RunRecord, replicated: bool) -> str:
        result = record.result
        assert result is not None
        word = "stopped early" if result.cancelled else "finished"
        text = f"{record.label}: {word} at t = {record.time:,.0f} s"
        text += f" ({result.wall_seconds:.1f} s wall)"
        if replicated:
            text += f", means of {len(record.results())} replications ± 95% CI"
        return text

    def _show_findings(self, record: RunRecord) -> None:
        lines = [
            f"<span style='color:{LEVEL_COLORS[f.level]}'>●</span> {f.text}"
            for f in findings(record)
        ]
        self.callout.setText("<br>".join(lines))
        self.callout.setVisible(bool(lines))

    def _fill_table(
        self,
        data: Mapping[str, Any],
        ci: Mapping[str, Any] | None,
        record: RunRecord,
        expected: Mapping[str, float],
    ) -> None:
        nodes: Mapping[str, Mapping[str, Any]] = data["nodes"]
        monthly, halves = _monthly_costs(data.get("cost"), (ci or {}).get("cost"), ci)
        full: Mapping[str, NodeStats] = record.result.nodes if record.result else {}
        self.table.setRowCount(len(nodes))
        for row, (node_id, figures) in enumerate(nodes.items()):
            merged: dict[str, Any] = {**full.get(node_id, {}), **figures}
            merged["expected"] = expected.get(node_id)
            merged["cost"] = monthly.get(node_id)
            for col, (_, key, fmt) in enumerate(NODE_COLUMNS):
                self.table.setItem(row, col, self._cell(node_id, key, fmt, merged, halves))
        for col, (_, key, _) in enumerate(NODE_COLUMNS):
            if key in OPTIONAL_COLUMNS:
                used = any(figures.get(key) for figures in nodes.values())
                self.table.setColumnHidden(col, not used)
        self.table.resizeColumnsToContents()

    def _cell(
        self,
        node_id: str,
        key: str | None,
        fmt: str,
        figures: Mapping[str, Any],
        halves: Halves | None,
    ) -> QTableWidgetItem:
        if key is None:
            return QTableWidgetItem(node_id)
        value = figures.get(key)
        shown = key != "utilization" or look(figures.get("kind", "")).utilization
        if value is None or not shown:
            return QTableWidgetItem("")
        if not fmt:
            return QTableWidgetItem(str(value))
        half = (halves or {}).get(node_id, {}).get(key)
        item = QTableWidgetItem(_pm(value, half, fmt))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if key in ("utilization", "expected"):
            item.setForeground(QColor(heat(float(value))))
        return item


class AnalyticCheck(QWidget):
    """Before running: expected consumer load from the traffic equations (simulator.analysis)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel("Expected load before running (traffic equations, no simulation):")
        intro.setProperty("role", "muted")
        intro.setWordWrap(True)
        self.table = _table(4)
        self.table.setHorizontalHeaderLabels(["Consumer", "Load (/s)", "Util avg", "Util peak"])
        self.warnings = _rich_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(intro)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 1)
        self.problems: list = []
        self._topology: Topology | None = None

    def recolour(self) -> None:
        """Render the check again in the theme's colours."""
        if self._topology is not None:
            self.update_from(self._topology)

    def expected_for(self, topology: Topology) -> dict[str, float]:
        """Expected average utilization per consumer of `topology`."""
        try:
            loads = expected_load(topology)
        except Exception:
            return {}
        return {n: v.utilization for n, v in loads.items() if v.utilization is not None}

    def update_from(self, topology: Topology) -> None:
        """Recompute for the design being edited (quietly skip designs that cannot be run)."""
        self._topology = topology
        try:
            loads = expected_load(topology)
            problems = capacity_problems(topology)
        except Exception as exc:
            self.warnings.setText(f"<i>Cannot estimate the load yet: {exc}</i>")
            self.table.setRowCount(0)
            return
        rows = [(n, v) for n, v in loads.items() if v.utilization is not None]
        self.table.setRowCount(len(rows))
        for row, (node_id, load) in enumerate(rows):
            values = [node_id, f"{load.rate:,.3g}", load.utilization, load.peak_utilization]
            for col, value in enumerate(values):
                self.table.setItem(row, col, _check_item(value))
        self.table.resizeColumnsToContents()
        self.problems = problems
        if problems:
            text = "<br>".join(
                f"<span style='color:{style.WARNING}'>▲</span> <b>{p.node}</b>: {p.message}"
                for p in problems
            )
        else:
            text = f"<span style='color:{style.OK}'>✔</span> Every consumer has headroom."
        self.warnings.setText(text)


def _check_item(value: Any) -> QTableWidgetItem:
    if isinstance(value, str):
        return QTableWidgetItem(value)
    item = QTableWidgetItem(f"{float(value or 0):.0%}")
    item.setForeground(QColor(heat(float(value or 0))))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _events_html(events: dict, latency: dict, ci: dict | None, wait: str = "") -> str:
    """Event counts and the latency of delivered events (`wait` instead of figures while
    none is measured yet)."""
    ev_ci = (ci or {}).get("events", {})
    lat_ci = (ci or {}).get("latency", {})
    parts = [f"<b>{_pm(events.get('produced', 0), ev_ci.get('produced'), ',.0f')}</b> produced"]
    for key in OUTCOMES:
        value = events.get(key, 0)
        if value or key == "completed":
            colour = style.TEXT if key in NEUTRAL else style.ERROR
            text = _pm(value, ev_ci.get(key), ",.0f")
            parts.append(f"<span style='color:{colour}'>{text} {key.replace('_', '-')}</span>")
    lat = wait or " · ".join(
        f"{k} <b>{_pm(latency.get(k, 0.0), lat_ci.get(k), '.3g')} s</b>"
        for k in ("p50", "p95", "p99")
    )
    return f"Events: {' · '.join(parts)}<br>Latency of delivered events: {lat}"


def _failed_latency_html(data: Mapping[str, Any]) -> str:
    """The latency of failed events, apart from the headline (nothing when none failed)."""
    failed = data.get("latency_failed") or {}
    if not failed.get("max"):
        return ""
    figures = " · ".join(f"{k} {failed.get(k, 0.0):.3g} s" for k in ("p50", "p95", "p99"))
    return f"<br><span style='color:{style.ERROR}'>Latency of failed events: {figures}</span>"


def _monthly_costs(
    cost: Mapping[str, Any] | None, cost_ci: Mapping[str, Any] | None, ci: Any
) -> tuple[dict[str, float], Halves | None]:
    """Each node's cost scaled to a month, and (with replications) the 95% half-widths of
    the node figures with the cost's added."""
    if not cost or not cost.get("total"):
        return {}, (ci or {}).get("nodes")
    scale = cost["monthly"] / cost["total"]
    monthly = {node: value * scale for node, value in cost["nodes"].items()}
    halves = {n: dict(h) for n, h in ((ci or {}).get("nodes") or {}).items()}
    for node, half in ((cost_ci or {}).get("nodes") or {}).items():
        if half is not None:
            halves.setdefault(node, {})["cost"] = half * scale
    return monthly, halves if ci else None


def _cost_html(
    cost: Mapping[str, Any] | None, ci: Mapping[str, Any] | None, record: RunRecord
) -> str:
    """`Cost: $0.0895 this run · $280.13 a month · $7.43 per million events (us-east-1
    prices of 2026-11-29)`, then what each queue's polling (empty receives) costs beside
    what its other requests cost for the messages it delivered."""
    if not cost:
        return ""
    ci = ci or {}
    parts = [
        f"<b>${_pm(cost['total'], ci.get('total'), '.4g')}</b> this run",
        f"<b>${_pm(cost['monthly'], ci.get('monthly'), ',.2f')}</b> a month",
        f"${_pm(cost['per_million_events'], ci.get('per_million_events'), ',.2f')}"
        " per million events",
    ]
    html = "<br>Cost: " + " · ".join(parts)
    result = record.result
    report = result.cost if result is not None else None
    if report is None or result is None:
        return html
    muted = f"<span style='color:{style.TEXT_MUTED}'>"
    html += f" {muted}({_price_source(report)})</span>"
    polling = []
    for queue, idle, total in _polling(report):
        idle, rest = idle * report.scale, (total - idle) * report.scale
        delivered = int(result.nodes[queue]["processed"]) if queue in result.nodes else 0
        polling.append(
            f"{queue}: polling ${idle:,.2f}/month beside ${rest:,.2f} for the "
            f"{delivered:,} messages it delivered"
        )
    if polling:
        html += f"<br>{muted}Queues (empty receives): " + " · ".join(polling) + "</span>"
    return html


def _price_source(report: CostReport) -> str:
    """`us-east-1 prices of 2026-11-29`, and `free tier off the month` when it is taken."""
    prices = report.prices
    text = f"{prices.region} prices of {prices.date}"
    return text + (", free tier off the month" if report.free_tier else "")


def _polling(report: CostReport) -> list[tuple[str, float, float]]:
    """(queue, cost of its empty receives, cost of all its requests) for queues that poll."""
    out: dict[str, list[float]] = {}
    for line in report.lines:
        if line.service == "sqs":
            entry = out.setdefault(line.node, [0.0, 0.0])
            entry[1] += line.cost
            if line.what.startswith("empty receives"):
                entry[0] += line.cost
    return [(q, idle, total) for q, (idle, total) in out.items() if idle]


def _ledger_html(ledger: dict, record: RunRecord) -> str:
    ok = ledger.get("balanced")
    mark = f"<span style='color:{style.OK if ok else style.ERROR}'>{'✔' if ok else '✖'}</span>"
    single = record.result.ledger if record.result else {}
    detail = (
        f"{single.get('created', 0):,} created = {single.get('ended', 0):,} ended + "
        f"{single.get('in_flight', 0):,} in flight"
    )
    return f"<br>Ledger: {mark} {detail}"


def _rich_label() -> QLabel:
    label = WrapLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setMinimumWidth(120)  # wrapped text asks for no width of its own
    policy = label.sizePolicy()  # keeps height-for-width (set by setWordWrap)
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    return label


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table
