"""Graph checks: structural problems of a topology that the CLI prints and the canvas marks."""

from __future__ import annotations

from pathlib import Path

from simulator.budget import amplifying_loops, has_cycle
from simulator.model import Distribution, Topology
from simulator.model.archive import replay_warnings
from simulator.model.cpu import cpu_share_warnings
from simulator.model.policy import access_warnings
from simulator.problems import Problem

PUBLISH_LIMIT_KB = 256  # the largest event EventBridge's PutEvents and SNS's Publish take


def check(topology: Topology) -> list[Problem]:
    """Every structural problem, errors first, in a stable order."""
    problems = [
        *_unreached(topology),
        *_producers_without_consumer(topology),
        *_dead_ends(topology, polled=True),
        *_dead_ends(topology, polled=False),
        *_closed_loops(topology),
        *_visibility_below_timeout(topology),
        *_silent_on_failure(topology),
        *_second_edges(topology),
        *_batching_windows(topology),
        *_oversized_events(topology),
        *amplifying_loops(topology),
        *_scaling(topology),
        *_sample_files(topology),
        *replay_warnings(topology),
        *access_warnings(topology),
        *cpu_share_warnings(topology),
    ]
    return sorted(problems, key=lambda p: p.severity != "error")


def run_errors(topology: Topology) -> list[Problem]:
    """The errors of `check` that a run refuses, as `validate` and the designer do: what
    AWS would not deploy, loops no event leaves, sample files that cannot be read. Needs
    networkx only for designs with loops (its import is a tenth of a second of `run`)."""
    problems = [
        *_closed_loops(topology),
        *_batching_windows(topology),
        *_oversized_events(topology),
        *_sample_files(topology),
    ]
    return [p for p in problems if p.severity == "error"]


def _sample_files(topology: Topology) -> list[Problem]:
    """Empirical distributions whose sample file cannot be read (a run would stop there).

    Files are read relative to the topology's folder; an unsaved design has none yet.
    """
    if topology.base_dir is None:
        return []
    problems: list[Problem] = []
    for node in topology.nodes:
        values = [
            (p.name, node.params.get(p.name)) for p in node.spec.params if p.type == "distribution"
        ]
        tasks = node.params.get("tasks") if node.kind == "workflow" else None
        if isinstance(tasks, dict):
            values += [
                (f"tasks.{k}.service_time", t.get("service_time"))
                for k, t in tasks.items()
                if isinstance(t, dict)
            ]
        for name, value in values:
            reason = _unreadable(value, topology.base_dir)
            if reason:
                problems.append(_node_problem(node.id, f"{name}: {reason}", "error"))
    for i, edge in enumerate(topology.edges):
        reason = _unreadable(edge.latency, topology.base_dir)
        if reason:
            problems.append(Problem(f"latency: {reason}", f"edges[{i}] ({edge.name})", edge=i))
    return problems


def _unreadable(value: object, base_dir: Path) -> str:
    """Why an empirical distribution's file cannot be read ("" when it can, or is none)."""
    if not isinstance(value, dict) or value.get("dist") != "empirical":
        return ""
    try:
        Distribution.parse(value, base_dir)
    except ValueError as exc:
        return str(exc)
    return ""


def _scaling(topology: Topology) -> list[Problem]:
    """Spikes that burst scaling or the account pool cannot serve in time (`analysis`)."""
    from simulator.analysis import scaling_possible, scaling_problems

    if not scaling_possible(topology):
        return []
    try:
        return scaling_problems(topology)
    except (ValueError, OSError, ArithmeticError):
        return []  # a load or sample file that cannot be read: the run reports it


def _producers(topology: Topology) -> list[str]:
    return [n.id for n in topology.nodes if n.spec.source]


def _unreached(topology: Topology) -> list[Problem]:
    reached: set[str] = set()
    for producer in _producers(topology):
        reached |= _downstream(topology, producer) | {producer}
    return [
        _node_problem(n.id, "no producer's events reach this node")
        for n in topology.nodes
        if n.id not in reached
    ]


def _producers_without_consumer(topology: Topology) -> list[Problem]:
    consumers = {n.id for n in topology.nodes if n.spec.completes}
    return [
        _node_problem(p, "this producer's events reach no consumer")
        for p in _producers(topology)
        if not _downstream(topology, p) & consumers
    ]


def _dead_ends(topology: Topology, *, polled: bool) -> list[Problem]:
    """Nodes no flow edge leaves, where their kind warns of that (dead-letter queues excepted).

    Kinds that hold events (polled) are reported before kinds that drop them.
    """
    dead_letter_targets = {e.target for e in topology.edges if e.kind == "dead-letter"}
    return [
        _node_problem(n.id, n.spec.dead_end)
        for n in topology.nodes
        if n.spec.dead_end is not None
        and n.spec.polled == polled
        and n.id not in dead_letter_targets
        and not topology.edges_from(n.id, "flow")
    ]


def _closed_loops(topology: Topology) -> list[Problem]:
    """Cycles through a node that completes events that no edge leaves: they circulate forever."""
    problems: list[Problem] = []
    edges = [(e.source, e.target) for e in topology.edges if e.kind == "flow"]
    if not has_cycle(edges):
        return problems
    import networkx as nx

    flow = nx.DiGraph(edges)
    for component in nx.strongly_connected_components(flow):
        if len(component) < 2:
            continue
        consumers = sorted(c for c in component if topology.node(c).spec.completes)
        leaves = any(
            e.target not in component for c in component for e in topology.edges_from(c, "flow")
        )
        if not consumers or leaves:
            continue
        filtered = any(
            e.pattern is not None or e.filter is not None
            for e in topology.edges
            if e.source in component and e.target in component
        )
        members = ", ".join(sorted(component))
        if filtered:
            message = f"loop with no exit ({members}): only events its rules drop ever leave it"
            problems.append(_node_problem(consumers[0], message))
        else:
            message = f"loop with no exit ({members}): every event circulates forever"
            problems.append(_node_problem(consumers[0], message, "error"))
    return problems


