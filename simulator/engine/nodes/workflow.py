"""Workflow: a Step Functions state machine run once per arriving event.

Each arriving copy starts one execution of the node's ASL definition (interpreted by
`simulator.workflow`). Task states run a consumer the workflow has a flow edge to
(synchronously), publish on a flow edge to a router, queue or topic, or take the timing
of their `tasks` entry. Flow edges that Tasks invoke or publish on are the workflow's
integrations; the others carry the event on when an execution succeeds (with none, the
event ends `completed`). A failed execution sends it over the `on-failure` edge, else it
ends `failed`. Express executions fail with States.Timeout after 5 minutes, Standard ones
after a year (or the definition's own TimeoutSeconds, if shorter).
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

from simulator.engine.copies import MOVING, Copy
from simulator.engine.core import Call
from simulator.engine.envelopes import IdMaker, emitted
from simulator.engine.figures import NodeLive, NodeStats
from simulator.engine.links import Link
from simulator.engine.nodes.base import NodeSim
from simulator.engine.nodes.workflow_tasks import Invoke, InvokeThenWait, Publish, Timed
from simulator.engine.rng import sampler, uniform
from simulator.model.distributions import Distribution
from simulator.model.kinds.workflow import LIMITS
from simulator.model.kinds.workflow_file import read_definition
from simulator.workflow import Execution, Machine, Run, TimedTask, compile_machine, describe, lint
from simulator.workflow.interpreter import EXECUTION_TIMED_OUT
from simulator.workflow.resources import Binding, bind

STATE_GAUGES = ("active", "entered", "failures", "retries")


class Workflow(NodeSim):
    """Runs executions of one state machine."""

    kind = "workflow"
    extra_counters = ("executions", "succeeded", "failed", "timed_out", "transitions", "callbacks")
    billing = ("executions", "transitions", "billed_100ms")

    def wire(self, outgoing: list[Link], incoming: list[Link]) -> None:
        """Keep the on-failure edge; flow edges are sorted out in `start`."""
        super().wire(outgoing, incoming)
        self.failure_link = next((e for e in outgoing if e.kind == "on-failure"), None)

    def start(self) -> None:
        """Load and compile the definition and bind every Task state to a runner."""
        self.machine = self._load()
        self.executions = self.succeeded = self.failed = self.timed_out = 0
        self.transitions = 0
        self.billed_100ms = 0  # Express: execution durations in started 100 ms steps
        self.running = 0
        self.callbacks = 0  # events that brought a task token back
        self._held: deque[Copy] = deque()  # arrivals during an outage
        self._waiting: dict[str, tuple[Run, int]] = {}  # task token -> waiting run, attempt
        self.uniform = uniform(self.ctx.stream(self.id, "jitter"))
        self._new_id = IdMaker(self.id)
        self._exe_ids = IdMaker(f"{self.id}:executions")
        used = self._bind()
        self.forward = [link for link in self.links if link.target.id not in used]
        limit = LIMITS[self.node.get("type")]
        if self.machine.timeout is not None:
            limit = min(limit, self.machine.timeout)
        self.limit = limit if limit < self.ctx.duration else None
        self._state_columns()

    def _state_columns(self) -> None:
        """Per-state time-series columns `state.<name>.<figure>`: `active` (executions in
        the state at t), `entered`, `failures` and `retries` (in the interval)."""
        self._columns = {
            f"state.{name}.{figure}": (state, figure)
            for name, state in self.machine.states.items()
            for figure in STATE_GAUGES
        }
        self._read = dict.fromkeys(self._columns, 0)

    def _load(self) -> Machine:
        doc: Any = self.node.get("definition")
        name = self.node.get("definition_file")
        if name is not None:
            doc = read_definition(self.ctx.base_dir, name)
        problems = lint(doc)
        if problems:
            raise ValueError("; ".join(describe(p) for p in problems))
        return compile_machine(doc)

    def _bind(self) -> set[str]:
        """Give each Task state its runner; return the ids of nodes Tasks use."""
        links = {link.target.id: link for link in self.links}
        kinds = {link.target.id: link.target.kind for link in self.links}
        tasks = self.node.get("tasks") or {}
        used: set[str] = set()
        for state in self.machine.tasks():
            binding = bind(state.resource, state.raw.get("Parameters"), kinds, list(links))
            timed = self._timed(state.name, tasks.get(state.name))
            if binding.problem and not binding.integration and timed is not None:
                binding = Binding(wait=binding.wait)  # no edge to that consumer: use `tasks`
            if binding.problem:
                raise ValueError(f"state {state.name}: {binding.problem}")
            if binding.invoke is not None:
                used.add(binding.invoke)
                invoke = Invoke(self.env, links[binding.invoke].target)  # type: ignore[arg-type]
                runner: Any = InvokeThenWait(invoke, timed) if binding.wait and timed else invoke
            elif binding.publish is not None:
                used.add(binding.publish)
                after = timed if binding.wait else None
                callback = binding.wait and timed is None
                link = links[binding.publish]
                runner = Publish(self, link, binding.integration, after, callback)
            elif timed is not None:
                runner = timed
            else:
                raise ValueError(
                    f"state {state.name}: Task has neither a topology resource "
                    f"({state.resource!r} names no consumer this workflow has an edge to) "
                    "nor a 'tasks' entry"
                )
            if binding.wait and timed is None and binding.publish is None:
                raise ValueError(f"state {state.name}: give the callback's delay in 'tasks'")
            state.runner = runner
        return used

    def _timed(self, name: str, entry: Any) -> TimedTask | None:
        if not isinstance(entry, dict):
            return None
        stream = self.ctx.stream(self.id, f"task:{name}")
        service = sampler(Distribution.parse(entry["service_time"]), stream)
        rand = uniform(self.ctx.stream(self.id, f"task:{name}:failures"))
        error = entry.get("error", "States.TaskFailed")
        return Timed(self, service, float(entry.get("failure_rate", 0)), rand, error)

    # --- executions ---------------------------------------------------------------------------
    def receive(self, copy: Copy) -> None:
        """Start one execution with the event as its input, unless the event brings back the
        task token of a waiting `.waitForTaskToken` task: then that task completes."""
        self.arrivals += 1
        if self._waiting and self._callback(copy):
            return
        if self.down:  # an outage: executions start when it ends (the sender retries)
            self._held.append(copy)
            self.depth.add(1, self.clock.now)
            return
        self._execute(copy)

    def resume(self) -> None:
        """The outage ended: start the executions of the events that arrived meanwhile."""
        held, now = self._held, self.clock.now
        while held and not self.down:
            self.depth.add(-1, now)
            self._execute(held.popleft())

    def _execute(self, copy: Copy) -> None:
        self.executions += 1
        self.running += 1
        self.busy.add(1, self.clock.now)
        self.hop(copy, "started")
        copy.state = MOVING
        traced = copy.root is not None and copy.root.hops is not None
        execution = Execution(self, self.machine, copy.event, self._exe_ids(), copy, traced)
        if self.limit is not None:
            self.env.later(self.limit, self._expire, execution)
        execution.start()

    def await_callback(self, run: Run) -> None:
        """A task waits until an event carrying its token arrives here."""
        self._waiting[run.token()] = (run, run.gen)

    def _callback(self, copy: Copy) -> bool:
        """SendTaskSuccess: the event's detail carries a waiting task's token."""
        detail = copy.event.get("detail")
        if not isinstance(detail, dict):
            return False
        waiting = self._waiting
        token = next((v for v in detail.values() if type(v) is str and v in waiting), None)
        if token is None:
            return False
        run, gen = waiting.pop(token)
        self.callbacks += 1
        self.hop(copy, "callback")
        self.ledger.end(copy, "completed", self.id)
        run.task_done(gen, detail)
        return True

    def _expire(self, call: Call) -> None:
        call._value.time_out()

    def finished(self, execution: Execution, ok: bool, error: str, cause: str) -> None:
        """An execution ended: pass the event on, or fail it."""
        copy: Copy = execution.value
        self.billed_100ms += max(1, math.ceil((self.clock.now - execution.started) * 10 - 1e-6))
        self.running -= 1
        self.busy.add(-1, self.clock.now)
        if ok:
            self.succeeded += 1
            self.processed += 1
            self.hop(copy, "succeeded")
            self._forward(copy)
            return
        self.failed += 1
        self.failures += 1
        if cause == EXECUTION_TIMED_OUT:
            self.timed_out += 1
        self.hop(copy, f"failed {error}")
        if self.failure_link is not None:
            self.ctx.dead_letter(copy, self.failure_link, self.id)
        else:
            self.ledger.end(copy, "failed", self.id)

    def _forward(self, copy: Copy) -> None:
        links = self.forward
        if not links:
            self.ledger.end(copy, "completed", self.id)
            return
        for i, link in enumerate(links):
            out = copy if i == 0 else self.ledger.spawn(copy)
            out.state = MOVING
            link.send(out)

    def publish(self, run: Run, link: Link, fields: dict[str, Any]) -> None:
        """A Task publishes a new event (same correlation id) on `link`."""
        copy: Copy = run.exe.value
        now = self.clock.now
        stamp = self.ctx.timestamps.at(now)
        event = emitted(copy.event, fields, self._new_id(), stamp, (self.account, self.region))
        out = self.ledger.spawn(copy)
        out.event = event
        out.state = MOVING
        link.send(out)

    def entered(self, run: Run, name: str) -> None:
        """Trace hook: the execution entered state `name`."""
        self.hop(run.exe.value, f"state {name}")

    def retried(self, run: Run, name: str) -> None:
        """Trace hook: state `name` failed and will be retried."""
        self.hop(run.exe.value, f"retry {name}")

    # --- figures -------------------------------------------------------------------------------
    def held(self) -> int:
        """Events whose executions are running or wait for an outage to end."""
        return self.running + len(self._held)

    def reset_stats(self, now: float) -> None:
        """Warm-up ends: per-state figures and billed durations start afresh too (the
        per-state time series keeps counting: what the interval saw before is carried)."""
        super().reset_stats(now)
        self._base["billed_100ms"] = self.billed_100ms
        for column, (state, figure) in self._columns.items():
            if figure != "active":
                self._read[column] -= getattr(state.stats, figure)
        self.machine.reset_stats()

    def gauge_names(self) -> tuple[str, ...]:
        """The per-state columns (`_state_columns`)."""
        return tuple(self._columns)

    def gauge(self, name: str) -> float:
        """A per-state column: executions in the state now, or entered / failures /
        retries since the previous row."""
        entry = self._columns.get(name)
        if entry is None:
            return super().gauge(name)
        state, figure = entry
        value = getattr(state.stats, figure)
        if figure == "active":
            return float(value)
        fresh = value - self._read[name]
        self._read[name] = value
        return float(fresh)

    def live(self) -> NodeLive:
        """Live figures plus, per state, executions in it now, entered, failures, retries."""
        figures = super().live()
        figures["states"] = self.machine.live()
        return figures

    def stats(self, now: float) -> NodeStats:
        """Node figures plus executions, outcomes, transitions and per-state figures."""
        figures: dict[str, Any] = dict(super().stats(now))
        figures["retries"] = sum(s.stats.retries for s in self.machine.states.values())
        for name in self.extra_counters:
            figures[name] = self.count(name)
        figures["states"] = self.machine.stats()
        return figures  # type: ignore[return-value]
