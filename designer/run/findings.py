"""What a run found, in words: the busiest consumer, the queue that keeps growing, losses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from designer.run.history import RunRecord

GROWTH_MIN_DEPTH = 10.0


@dataclass(frozen=True)
class Finding:
    """One call-out line: `level` is info, warning or problem; `node` the node it is about."""

    level: str
    text: str
    node: str | None = None


def growth(t: np.ndarray, depth: np.ndarray) -> float:
    """The depth trend over the second half of the run (messages per second)."""
    half = len(t) // 2
    x, y = t[half:], depth[half:]
    mask = ~np.isnan(y)
    if mask.sum() < 3:
        return 0.0
    return float(np.polyfit(x[mask], y[mask], 1)[0])


def busiest_consumer(record: RunRecord) -> Finding | None:
    """The consumer with the highest utilization over the measured window."""
    nodes = record.result.nodes if record.result else {}
    consumers = [(f["utilization"], n) for n, f in nodes.items() if f.get("kind") == "consumer"]
    if not consumers:
        return None
    util, node = max(consumers)
    figures = nodes[node]
    title = _title(record, node)
    workers = record.param(node, "concurrency", 1)
    text = f"Busiest consumer: <b>{title}</b> at {util:.0%} of its {workers} workers"
    if figures.get("wait_mean", 0) > 0.001:
        text += f", events waited {figures['wait_mean']:.3g} s on average"
    level = "problem" if util >= 0.95 else "warning" if util >= 0.8 else "info"
    return Finding(level, text, node)


def growing_queues(record: RunRecord) -> list[Finding]:
    """Queues (and consumer backlogs) whose depth keeps rising towards the end."""
    series = record.series
    found = []
    for node in record.node_ids("queue", "consumer"):
        depth = series.column(f"{node}.depth")
        if not len(depth) or np.nanmax(depth, initial=0) < GROWTH_MIN_DEPTH:
            continue
        slope, last = growth(series.t, depth), float(depth[-1])
        if slope > 0 and last >= GROWTH_MIN_DEPTH and last >= 0.5 * np.nanmax(depth):
            what = "queue" if record.node_kind(node) == "queue" else "backlog"
            text = (
                f"Keeps growing: <b>{_title(record, node)}</b> {what} rises "
                f"{slope * 60:,.1f} messages/min in the second half, {last:,.0f} waiting at the end"
            )
            found.append(Finding("problem", text, node))
    return found


def peak_backlog(record: RunRecord) -> Finding | None:
    """The largest queue backlog, when it drained again."""
    series = record.series
    peaks = [
        (float(np.nanmax(series.column(f"{q}.depth"), initial=0)), q)
        for q in record.node_ids("queue")
    ]
    if not peaks or max(peaks)[0] < GROWTH_MIN_DEPTH:
        return None
    peak, node = max(peaks)
    at = float(series.t[int(np.nanargmax(series.column(f"{node}.depth")))])
    title = _title(record, node)
    text = f"Largest backlog: <b>{title}</b> peaked at {peak:,.0f} messages (t = {at:,.0f} s)"
    return Finding("warning", text, node)


def losses(record: RunRecord) -> list[Finding]:
    """Events that did not complete: failed, dead-lettered, throttled, expired, rejected."""
    events = record.result.events if record.result else {}
    found = []
    for key in ("failed", "dead_lettered", "throttled", "expired", "rejected"):
        count = events.get(key, 0)
        if count:
            share = count / max(1, events.get("produced", 1))
            found.append(
                Finding("problem", f"{count:,} {key.replace('_', '-')} ({share:.2%} of produced)")
            )
    return found


def findings(record: RunRecord) -> list[Finding]:
    """Every call-out for a finished run, the most pressing first."""
    found: list[Finding] = growing_queues(record)
    grown = {f.node for f in found}
    busiest = busiest_consumer(record)
    if busiest is not None:
        found.append(busiest)
    peak = peak_backlog(record)
    if peak is not None and peak.node not in grown:
        found.append(peak)
    found += losses(record)
    order = {"problem": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda f: order[f.level])


def _title(record: RunRecord, node_id: str) -> str:
    try:
        return record.topology.node(node_id).title
    except KeyError:
        return node_id
