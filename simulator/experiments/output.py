"""A sweep's results as a text table and as CSV (one row per point and metric)."""

from __future__ import annotations

import csv
import io
from typing import Any


def _cell(metric: dict[str, Any] | None) -> str:
    if metric is None:
        return "-"
    half = metric["half_width"]
    return f"{metric['mean']:,.4g}" + (f" ± {half:,.2g}" if half is not None else "")


def sweep_table(data: dict[str, Any], shown: list[str]) -> str:
    """The set values, the replications and each shown metric's mean ± 95% half-width."""
    points = data["points"]
    if not points:
        return "no point finished\n"
    paths = list(points[0]["set"])
    header = [*paths, "reps", *shown]
    rows = [
        [*(f"{p['set'][k]:g}" for k in paths), str(p["replications"])]
        + [_cell(p["metrics"].get(name)) for name in shown]
        for p in points
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]]
    missing = [name for name in shown if name not in points[0]["metrics"]]
    if missing:
        lines.append(f"(no metric {', '.join(missing)}: see --json for every metric name)")
    return "\n".join(lines) + "\n"


def sweep_csv(data: dict[str, Any]) -> str:
    """Columns: each set path, replications, metric, mean, half_width."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    points = data["points"]
    paths = list(points[0]["set"]) if points else []
    writer.writerow([*paths, "replications", "metric", "mean", "half_width"])
    for p in points:
        for name, m in p["metrics"].items():
            half = "" if m["half_width"] is None else m["half_width"]
            writer.writerow(
                [*(p["set"][k] for k in paths), p["replications"], name, m["mean"], half]
            )
    return out.getvalue()


__all__ = ["sweep_csv", "sweep_table"]
