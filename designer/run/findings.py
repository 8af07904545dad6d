"""What a run found, in words: the busiest consumer, the queue that keeps growing, losses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from designer.look import Curve, look
from designer.run.history import RunRecord

GROWTH_MIN_DEPTH = 10.0
PEAK_MIN_DEPTH = 5.0


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
    consumers = [(f["utilization"], n) for n, f in nodes.items() if look(f["kind"]).utilization]
    if not consumers:
        return None
    util, node = max(consumers)
    figures = nodes[node]
    title = _title(record, node)
    workers = record.capacity(node)
    text = f"Busiest consumer: <b>{title}</b> at {util:.0%} of its {workers:g} workers"
    reserved = record.param(node, "reserved_concurrency")
    if reserved and reserved < workers:  # the engine's utilization is of `concurrency`
        text += f" (its reserved concurrency caps it at {reserved:g})"
    if figures.get("wait_mean", 0) > 0.001:
        text += f", events waited {figures['wait_mean']:.3g} s on average"
    level = "problem" if util >= 0.95 else "warning" if util >= 0.8 else "info"
    return Finding(level, text, node)


def growing_queues(record: RunRecord) -> list[Finding]:
    """Queues (and consumer backlogs) whose depth keeps rising towards the end."""
    series = record.series
    found = []
    for node in _with_depth(record):
        if is_sink(record, node):
            continue  # a dead-letter queue nobody reads only ever fills up
        depth = series.column(f"{node}.depth")
        if not len(depth) or np.nanmax(depth, initial=0) < GROWTH_MIN_DEPTH:
            continue
        slope, last = growth(series.t, depth), float(depth[-1])
        if slope > 0 and last >= GROWTH_MIN_DEPTH and last >= 0.5 * np.nanmax(depth):
            what = "queue" if Curve.DEPTH in look(record.node_kind(node)).curves else "backlog"
            text = (
                f"Keeps growing: <b>{_title(record, node)}</b> {what} rises "
                f"{slope * 60:,.1f} messages/min in the second half, {last:,.0f} waiting at the end"
            )
            found.append(Finding("problem", text, node))
    return found


def _with_depth(record: RunRecord) -> list[str]:
    """Nodes whose depth the charts show (queues and consumer backlogs), in file order."""
    shown = set(record.showing(Curve.DEPTH) + record.showing(Curve.BACKLOG))
    return [node for node in record.node_ids() if node in shown]


def is_sink(record: RunRecord, node: str) -> bool:
    """True for a queue that nobody reads (such as a dead-letter queue)."""
    holds = Curve.DEPTH in look(record.node_kind(node)).curves
    return holds and not record.topology.edges_from(node, "flow")


def dead_letters(record: RunRecord) -> list[Finding]:
    """Queues nobody reads that collected messages: where the dead letters went."""
    series = record.series
    found = []
    for node in record.showing(Curve.DEPTH):
        depth = series.column(f"{node}.depth")
        if not is_sink(record, node) or not len(depth) or np.nanmax(depth, initial=0) < 1:
            continue
        first = float(series.t[int(np.argmax(depth > 0))])
        text = (
            f"<b>{_title(record, node)}</b> collected {float(depth[-1]):,.0f} dead letters "
            f"(the first by t = {first:,.0f} s)"
        )
        found.append(Finding("problem", text, node))
    return found


def peak_backlog(record: RunRecord) -> Finding | None:
    """The largest backlog of a queue that is read, when it drained again."""
    series = record.series
    peaks = [
        (float(np.nanmax(series.column(f"{q}.depth"), initial=0)), q)
        for q in _with_depth(record)
        if not is_sink(record, q)
    ]
    if not peaks or max(peaks)[0] < PEAK_MIN_DEPTH:
        return None
    peak, node = max(peaks)
    at = float(series.t[int(np.nanargmax(series.column(f"{node}.depth")))])
    backlog = Curve.BACKLOG in look(record.node_kind(node)).curves
    title = _title(record, node) + (" backlog" if backlog else "")
    text = f"Largest backlog: <b>{title}</b> peaked at {peak:,.0f} messages (t = {at:,.0f} s)"
    return Finding("warning", text, node)


def losses(record: RunRecord) -> list[Finding]:
    """Events that did not complete: failed, dead-lettered, throttled, expired, rejected,
    denied (by a resource policy)."""
    events = record.result.events if record.result else {}
    nodes = record.result.nodes if record.result else {}
    found = []
    for key in ("failed", "dead_lettered", "throttled", "expired", "rejected", "denied"):
        count = events.get(key, 0)
        if not count:
            continue
        share = count / max(1, events.get("produced", 1))
        text = f"{count:,} {key.replace('_', '-')} ({share:.2%} of produced)"
        where = [_title(record, n) for n, f in nodes.items() if f.get(_NODE_KEYS.get(key, key))]
        if where:
            text += " at " + ", ".join(where[:3])
        found.append(Finding("problem", text))
    return found


_NODE_KEYS = {"failed": "failures"}


def throttled_consumers(record: RunRecord) -> list[Finding]:
    """Consumers refused invocations for want of concurrency (their reserved concurrency,
    the account's pool or burst scaling), with how long they were throttled."""
    nodes = record.result.nodes if record.result else {}
    series = record.series
    found = []
    for node, figures in nodes.items():
        count = figures.get("throttles") or 0
        if not count:
            continue
        text = f"Throttled: <b>{_title(record, node)}</b> refused {count:,} invocations"
        reserved = record.param(node, "reserved_concurrency")
        if reserved:
            text += f" (reserved concurrency {reserved:g})"
        column = series.column(f"{node}.throttles")
        if len(column):
            starts = np.concatenate(([0.0], series.t[:-1]))
            seconds = float(np.sum((series.t - starts)[np.nan_to_num(column) > 0]))
            text += f" during {seconds:,.0f} s (shaded on its chart)"
        found.append(Finding("warning", text, node))
    return found


def findings(record: RunRecord) -> list[Finding]:
    """Every call-out for a finished run: what grows, what backed up, where messages were
    lost, which consumers were throttled, the busiest consumer."""
    found: list[Finding] = growing_queues(record)
    grown = {f.node for f in found}
    peak = peak_backlog(record)
    if peak is not None and peak.node not in grown:
        found.append(peak)
    found += dead_letters(record)
    found += throttled_consumers(record)
    busiest = busiest_consumer(record)
    if busiest is not None:
        found.append(busiest)
    return found + losses(record)


def _title(record: RunRecord, node_id: str) -> str:
    try:
        return record.topology.node(node_id).title
    except KeyError:
        return node_id
