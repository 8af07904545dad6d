"""Parallel branches and Map iterations in progress.

A `Fork` starts child runs (every branch at once; Map items up to `MaxConcurrency` at a
time, 0 = all), collects their outputs in order and reports to the parent run. The first
child failure fails the whole state (`Parallel` and inline `Map` tolerate none); the
fork is then dead and its other children stop at their next step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.workflow.errors import RUNTIME, StatesError
from simulator.workflow.states import PARALLEL

if TYPE_CHECKING:
    from simulator.workflow.interpreter import Run
    from simulator.workflow.states import Block, State


class Fork:
    """The children of one Parallel or Map attempt."""

    __slots__ = (
        "children",
        "dead",
        "gen",
        "items",
        "launching",
        "limit",
        "n",
        "next",
        "pending",
        "results",
        "run",
        "running",
        "state",
    )

    def __init__(self, run: Run, state: State, items: list[Any] | None, n: int):
        self.run = run
        self.state = state
        self.gen = run.gen
        self.items = items  # Map: the items (None for Parallel)
        self.n = n
        self.results: list[Any] = [None] * n
        self.pending = n
        self.next = 0
        self.running = 0
        self.limit = state.max_concurrency if items is not None else 0
        self.dead = False
        self.launching = False
        self.children: list[Run] = []

    @classmethod
    def start(cls, run: Run, state: State) -> Fork:
        """Start the branches (Parallel) or the first items (Map) of `run`'s current state."""
        items = None
        if state.type != PARALLEL:
            items = run.payload
            if state.items_path is not None:
                items = run._path(state.items_path, items)
            if not isinstance(items, list):
                raise StatesError(RUNTIME, f"ItemsPath of {state.name} is not an array")
        fork = cls(run, state, items, len(state.branches) if items is None else len(items))
        run.fork = fork
        fork.launch()
        return fork

    def launch(self) -> None:
        """Start children while the concurrency limit allows; complete when none is left."""
        if self.launching:
            return
        self.launching = True
        from simulator.workflow.interpreter import Run

        run, state = self.run, self.state
        while (
            self.next < self.n and not self.dead and (not self.limit or self.running < self.limit)
        ):
            i = self.next
            self.next += 1
            self.running += 1
            if self.items is None:
                block: Block = state.branches[i]
                child = Run(run.exe, self, i)
                data = run.payload
            else:
                assert state.iterator is not None
                block, item = state.iterator, self.items[i]
                child = Run(run.exe, self, i, item)
                data = self._select(i, item)
            self.children.append(child)
            child.advance(block.start, data)
        self.launching = False
        if not self.pending and not self.dead:
            self._complete()

    def _select(self, index: int, item: Any) -> Any:
        """A Map iteration's input: the ItemSelector applied, or the item itself."""
        selector = self.state.item_selector
        if selector is None:
            return item
        ctx = self.run.context()
        ctx["Map"] = {"Item": {"Index": index, "Value": item}}
        return selector(self.run.payload, ctx)

    def child_done(self, child: Run, out: Any) -> None:
        """A branch or iteration ended with `out`."""
        if self.dead:
            return
        self.results[child.index] = out
        self.pending -= 1
        self.running -= 1
        if self.launching:
            return
        if self.pending:
            self.launch()
        else:
            self._complete()

    def child_failed(self, child: Run, error: str, cause: str) -> None:
        """A branch or iteration failed: so does the state."""
        if self.dead:
            return
        self.kill()
        self.run.task_failed(self.gen, error, cause)

    def _complete(self) -> None:
        self.dead = True  # finished: late callbacks of children are ignored
        self.run.task_done(self.gen, self.results)

    def kill(self) -> None:
        """Stop every child (and their own forks)."""
        self.dead = True
        now = self.run.exe.host.env.now
        for child in self.children:
            if child.open:
                child.close_visit(now)
            if child.fork is not None and not child.fork.dead:
                child.fork.kill()
