"""What a run costs: the counting rules applied to a run's billable counts.

Rules (from the services' pricing pages; the engine README lists them too):
- EventBridge: each event published to a bus, per 64 KB chunk; deliveries and retries to
  targets are free. SNS: each publish, per 64 KB chunk; deliveries to SQS/Lambda free.
- SQS: every API request, per 64 KB chunk: sends (those SNS, EventBridge and functions
  make included), receives that return messages, one DeleteMessageBatch per batch, and
  the empty receives of idle pollers, each long-polling with 20 s waits (3 receives a
  minute): the engine's live pollers while no message is visible, scaling back to the
  mapping's idle floor (5, or its `maximum_concurrency` when lower). Lambda's event source
  mapping makes no ChangeMessageVisibility calls (a failed batch waits out its timeout).
- Lambda: each invocation (retries included) and GB-seconds of memory over the billed
  duration (init included, rounded up to 1 ms), priced by architecture. A function with
  `provisioned` environments also pays for them (environments x memory x window, used or
  not), and the share of its duration that started on them (`provisioned_used` of its
  invocations) is priced at the lower provisioned-duration rate.
- Step Functions: Standard per state transition (retries included); Express per
  execution plus GB-seconds in 100 ms steps of the workflow's `billed_memory_mb` rounded
  up to 64 MB chunks.
- EventBridge archives: the GB of events a bus sends to its archive, and GB-months held
  (the window's byte-seconds over a month of `month_hours`: an archive that starts empty
  at t = 0 holds less in a short window than it will once full, so the monthly figure of
  a long `retention` is a lower bound). Replayed events are billed as events published
  to the bus (they arrive at it again).
- KMS (encrypted queues and topics): each KMS request the engine counts
  (`kms_requests`). Data transfer: the bytes a node sends to other Regions
  (`cross_region_bytes`), per GB of 2^30 bytes. Both appear in `services` and `requests`
  only when a design has them.
`monthly` scales the measured window to a month (`month_hours`, 730) at the same load and
prices each item's monthly volume through its tiers (volume discounts).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.cost.prices import OPTIONAL_ITEMS, PROVISIONED_ITEMS, PriceTable
from simulator.model import Node, Topology

SERVICES = ("eventbridge", "sns", "sqs", "lambda", "stepfunctions")
EXTRA_SERVICES = ("kms", "data_transfer")  # listed only when a design bills them
GB = float(2**30)  # bytes in a GB of data transfer
MIN_POLLERS = 5  # pollers a Lambda SQS event source keeps per queue at least
LONG_POLL_WAIT = 20.0  # seconds a poller's ReceiveMessage waits on an empty queue
EXPRESS_CHUNK_MB = 64  # Express bills the memory a workflow uses in 64 MB chunks
EXPRESS_REQUESTS = "stepfunctions.express_requests"


@dataclass(frozen=True)
class Line:
    """One priced quantity of one node (e.g. queue `orders`, SQS receives)."""

    node: str
    service: str
    item: str  # the price table item
    what: str  # what was counted, for people
    quantity: float
    cost: float
    request: bool = True  # counts towards the service's requests (durations do not)


@dataclass(frozen=True)
class CostReport:
    """The priced lines of a run's measured window, with totals and the monthly figure."""

    prices: PriceTable
    window: float  # seconds measured (after warm-up)
    produced: int  # root events produced in the window
    lines: tuple[Line, ...]
    free_tier: bool = False

    @property
    def total(self) -> float:
        """USD for the measured window."""
        return sum(line.cost for line in self.lines)

    def services(self) -> dict[str, float]:
        """USD per service (every modelled service, zero when unused)."""
        out = dict.fromkeys(SERVICES, 0.0)
        for line in self.lines:
            out[line.service] = out.get(line.service, 0.0) + line.cost
        return out

    def nodes(self) -> dict[str, float]:
        """USD per node that costs something, in the order of the lines."""
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.node] = out.get(line.node, 0.0) + line.cost
        return out

    def requests(self) -> dict[str, int]:
        """Billed requests per service (64 KB chunks, invocations, transitions)."""
        out = dict.fromkeys(SERVICES, 0.0)
        for line in self.lines:
            if line.request:
                out[line.service] = out.get(line.service, 0.0) + line.quantity
        return {k: round(v) for k, v in out.items()}

    @property
    def scale(self) -> float:
        """Months per measured window's length, inverted: windows in a month."""
        return self.prices.month_hours * 3600.0 / self.window if self.window > 0 else 0.0

    def monthly_quantities(self) -> dict[str, float]:
        """Units of each price item in a month at the run's average load."""
        quantities: dict[str, float] = {}
        for line in self.lines:
            quantities[line.item] = quantities.get(line.item, 0.0) + line.quantity * self.scale
        return quantities

    @property
    def monthly(self) -> float:
        """USD for a month at the run's average load: each item's monthly volume priced
        through its volume tiers (free amounts off first with free_tier)."""
        quantities = self.monthly_quantities()
        items = self.prices.items
        if not self.free_tier:  # the window's cost scaled, less what the tiers take off
            off = sum(q * items[n].unit_price - items[n].cost(q) for n, q in quantities.items())
            return self.total * self.scale - off
        used: dict[str, float] = {}
        total = 0.0
        for name, quantity in quantities.items():
            item = items[name]
            pool = item.free_pool or name
            free = max(0.0, item.free_monthly - used.get(pool, 0.0))
            taken = min(free, quantity)
            used[pool] = used.get(pool, 0.0) + taken
            total += item.cost(quantity, taken)
        return total

    @property
    def per_million_events(self) -> float:
        """USD per million produced events."""
        return self.total / self.produced * 1e6 if self.produced else 0.0

    def to_json_dict(self) -> dict[str, Any]:
        """The `cost` object of `run --json`."""
        return {
            "currency": self.prices.currency,
            "total": _usd(self.total),
            "services": {k: _usd(v) for k, v in self.services().items()},
            "nodes": {k: _usd(v) for k, v in self.nodes().items()},
            "requests": self.requests(),
            "per_million_events": _usd(self.per_million_events),
            "monthly": _usd(self.monthly),
        }