def _visibility_below_timeout(topology: Topology) -> list[Problem]:
    """AWS recommends a visibility timeout of at least 6x the function timeout.

    Applies to every flow edge from a kind with a visibility timeout to one with a timeout.
    """
    problems: list[Problem] = []
    for edge in topology.edges:
        source, target = topology.node(edge.source), topology.node(edge.target)
        if edge.kind != "flow" or source.spec.param("visibility_timeout") is None:
            continue
        if target.spec.param("timeout") is None:
            continue
        timeout, visibility = target.get("timeout"), source.get("visibility_timeout")
        if timeout is not None and visibility < timeout:
            message = (
                f"visibility timeout {visibility:g}s is shorter than {target.id}'s timeout "
                f"{timeout:g}s: messages reappear while still being processed "
                "(AWS recommends >= 6x)"
            )
            problems.append(_node_problem(source.id, message))
    return problems


def _silent_on_failure(topology: Topology) -> list[Problem]:
    """An `on-failure` edge of a node that only queues feed never fires: on AWS a failed
    batch returns to its queue (visibility timeout, then the queue's dead-letter queue)."""
    problems: list[Problem] = []
    for i, edge in enumerate(topology.edges):
        if edge.kind != "on-failure":
            continue
        feeds = [topology.node(e.source) for e in topology.edges_to(edge.source, "flow")]
        if feeds and all(feed.spec.polled for feed in feeds):
            message = (
                f"edge {edge.name} never fires: {edge.source} reads only queues, whose failed "
                "messages return to the queue (use the queue's dead-letter edge)"
            )
            problems.append(Problem(message, f"edges[{i}]", "warning", edge=i))
    return problems


def _second_edges(topology: Topology) -> list[Problem]:
    """A node's second `dead-letter` or `on-failure` edge is never used: the engine sends
    over the first only (AWS: a queue has one redrive policy, a function one on-failure
    destination; the model gives a router's or topic's deliveries one dead-letter queue)."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], int] = {}
    for i, edge in enumerate(topology.edges):
        if edge.kind not in ("dead-letter", "on-failure"):
            continue
        j = first.setdefault((edge.source, edge.kind), i)
        if j != i:
            message = (
                f"edge {edge.name} is never used: {edge.source} sends over its first "
                f"{edge.kind} edge only ({topology.edges[j].name}, edges[{j}])"
            )
            problems.append(Problem(message, f"edges[{i}]", "warning", edge=i))
    return problems


def _batching_windows(topology: Topology) -> list[Problem]:
    """SQS event source rules AWS enforces (it refuses such a mapping, so they are errors):
    a batch above 10 needs a window of at least 1 s; a FIFO queue takes no window."""
    problems: list[Problem] = []
    for node in topology.nodes:
        if node.spec.param("batch_window") is None:
            continue
        window, size = node.get("batch_window"), node.get("batch_size")
        sources = [topology.node(e.source) for e in topology.edges_to(node.id, "flow")]
        queues = [s for s in sources if s.spec.polled]
        if not queues:
            continue
        fifo = [q.id for q in queues if q.get("fifo")]
        if fifo and window > 0:
            message = f"batch_window {window:g}s: a FIFO queue ({', '.join(fifo)}) takes none"
            problems.append(_node_problem(node.id, message, "error"))
        elif size > 10 and window < 1:
            message = f"batch_size {size} > 10 needs batch_window >= 1 s on AWS, got {window:g}"
            problems.append(_node_problem(node.id, message, "error"))
    return problems


def _oversized_events(topology: Topology) -> list[Problem]:
    """Events a bus or topic would refuse: EventBridge's PutEvents and SNS's Publish take at
    most 256 KB (an error, as AWS rejects them; SQS takes up to 1 MiB, the most `size_kb`
    allows). Every copy of an event keeps its size, so any bus or topic downstream counts."""
    problems: list[Problem] = []
    for producer in _producers(topology):
        node = topology.node(producer)
        big = [
            (i, t["size_kb"])
            for i, t in enumerate(node.get("events") or [])
            if isinstance(t, dict) and isinstance(t.get("size_kb"), int | float)
            and t["size_kb"] > PUBLISH_LIMIT_KB
        ]  # fmt: skip
        if not big:
            continue
        below = _downstream(topology, producer)
        reached = [n.id for n in topology.nodes if n.kind in ("router", "topic") and n.id in below]
        if reached:
            i, size = big[0]
            message = (
                f"events[{i}].size_kb {size:g} > {PUBLISH_LIMIT_KB}: EventBridge and SNS refuse "
                f"events over {PUBLISH_LIMIT_KB} KB, and they reach {', '.join(reached)}"
            )
            problems.append(_node_problem(producer, message, "error"))
    return problems


def _downstream(topology: Topology, start: str) -> set[str]:
    """The nodes an edge path of any kind leads to from `start`, `start` excluded
    (networkx's `descendants`, without its import)."""
    targets: dict[str, list[str]] = {}
    for edge in topology.edges:
        targets.setdefault(edge.source, []).append(edge.target)
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in targets.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen - {start}


def _node_problem(node: str, message: str, severity: str = "warning") -> Problem:
    return Problem(message, f"node {node}", severity, node=node)  # type: ignore[arg-type]


__all__ = ["check"]
