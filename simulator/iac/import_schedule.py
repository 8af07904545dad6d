"""Scheduled rules and EventBridge Scheduler schedules -> constant-rate producers.

`rate(5 minutes)` is exactly one event every 300 s. A `cron(...)` expression is turned into
its average rate (events per day spread evenly) and the report says so; a one-time
`at(...)` schedule is not modelled.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from simulator.iac.cfn_refs import Unresolved

if TYPE_CHECKING:
    from simulator.iac.import_context import Context

UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
SCHEDULED_EVENT = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
_RATE = re.compile(r"^rate\(\s*(\d+)\s+([a-z]+)\s*\)$", re.IGNORECASE)
_CRON = re.compile(r"^cron\((.*)\)$", re.IGNORECASE)
FIELD_SIZES = (60, 24, 31, 12, 7, 1)  # minutes, hours, day of month, month, day of week, year


def schedule_rate(expression: str) -> tuple[float, bool]:
    """(events per second, exact) of a schedule expression; ValueError when unreadable."""
    text = expression.strip()
    match = _RATE.match(text)
    if match:
        unit = UNITS.get(match.group(2).lower())
        count = int(match.group(1))
        if unit is None or count < 1:
            raise ValueError(f"unknown rate {text!r}")
        return 1 / (count * unit), True
    match = _CRON.match(text)
    if match:
        return _cron_rate(match.group(1).split()), False
    raise ValueError(f"{text!r} is neither rate(...) nor cron(...)")


def _cron_rate(fields: list[str]) -> float:
    """Average firings per second of an EventBridge cron (6 fields)."""
    if len(fields) != 6:
        raise ValueError("cron(...) needs 6 fields")
    counts = [_field_count(f, size) for f, size in zip(fields, FIELD_SIZES, strict=True)]
    minutes, hours, dom, month, dow, _ = counts
    days = 1.0
    if fields[2] not in ("*", "?"):
        days *= dom / 31
    if fields[4] not in ("*", "?"):
        days *= dow / 7
    if fields[3] != "*":
        days *= month / 12
    return minutes * hours * days / 86400


NAMES = {
    name: str(number)
    for names in (
        ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"),
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
    )
    for number, name in enumerate(names, 1)
}


def _field_count(field: str, size: int) -> int:
    """How many values one cron field takes (lists, ranges, steps, names, `*`, `?`)."""
    total = 0
    for name, number in NAMES.items():
        field = field.upper().replace(name, number)
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else 1
        if base in ("*", "?", ""):
            span = size
        elif base.isdigit():
            span = size - int(base) if step_text else 1
        elif "-" in base and all(p.isdigit() for p in base.split("-", 1)):
            low, high = (int(p) for p in base.split("-", 1))
            span = high - low + 1
        else:
            span = 1  # L, 15W, 3#2 ...
        total += max(1, -(-span // step))
    return min(total, size)


def _producer(ctx: Context, logical_id: str, expression: Any, where: str) -> str | None:
    """A constant-rate producer for a schedule, or None with a note."""
    try:
        text = ctx.refs.literal(expression)
        rate, exact = schedule_rate(str(text))
    except (Unresolved, ValueError) as exc:
        ctx.report.skip(logical_id, ctx.type_of(logical_id), f"schedule not modelled: {exc}")
        return None
    node_id = ctx.draft.add_node(
        logical_id, "producer", f"schedule {text}"[:200], ctx.origin(logical_id)
    )
    load = {"profile": "constant", "rate": float(f"{rate:.6g}")}
    ctx.draft.set(node_id, "load", load, where)
    ctx.draft.set(node_id, "events", [dict(SCHEDULED_EVENT)], where)
    if not exact:
        ctx.report.assume(node_id, "load", load, f"{text} averaged to a constant rate")
    return node_id


def read_schedule(
    ctx: Context, logical_id: str, properties: dict[str, Any], targets: list[Any]
) -> None:
    """An AWS::Events::Rule with ScheduleExpression: a producer publishing to its targets."""
    from simulator.iac.import_wiring import target_node

    where = ctx.where(logical_id)
    producer = _producer(ctx, logical_id, properties["ScheduleExpression"], where)
    if producer is None:
        return
    for index, target in enumerate(targets):
        if isinstance(target, dict):
            here = f"{where} Targets[{index}]"
            node_id = target_node(ctx, target.get("Arn"), here, "target")
            if node_id is not None:
                ctx.draft.add_edge(producer, node_id, here)


def read_scheduler_schedule(ctx: Context, logical_id: str, properties: dict[str, Any]) -> None:
    """AWS::Scheduler::Schedule: a producer publishing to its one target."""
    from simulator.iac.import_wiring import mark_sink, target_node

    where = ctx.where(logical_id)
    if str(properties.get("State", "ENABLED")).upper() == "DISABLED":
        ctx.report.note(where, "the schedule is DISABLED; not modelled")
        return
    producer = _producer(ctx, logical_id, properties.get("ScheduleExpression"), where)
    target = properties.get("Target")
    if producer is None or not isinstance(target, dict):
        return
    node_id = target_node(ctx, target.get("Arn"), where, "target")
    if node_id is not None:
        ctx.draft.add_edge(producer, node_id, where)
    if target.get("DeadLetterConfig"):
        ctx.report.note(where, "the schedule's dead-letter queue is not modelled")
        mark_sink(ctx, target["DeadLetterConfig"], "Arn")