def _usd(value: float) -> float:
    return round(value, 8)


def price_run(
    topology: Topology,
    usage: Mapping[str, Mapping[str, float]],
    window: float,
    produced: int,
    prices: PriceTable,
    free_tier: bool = False,
    figures: Mapping[str, Mapping[str, Any]] | None = None,
) -> CostReport:
    """Price the billable counts `usage` (node id -> counts) of a run's measured window,
    plus the KMS requests and cross-Region bytes among the node `figures`."""
    lines: list[Line] = []
    for node in topology.nodes:
        counts = usage.get(node.id)
        node_figures = figures.get(node.id) if figures is not None else None
        if counts:
            found = node_lines(node, counts, prices)
            if node.kind == "consumer" and node.get("provisioned"):
                found = provisioned_lines(node, found, node_figures or {}, window, prices)
            lines += [line for line in found if line.quantity]
        if node_figures is not None:
            lines += [line for line in extra_lines(node, node_figures, prices) if line.quantity]
    return CostReport(prices, window, produced, tuple(lines), free_tier)


def provisioned_lines(
    node: Node, lines: list[Line], figures: Mapping[str, Any], window: float, prices: PriceTable
) -> list[Line]:
    """A function with `provisioned` environments: their configured GB-seconds over the
    window (used or not), and the share of its duration that ran on them (the share of its
    invocations that started there, `provisioned_used`) at the lower provisioned rate.
    A price table without the provisioned items leaves the lines as they are."""
    arch = node.get("architecture")
    allocated, duration = f"lambda.provisioned_{arch}", f"lambda.provisioned_duration_{arch}"
    if not set(PROVISIONED_ITEMS) <= prices.items.keys():
        return lines
    out: list[Line] = []
    invocations = next((ln.quantity for ln in lines if ln.item == "lambda.requests"), 0.0)
    share = min(1.0, float(figures.get("provisioned_used", 0)) / invocations) if invocations else 0
    for line in lines:
        if line.item.startswith("lambda.duration_") and share:
            on, off = line.quantity * share, line.quantity * (1 - share)
            what = "GB-seconds on provisioned environments"
            out.append(_line(node, "lambda", duration, what, on, prices, request=False))
            out.append(_line(node, "lambda", line.item, line.what, off, prices, request=False))
        else:
            out.append(line)
    gb_seconds = node.get("provisioned") * node.get("memory_mb") / 1024.0 * window
    what = "provisioned concurrency GB-seconds"
    return [*out, _line(node, "lambda", allocated, what, gb_seconds, prices, request=False)]


def extra_lines(node: Node, figures: Mapping[str, Any], prices: PriceTable) -> list[Line]:
    """KMS requests of an encrypted queue or topic; data sent to other Regions."""
    lines = []
    if "kms_requests" in figures:
        kms = float(figures["kms_requests"])
        lines.append(_line(node, "kms", "kms.requests", "KMS requests", kms, prices))
    if "cross_region_bytes" in figures:
        gb = float(figures["cross_region_bytes"]) / GB
        what = "GB sent to other Regions"
        lines.append(
            _line(node, "data_transfer", "transfer.inter_region", what, gb, prices, request=False)
        )
    return lines


