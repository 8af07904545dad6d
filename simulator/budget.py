"""The memory budget of a run: its size estimated before it starts, and loops that multiply.

A run holds in memory the copies in flight (queued, waiting, being served or retried),
the time-series rows and a bounded number of traces. Before a run, `estimate` sizes it
from the analytic load check (simulator.analysis): the node visits over the run, the
time-series rows (duration / interval), and the backlog that builds at every consumer
offered more than its capacity (rate x (1 - 1/rho) per second, held until the end of the
run or the queue's retention). `validate` warns with the estimate; `run` refuses a run
whose estimate exceeds the budget, and while running stops once the copies in flight pass
what the budget holds (`max_in_flight`).

The budget is DEFAULT_BUDGET_MB, or the environment variable EVENTSCAPE_MEMORY_BUDGET
(MB), or `eventscape-sim run --memory-budget MB`.

`amplifying_loops` finds loops that multiply events: a cycle of routers and topics (which
copy every event to each matching edge) whose unfiltered edges alone send more than one
copy of an event back round per pass. Their number grows exponentially, so no budget
holds them: they are validation errors naming the loop.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from simulator.model import Topology
from simulator.problems import Problem

DEFAULT_BUDGET_MB = 2048
BYTES_PER_COPY = 1024  # an event copy in flight with its envelope (measured: ~650 bytes)
BYTES_PER_CELL = 32  # one time-series value (a float in a list, then in an array)
BASE_BYTES = 60 * 1024**2  # the engine and its libraries, before any event
VISITS_PER_SECOND = 100_000  # a conservative engine speed, for the time estimate
MAX_SENDS = 400_000  # sample-event hops the estimate may take (routes x samples)
SAMPLES = 50  # sample events per producer, fewer when the graph has many routes
ESTIMATE_HOPS = 30  # as deep as the analytic check follows events
WARN_SECONDS = 600  # validate warns about runs estimated to take longer


def budget_mb(override: float | None = None) -> float:
    """The memory budget in MB: the override, else $EVENTSCAPE_MEMORY_BUDGET, else default."""
    if override is not None:
        return float(override)
    text = os.environ.get("EVENTSCAPE_MEMORY_BUDGET", "")
    try:
        value = float(text)
    except ValueError:
        return float(DEFAULT_BUDGET_MB)
    return value if math.isfinite(value) and value > 0 else float(DEFAULT_BUDGET_MB)


def max_in_flight(budget: float | None = None) -> int:
    """Copies in flight a run may hold under the budget (it stops beyond them)."""
    usable = budget_mb(budget) * 1024**2 - BASE_BYTES
    return max(10_000, int(usable / BYTES_PER_COPY))


@dataclass(frozen=True)
class Estimate:
    """The expected size of a run."""

    visits: float  # node visits (events arriving at nodes) over the run
    rows: float  # time-series rows
    backlog: float  # copies held at the end by consumers offered more than their capacity
    backlog_node: str | None  # the consumer with the largest backlog
    bytes: float  # memory the run needs

    @property
    def seconds(self) -> float:
        """Wall seconds the run may take at a conservative engine speed."""
        return self.visits / VISITS_PER_SECOND

    def describe(self) -> str:
        """`~1.2 GB: 3.4e+07 node visits, 200 time-series rows, a backlog of ...`."""
        parts = [f"{self.visits:.3g} node visits", f"{self.rows:,.0f} time-series rows"]
        if self.backlog >= 1 and self.backlog_node:
            parts.append(f"a backlog of {self.backlog:.3g} events at {self.backlog_node}")
        return f"about {_size(self.bytes)} ({', '.join(parts)})"


def _size(n: float) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n / 1024:.3g} KB"


def estimate(
    topology: Topology, duration: float | None = None, interval: float | None = None
) -> Estimate | None:
    """The run's expected size, or None when it cannot be estimated cheaply.

    None when the graph has too many routes for the analytic check or a load cannot be
    read (a trace file that does not load is reported by the run itself).
    """
    from simulator.analysis import expected_load

    routes = _routes(topology)
    if routes > MAX_SENDS:
        return None
    samples = max(1, min(SAMPLES, int(MAX_SENDS / max(routes, 1))))
    duration = float(topology.scenario.duration if duration is None else duration)
    try:
        loads = expected_load(topology, samples=samples)
    except (ValueError, OSError, ArithmeticError):
        return None
    visits = sum(load.rate for load in loads.values()) * duration
    rows = duration / interval if interval else 200.0
    columns = 8 + 12 * len(topology.nodes)
    backlog, worst, worst_node = 0.0, 0.0, None
    for node_id, load in loads.items():
        held = _backlog(topology, node_id, load.rate, load.utilization, duration)
        backlog += held
        if held > worst:
            worst, worst_node = held, node_id
    size = BASE_BYTES + backlog * BYTES_PER_COPY + rows * columns * BYTES_PER_CELL
    return Estimate(visits, rows, backlog, worst_node, size)


def _backlog(
    topology: Topology, node_id: str, rate: float, rho: float | None, duration: float
) -> float:
    """Copies held at the end by a consumer offered `rho` > 1 of its capacity."""
    if rho is None or rho <= 1.0 or not math.isfinite(rho):
        return 0.0
    held_for = duration
    for edge in topology.edges_to(node_id):
        feeder = topology.node(edge.source)
        if feeder.kind == "queue":
            held_for = min(held_for, float(feeder.get("retention") or duration))
            capacity = feeder.get("capacity")
            if capacity:
                return min(float(capacity), rate * (1 - 1 / rho) * held_for)
    return rate * (1 - 1 / rho) * held_for


def _routes(topology: Topology) -> float:
    """Paths of up to ESTIMATE_HOPS edges from the producers (what the check follows)."""
    count = {n.id: 1.0 if n.kind == "producer" else 0.0 for n in topology.nodes}
    total = 0.0
    flow = [(e.source, e.target) for e in topology.edges if e.kind == "flow"]
    for _ in range(ESTIMATE_HOPS):
        nxt = dict.fromkeys(count, 0.0)
        for source, target in flow:
            nxt[target] += count[source]
        count = nxt
        total += sum(count.values())
        if total > MAX_SENDS:
            break
    return total


def budget_problems(
    topology: Topology,
    *,
    budget: float | None = None,
    duration: float | None = None,
    interval: float | None = None,
    severity: str = "warning",
) -> list[Problem]:
    """The estimate as a problem when the run would not fit the budget (or take long)."""
    if amplifying_loops(topology):
        return []
    found = estimate(topology, duration, interval)
    if found is None:
        return []
    limit = budget_mb(budget) * 1024**2
    if found.bytes > limit:
        message = (
            f"this run needs {found.describe()}, more than the memory budget of "
            f"{_size(limit)}: shorten the duration, add capacity, sample less often "
            "(--interval) or raise the budget (--memory-budget MB)"
        )
        return [Problem(message, "run", severity)]  # type: ignore[arg-type]
    if severity == "warning" and found.seconds > WARN_SECONDS:
        message = f"a long run: {found.describe()}; it may take {found.seconds / 60:.0f} min"
        return [Problem(message, "run", "warning")]
    return []


def amplifying_loops(topology: Topology) -> list[Problem]:
    """Errors for loops no run could hold: ones whose unfiltered edges alone return more
    than one copy per pass, and routers/topics passing events round in zero time (the
    engine refuses those too, so what validates also runs)."""
    problems = _instant_loops(topology)
    flow = [(edge.source, edge.target) for edge in topology.edges if edge.kind == "flow"]
    if not has_cycle(flow):
        return problems  # no loop: every strongly connected component is one node
    import networkx as nx  # only for designs with loops (a slow import for `run`)

    graph = nx.DiGraph()
    for source, target in flow:
        graph.add_edge(source, target)
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        members = sorted(component)
        gain = _loop_gain(topology, members)
        if gain > 1.0 + 1e-9:
            message = (
                f"loop that multiplies events ({', '.join(members)}): the copies of each "
                f"event grow about {gain:.3g}-fold at every hop round it, without bound; give "
                "its edges patterns or filters that let events leave, or break the loop"
            )
            problems.append(Problem(message, f"node {members[0]}", node=members[0]))
    return problems


def _instant_loops(topology: Topology) -> list[Problem]:
    """A loop of routers/topics joined by zero-latency flow edges (the first one found)."""
    from simulator.model.distributions import Distribution

    instant = {n.id for n in topology.nodes if n.spec.instant(n)}
    edges = []
    for edge in topology.edges:
        inside = edge.kind == "flow" and edge.source in instant and edge.target in instant
        if inside and Distribution.parse(edge.latency).is_zero:
            edges.append((edge.source, edge.target))
    if not has_cycle(edges):
        return []
    import networkx as nx  # only for designs with loops (a slow import for `run`)

    graph = nx.DiGraph()
    for source, target in edges:
        graph.add_edge(source, target)
    for cycle in nx.simple_cycles(graph):
        members = ", ".join(cycle)
        message = (
            f"routers/topics forward events round a loop in zero time ({members}): give one "
            "of its edges a latency, or break the loop"
        )
        return [Problem(message, f"node {cycle[0]}", node=cycle[0])]
    return []


def has_cycle(edges: Iterable[tuple[str, str]]) -> bool:
    """True when the directed graph of `edges` has a cycle (a self-loop counts).

    A depth-first search in plain Python: designs without loops (most) then need no
    networkx, whose import is a tenth of a second of every `eventscape-sim run`.
    """
    graph: dict[str, list[str]] = {}
    for source, target in edges:
        graph.setdefault(source, []).append(target)
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        on_path = {start}
        stack = [(start, iter(graph[start]))]
        while stack:
            node, successors = stack[-1]
            for successor in successors:
                if successor in on_path:
                    return True
                if successor not in done and successor in graph:
                    on_path.add(successor)
                    stack.append((successor, iter(graph[successor])))
                    break
            else:
                stack.pop()
                on_path.discard(node)
                done.add(node)
    return False


def _loop_gain(topology: Topology, members: list[str]) -> float:
    """Spectral radius of the copies a pass sends round (unfiltered edges only)."""
    index = {node_id: i for i, node_id in enumerate(members)}
    matrix = np.zeros((len(members), len(members)))
    for node_id in members:
        node = topology.node(node_id)
        outgoing = [e for e in topology.edges_from(node_id, "flow")]
        if node.spec.polled:  # a queue hands each message to one reader: no copies
            continue
        keep = 1.0 - float(node.params.get("failure_rate", 0) or 0)
        for edge in outgoing:
            if edge.target in index and edge.pattern is None and edge.filter is None:
                matrix[index[edge.target], index[node_id]] += keep
    if not matrix.any():
        return 0.0
    return float(max(abs(np.linalg.eigvals(matrix))))
