"""Workflow: a state machine in Amazon States Language (Step Functions).

The ASL checks (statelint plus what the simulator needs) live in `simulator.workflow`;
this module declares the node's keys and facts and adapts those checks to messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.model.distributions import check_distribution
from simulator.model.kinds.base import RECEIVERS, Diagram, NodeKind
from simulator.model.params import Param, check_range, is_number, type_name

if TYPE_CHECKING:
    from simulator.model.topology import Edge, Node

TYPES = ("standard", "express")
TASK_KEYS = ("service_time", "failure_rate", "error")
LIMITS = {"standard": 365 * 86400.0, "express": 300.0}  # how long an execution may run


def check_definition(value: Any) -> list[str]:
    """The ASL problems of an inline definition, each naming its state."""
    from simulator.workflow import describe, lint

    return [describe(problem) for problem in lint(value)]


def check_tasks(value: Any) -> list[str]:
    """`tasks`: state name -> {service_time, failure_rate, error}."""
    if not isinstance(value, dict):
        return [f"must be an object of state names, got {type_name(value)}"]
    problems: list[str] = []
    for state, entry in value.items():
        where = f"[{state!r}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an object, got {type_name(entry)}")
            continue
        problems += [f"{where}.{key}: unknown key" for key in entry if key not in TASK_KEYS]
        if "service_time" not in entry:
            problems.append(f"{where}: needs a service_time")
        else:
            problems += [
                f"{where}.service_time{_sub(m)}" for m in check_distribution(entry["service_time"])
            ]
        rate = entry.get("failure_rate", 0)
        if not is_number(rate):
            problems.append(f"{where}.failure_rate: must be a number, got {type_name(rate)}")
        else:
            problems += [f"{where}.failure_rate: {m}" for m in check_range(rate, 0, 1)]
        error = entry.get("error", "States.TaskFailed")
        if not isinstance(error, str) or not error:
            problems.append(f"{where}.error: must be an error name such as 'Checks.Failed'")
    return problems


def _sub(message: str) -> str:
    return message if message.startswith((".", "[")) else f": {message}"


def definition_of(node: Node) -> Any:
    """The inline definition, or None when the node names a file."""
    return node.get("definition")


def may_fail(node: Node, duration: float) -> bool:
    """Anything but a Standard workflow of certain tasks can fail (or time out)."""
    if node.get("type") == "express" or node.get("definition_file") is not None:
        return True
    tasks = node.get("tasks") or {}
    if any(isinstance(t, dict) and t.get("failure_rate", 0) for t in tasks.values()):
        return True
    doc = definition_of(node)
    return not isinstance(doc, dict) or _fails(doc, tasks)


def _fails(block: dict[str, Any], tasks: dict[str, Any]) -> bool:
    """A Fail state, a timeout, or a Task run by another node (it may fail or throttle)."""
    for name, state in (block.get("States") or {}).items():
        if not isinstance(state, dict):
            return True
        kind = state.get("Type")
        if kind == "Fail" or "TimeoutSeconds" in state:
            return True
        if kind == "Task" and name not in tasks:
            return True
        inner = [*state.get("Branches", []), state.get("ItemProcessor", state.get("Iterator"))]
        if any(isinstance(b, dict) and _fails(b, tasks) for b in inner):
            return True
    return False


def binding_problems(
    node: Node, nodes: list[Node], edges: list[Edge], doc: Any = None
) -> list[str]:
    """Task states nothing can run, or publishes with no edge: `state X: ...` messages."""
    from simulator.workflow import DefinitionError, compile_machine
    from simulator.workflow.resources import bind, heartbeats

    doc = definition_of(node) if doc is None else doc
    try:
        machine = compile_machine(doc)
    except (DefinitionError, TypeError, AttributeError, KeyError):
        return []  # the definition's own problems are reported by its parameter check
    kinds = {n.id: n.kind for n in nodes}
    targets = [e.target for e in edges if e.source == node.id and e.kind == "flow"]
    tasks = node.get("tasks") or {}
    problems = []
    for state in machine.tasks():
        if node.get("type") == "express" and heartbeats(state.resource):
            problems.append(f"state {state.name}: {express_refuses(state.resource)}")
            continue
        binding = bind(state.resource, state.raw.get("Parameters"), kinds, targets)
        if binding.problem and not binding.integration and state.name in tasks:
            continue  # a consumer without an edge: the tasks entry times the state instead
        if binding.problem:
            problems.append(f"state {state.name}: {binding.problem}")
        elif binding.invoke is None and binding.publish is None and state.name not in tasks:
            problems.append(
                f"state {state.name}: Task has neither a topology resource ({state.resource!r} "
                "names no consumer) nor a 'tasks' entry giving its timing"
            )
        elif binding.wait and state.name not in tasks and not _returns(binding, node, edges):
            problems.append(
                f"state {state.name}: {state.resource} waits for a callback: give its delay "
                "in 'tasks', or let the message lead back to the workflow over flow edges "
                "(its detail carrying the token, $$.Task.Token)"
            )
    return problems


def express_refuses(resource: str) -> str:
    """Why an Express workflow cannot run a Task of `resource` (a callback, job or activity).

    Step Functions accepts only request-response integrations in Express state machines
    (CreateStateMachine refuses the others as an invalid definition).
    """
    from simulator.workflow.resources import WAIT_SUFFIX

    if ":activity:" in resource:
        return "Express workflows do not run activities: make the workflow standard"
    pattern = ".waitForTaskToken" if resource.endswith(WAIT_SUFFIX) else ".sync"
    return (
        f"Express workflows do not support {pattern} tasks, only request-response ones: "
        f"make the workflow standard, or drop {pattern} from the Resource"
    )


def _returns(binding: Any, node: Node, edges: list[Edge]) -> bool:
    """True when flow edges lead from the task's published message back to the workflow."""
    if binding.publish is None:
        return False
    seen, todo = {binding.publish}, [binding.publish]
    while todo:
        here = todo.pop()
        for edge in edges:
            if edge.source == here and edge.kind == "flow" and edge.target not in seen:
                if edge.target == node.id:
                    return True
                seen.add(edge.target)
                todo.append(edge.target)
    return False


