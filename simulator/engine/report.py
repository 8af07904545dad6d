"""Presenting results: the readable table, and the files written by `run --out DIR`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from simulator.engine.result import Result

OUTCOME_LABELS = (
    ("completed", "completed"),
    ("failed", "failed"),
    ("dead_lettered", "dead-lettered"),
    ("unmatched", "unmatched"),
    ("throttled", "throttled"),
    ("expired", "expired"),
    ("rejected", "rejected"),
    ("duplicate", "duplicate"),
    ("denied", "denied"),
    ("in_flight", "in flight"),
)
NODE_COLUMNS = (
    ("node", "{:<14}", "id"),
    ("kind", "{:<9}", "kind"),
    ("processed", "{:>10,}", "processed"),
    ("failures", "{:>9,}", "failures"),
    ("util", "{:>6.0%}", "utilization"),
    ("wait s", "{:>9.3f}", "wait_mean"),
    ("depth", "{:>8.1f}", "depth_mean"),
    ("max", "{:>6,}", "depth_max"),
    ("cold", "{:>6,}", "cold_starts"),
    ("envs", "{:>6.1f}", "instances_mean"),
)


def table(data: dict[str, Any], ci: dict[str, Any] | None = None, priced: str = "") -> str:
    """A readable summary of a contract dict (with 95% half-widths when `ci` is given);
    `priced` says which prices the cost line used (`us-east-1 prices of 2026-11-29`)."""
    lines = [f"{data['name']}: {data['duration']:g} s simulated, warm-up {data['warmup']:g} s"]
    if "seed" in data:
        lines[0] += f", seed {data['seed']}"
    if "stopped_at" in data:
        lines[0] += f", stopped at t = {data['stopped_at']:g} s"
    events = data["events"]
    parts = [f"produced {_num(events['produced'], ci, 'events', 'produced')}"]
    parts += [f"{label} {_num(events[key], ci, 'events', key)}" for key, label in OUTCOME_LABELS]
    if events.get("replayed"):
        parts.append(f"replayed {_num(events['replayed'], ci, 'events', 'replayed')}")
    lines.append("events:  " + ", ".join(parts[:5]) + ",")
    lines.append("         " + ", ".join(parts[5:]))
    latency = data["latency"]
    figures = [f"{key} {_num(latency[key], ci, 'latency', key, '.3f')}" for key in latency]
    lines.append("latency: " + ", ".join(figures) + " (seconds, end to end, delivered events)")
    failed = data.get("latency_failed") or {}
    if failed.get("max"):
        figures = [f"{key} {failed[key]:.3f}" for key in failed]
        lines.append("         failed events: " + ", ".join(figures))
    ledger = data["ledger"]
    state = "balanced" if ledger["balanced"] else "NOT BALANCED"
    lines.append(f"ledger:  {ledger['created']:,} copies created, {state}")
    if "cost" in data:
        lines.append(cost_line(data["cost"], (ci or {}).get("cost"), priced))
    lines.append("")
    lines.append(_node_header())
    for node_id, figures in data["nodes"].items():
        lines.append(_node_row(node_id, figures))
    lines += _throttle_lines(data["nodes"])
    lines += _access_lines(data["nodes"])
    lines += _workflow_lines(data["nodes"])
    return "\n".join(lines) + "\n"


STATE_COLUMNS = (("entered", "{:>9,}"), ("failures", "{:>9,}"), ("retries", "{:>8,}"))


def _workflow_lines(nodes: dict[str, Any]) -> list[str]:
    """Below the table, each workflow's executions and transitions, then per state the
    visits, failures, retries and mean time in the state (no workflows: no lines)."""
    lines: list[str] = []
    for node_id, f in nodes.items():
        if f.get("kind") != "workflow":
            continue
        counts = [round(f.get(key) or 0) for key in ("executions", "succeeded", "failed")]
        lines += [
            "",
            f"workflow {node_id}: {counts[0]:,} executions, {counts[1]:,} succeeded, "
            f"{counts[2]:,} failed ({round(f.get('timed_out') or 0):,} timed out), "
            f"{round(f.get('transitions') or 0):,} transitions, "
            f"{round(f.get('callbacks') or 0):,} callbacks",
        ]
        states = f.get("states") or {}
        width = max([len("state"), *(len(name) for name in states)]) + 2
        titles = "".join(fmt.replace(",", "").format(key) for key, fmt in STATE_COLUMNS)
        head = "  " + "state".ljust(width) + titles + f"{'mean s':>9}"
        lines.append(head if states else "  (no state entered)")
        for name, s in states.items():
            cells = [fmt.format(round(s.get(key) or 0)) for key, fmt in STATE_COLUMNS]
            mean = f"{s.get('time_mean') or 0:9.3f}"
            lines.append("  " + name.ljust(width) + "".join(cells) + mean)
    return lines


ACCESS_LINES = (  # issue 16: per-node figures the columns do not show (none: no lines)
    ("denied", "denied: ", "refused {:,} publishes (its policy)"),
    ("replayed", "replayed: ", "re-sent {:,} archived events"),
    ("cross_region_bytes", "cross-Region: ", "sent {:,} bytes to other Regions"),
)


def _access_lines(nodes: dict[str, Any]) -> list[str]:
    """Below the table, the nodes that denied publishes, replayed archived events or sent
    bytes to other Regions, with how many."""
    lines: list[str] = []
    for key, lead, text in ACCESS_LINES:
        found = [(n, round(f[key])) for n, f in nodes.items() if f.get(key)]
        for i, (node_id, count) in enumerate(found):
            head = (lead if i == 0 else "").ljust(len("cross-Region: "))
            lines.append(f"{head}{node_id} {text.format(count)}")
    return ["", *lines] if lines else []


def _throttle_lines(nodes: dict[str, Any]) -> list[str]:
    """Below the table, each consumer that was throttled (issue 15's `throttles`): the
    invocations refused and the most environments it ran (none throttled: no lines)."""
    lines: list[str] = []
    for node_id, figures in nodes.items():
        refused = round(figures.get("throttles") or 0)
        if refused:
            peak = round(figures.get("instances_max") or 0)
            lead = "throttled: " if not lines else " " * 11
            lines.append(f"{lead}{node_id} refused {refused:,} invocations (at most {peak:,} ran)")
    return ["", *lines] if lines else []


def cost_line(cost: dict[str, Any], ci: dict[str, Any] | None = None, priced: str = "") -> str:
    """`cost: $0.0123 for the window, $12.34 a month, $0.45 per million events`, then
    `(priced)` when given, and the services that cost something."""
    half = (ci or {}).get("monthly")
    monthly = f"${cost['monthly']:,.2f}" + (f" ±{half:,.2f}" if half is not None else "")
    services = ", ".join(f"{k} ${v:.4g}" for k, v in cost["services"].items() if v)
    return (
        f"cost:    ${cost['total']:.4g} for the window, {monthly} a month, "
        f"${cost['per_million_events']:,.2f} per million events"
        + (f" ({priced})" if priced else "")
        + (f"\n         {services}" if services else "")
    )


def _num(value: Any, ci: dict[str, Any] | None, section: str, key: str, fmt: str = ",") -> str:
    if isinstance(value, float) and fmt == ",":
        fmt = ",.1f"
    text = format(value, fmt)
    half = (ci or {}).get(section, {}).get(key)
    return f"{text} ±{half:{fmt if fmt != ',' else ',.1f'}}" if half is not None else text


def _node_header() -> str:
    widths = [len(fmt.format(_sample(key))) for _, fmt, key in NODE_COLUMNS]
    cells = [
        title.ljust(w) if i < 2 else title.rjust(w)
        for i, ((title, _, _), w) in enumerate(zip(NODE_COLUMNS, widths, strict=True))
    ]
    return " ".join(cells)


def _sample(key: str) -> Any:
    return "" if key in ("id", "kind") else 0


def _node_row(node_id: str, figures: dict[str, Any]) -> str:
    cells = []
    for _, fmt, key in NODE_COLUMNS:
        value = node_id if key == "id" else figures.get(key, 0)
        if isinstance(value, float) and fmt.endswith(",}"):
            value = round(value)
        cells.append(fmt.format(value))
    return " ".join(cells)


def write_out(result: Result, directory: Path) -> list[Path]:
    """Write summary.json, timeseries.csv and traces.jsonl into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    summary = {
        **result.to_json_dict(),
        "interval": result.interval,
        "wall_seconds": round(result.wall_seconds, 3),
        "visits": result.visits,
        "visits_per_second": round(result.visits / result.wall_seconds)
        if result.wall_seconds
        else None,
    }
    paths = [directory / "summary.json", directory / "timeseries.csv", directory / "traces.jsonl"]
    paths[0].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    with paths[1].open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.series.keys())
        writer.writerows(zip(*result.series.values(), strict=True))
    with paths[2].open("w", encoding="utf-8") as handle:
        for trace in result.traces:
            handle.write(json.dumps(trace) + "\n")
    return paths