def node_lines(node: Node, counts: Mapping[str, float], prices: PriceTable) -> list[Line]:
    """The priced lines of one node."""
    rule = RULES.get(node.kind)
    return rule(node, counts, prices) if rule else []


def _line(
    node: Node, service: str, item: str, what: str, quantity: float, prices: PriceTable,
    request: bool = True,
) -> Line:  # fmt: skip
    return Line(node.id, service, item, what, quantity, quantity * prices.unit_price(item), request)


def _router(node: Node, counts: Mapping[str, float], prices: PriceTable) -> list[Line]:
    published = counts.get("published", 0.0)
    what = "events published"
    lines = [_line(node, "eventbridge", "eventbridge.events", what, published, prices)]
    if "archived_bytes" in counts and set(OPTIONAL_ITEMS) <= prices.items.keys():
        # an archive: the bytes sent to it and the bytes it holds
        processed = counts["archived_bytes"] / GB
        month = prices.month_hours * 3600.0
        held = counts.get("archive_byte_seconds", 0.0) / GB / month
        lines += [
            _line(
                node, "eventbridge", "eventbridge.archive_processing", "GB archived", processed,
                prices, request=False,
            ),
            _line(
                node, "eventbridge", "eventbridge.archive_storage", "GB-months archived",
                held, prices, request=False,
            ),
        ]  # fmt: skip
    return lines


def _topic(node: Node, counts: Mapping[str, float], prices: PriceTable) -> list[Line]:
    published = counts.get("published", 0.0)
    return [_line(node, "sns", "sns.publishes", "publishes", published, prices)]


def empty_receives(counts: Mapping[str, float]) -> float:
    """Receives of idle pollers: one per 20 s long poll of each poller while no message is
    visible (the engine's idle poller-seconds; else 5 pollers per reader)."""
    if "poller_seconds" in counts:
        return counts["poller_seconds"] / LONG_POLL_WAIT
    pollers = MIN_POLLERS * counts.get("readers", 0.0)
    return pollers * counts.get("idle_seconds", 0.0) / LONG_POLL_WAIT


def _queue(node: Node, counts: Mapping[str, float], prices: PriceTable) -> list[Line]:
    item = "sqs.fifo_requests" if node.get("fifo") else "sqs.standard_requests"
    figures = (
        ("sends", counts.get("sends", 0.0)),
        ("receives", counts.get("receives", 0.0)),
        ("empty receives (polling)", empty_receives(counts)),
        ("deletes", counts.get("deletes", 0.0)),
    )
    return [_line(node, "sqs", item, what, n, prices) for what, n in figures]


def _consumer(node: Node, counts: Mapping[str, float], prices: PriceTable) -> list[Line]:
    gb_seconds = counts.get("billed_ms", 0.0) / 1000.0 * node.get("memory_mb") / 1024.0
    duration = f"lambda.duration_{node.get('architecture')}"
    return [
        _line(
            node, "lambda", "lambda.requests", "invocations", counts.get("invocations", 0.0), prices
        ),
        _line(node, "lambda", duration, "GB-seconds", gb_seconds, prices, request=False),
    ]


def express_memory_gb(node: Node) -> float:
    """GB an Express execution is billed for: `billed_memory_mb` rounded up to 64 MB chunks."""
    mb = float(node.get("billed_memory_mb"))
    return math.ceil(mb / EXPRESS_CHUNK_MB - 1e-9) * EXPRESS_CHUNK_MB / 1024


def _workflow(node: Node, counts: Mapping[str, float], prices: PriceTable) -> list[Line]:
    if node.get("type") == "standard":
        transitions = counts.get("transitions", 0.0)
        item = "stepfunctions.standard_transitions"
        return [_line(node, "stepfunctions", item, "state transitions", transitions, prices)]
    gb_seconds = counts.get("billed_100ms", 0.0) * 0.1 * express_memory_gb(node)
    executions = counts.get("executions", 0.0)
    return [
        _line(node, "stepfunctions", EXPRESS_REQUESTS, "executions", executions, prices),
        _line(
            node, "stepfunctions", "stepfunctions.express_duration", "GB-seconds", gb_seconds,
            prices, request=False,
        ),
    ]  # fmt: skip


RULES = {
    "router": _router,
    "topic": _topic,
    "queue": _queue,
    "consumer": _consumer,
    "workflow": _workflow,
}