_MACHINES: dict[int, tuple[Any, Any]] = {}  # id(definition) -> (definition, Machine)


def routes(
    node: Node, event: dict[str, Any], targets: dict[str, str], failure: Callable[[str], float]
) -> list[tuple[str, float, dict[str, Any], bool]] | None:
    """Where one event arriving at the workflow goes, for the analytic load estimate.

    `targets` maps the workflow's flow-edge targets to their kinds; `failure(id)` is the
    failure probability of one try of an invoked consumer. Returns (target, expected
    events per arrival, the event sent, follow) from a dry run of the definition: invoked
    consumers get their expected tries (follow False: a synchronous call does not pass
    the event on), publish targets the published events, the other flow edges the event
    when the execution succeeds. An event bringing a task token back starts nothing.
    None when the definition is in a file (not read here).
    """
    from simulator.workflow import DefinitionError, compile_machine
    from simulator.workflow.estimate import dry_run, is_dry_token

    detail = event.get("detail")
    if isinstance(detail, dict) and any(is_dry_token(v) for v in detail.values()):
        return []
    doc = definition_of(node)
    if not isinstance(doc, dict):
        return None
    cached = _MACHINES.get(id(doc))
    if cached is None or cached[0] is not doc:
        try:
            cached = _MACHINES[id(doc)] = (doc, compile_machine(doc))
        except (DefinitionError, TypeError, AttributeError, KeyError):
            return None
    binds = _bindings(node, cached[1], targets)
    failures = {b.invoke: failure(b.invoke) for b in binds.values() if b.invoke is not None}
    ok, sends = dry_run(cached[1], event, binds, failures)
    called = {b.invoke for b in binds.values() if b.invoke is not None}
    used = called | {b.publish for b in binds.values() if b.publish is not None}
    routed = [(target, n, sent, target not in called) for target, n, sent in sends]
    forward = [(t, 1.0, event, True) for t in targets if t not in used] if ok else []
    return routed + forward


def _bindings(node: Node, machine: Any, targets: dict[str, str]) -> dict[str, Any]:
    """Each Task's binding as the engine makes it (a tasks entry times an unreachable one)."""
    from simulator.workflow.resources import Binding, bind

    tasks = node.get("tasks") or {}
    binds = {}
    for state in machine.tasks():
        binding = bind(state.resource, state.raw.get("Parameters"), targets, list(targets))
        if binding.problem and not binding.integration and state.name in tasks:
            binding = Binding(wait=binding.wait)
        binds[state.name] = binding
    return binds


def wiring_rules(node: Node, nodes: list[Node], edges: list[Edge]) -> list[str]:
    """One definition (inline or a file); every Task of an inline one can run as wired."""
    inline, named = node.params.get("definition"), node.params.get("definition_file")
    if (inline is None) == (named is None):
        return ["give a definition or a definition_file (exactly one)"]
    if inline is None:
        from simulator.model.kinds.workflow_file import path_problems

        return [f".definition_file: {m}" for m in path_problems(named)]
    return [f".definition: {m}" for m in binding_problems(node, nodes, edges)]


def summary(node: Node) -> str:
    """Type and number of states."""
    doc = definition_of(node)
    count = _count(doc) if isinstance(doc, dict) else 0
    states = f", {count} states" if count else ""
    return f"{node.get('type')}{states}"


def _count(block: dict[str, Any]) -> int:
    states = block.get("States")
    if not isinstance(states, dict):
        return 0
    total = len(states)
    for state in states.values():
        if isinstance(state, dict):
            inner = [*state.get("Branches", []), state.get("ItemProcessor", state.get("Iterator"))]
            total += sum(_count(b) for b in inner if isinstance(b, dict))
    return total


KIND = NodeKind(
    name="workflow",
    title="Workflow",
    aws="Step Functions state machine",
    doc="Runs a state machine (ASL) per event: Task, Choice, Parallel, Map, Wait, Retry, Catch.",
    params=(
        Param(
            "type",
            "choice",
            "standard",
            choices=TYPES,
            doc="standard: up to 1 year per execution; express: up to 5 minutes",
        ),
        Param(
            "definition",
            "definition",
            None,
            optional=True,
            doc="The state machine in Amazon States Language (JSONPath)",
        ),
        Param(
            "definition_file",
            "string",
            None,
            optional=True,
            doc="An .asl.json file next to the topology file, instead of definition",
        ),
        Param(
            "tasks",
            "tasks",
            {},
            doc="Timing of Task states that invoke no node: service_time, failure_rate, error",
        ),
        Param(
            "billed_memory_mb",
            "int",
            64,
            minimum=1,
            unit="MB",
            doc="Express: memory an execution uses (billedMemoryUsedInMB), billed in 64 MB chunks",
        ),
    ),
    targets={"flow": RECEIVERS, "on-failure": RECEIVERS},
    completes=True,
    may_fail=may_fail,
    wiring_rules=wiring_rules,
    routes=routes,
    summary=summary,
    diagram=Diagram(('[["', '"]]'), "component", "#fff8e1"),
)
