"""Where replications run: in this process, a local pool of spawned processes, or Dask.

One replication is one `Task` (the topology, the overrides, a seed and the run options);
`replicate(task)` runs it and returns the contract figures of `run --json` (no traces).
The same task gives the same figures whichever runner runs it. `Runner.map` returns the
results in task order, calling `on_done(index, figures)` as each finishes; it stops early
when `cancel.is_set()` or on Ctrl-C, leaving None for what did not finish (`Batch.stopped`).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing import TimeoutError as PoolTimeout
from multiprocessing import get_context
from typing import Any, Protocol

from simulator.experiments.overrides import Value, apply
from simulator.model import Topology

POLL_SECONDS = 0.05
OnDone = Callable[[int, dict[str, Any]], None]


class CancelFlag(Protocol):
    """Anything with `is_set()`, such as `threading.Event`."""

    def is_set(self) -> bool:
        """True once the work should stop."""
        ...


@dataclass(frozen=True)
class Task:
    """One replication: the base topology, what to change, the seed, the run options."""

    topology: Topology
    overrides: dict[str, Value]
    seed: int
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Batch:
    """Results in task order (None where a task did not finish) and why it stopped early."""

    results: list[dict[str, Any] | None]
    stopped: str | None = None

    @property
    def done(self) -> int:
        """How many tasks finished."""
        return sum(r is not None for r in self.results)


def replicate(task: Task) -> dict[str, Any]:
    """Run one replication; the contract JSON figures of `run --json`."""
    from simulator.engine import run

    topology = apply(task.topology, task.overrides) if task.overrides else task.topology
    return run(topology, seed=task.seed, **task.options).to_json_dict()


class Runner(Protocol):
    """Runs tasks somewhere; see the module docstring."""

    def map(
        self, tasks: Sequence[Task], on_done: OnDone | None = None, cancel: CancelFlag | None = None
    ) -> Batch:
        """Run every task; results in task order."""
        ...

    def close(self) -> None:
        """Release the workers."""
        ...


class SerialRunner:
    """Every task in this process, one after the other (the reference: a plain loop)."""

    def map(
        self, tasks: Sequence[Task], on_done: OnDone | None = None, cancel: CancelFlag | None = None
    ) -> Batch:
        """Run the tasks in order; stops between tasks when cancelled or on Ctrl-C."""
        batch = Batch([None] * len(tasks))
        try:
            for i, task in enumerate(tasks):
                if cancel is not None and cancel.is_set():
                    batch.stopped = "cancelled"
                    break
                batch.results[i] = replicate(task)
                if on_done:
                    on_done(i, batch.results[i] or {})
        except KeyboardInterrupt:
            batch.stopped = "interrupted"
        return batch

    def close(self) -> None:
        """Nothing to release."""


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them all at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _indexed(job: tuple[int, Task]) -> tuple[int, dict[str, Any]]:
    return job[0], replicate(job[1])


class PoolRunner:
    """A pool of `workers` spawned processes (spawn: safe beside Qt and threads)."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: Any = None

    def _start(self) -> Any:
        if self._pool is None:
            context = get_context("spawn")
            if threading.current_thread() is not threading.main_thread():
                self._pool = context.Pool(self.workers, initializer=_ignore_interrupts)
            else:  # children start with SIGINT ignored (SIG_IGN survives exec)
                previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    self._pool = context.Pool(self.workers, initializer=_ignore_interrupts)
                finally:
                    signal.signal(signal.SIGINT, previous)
        return self._pool

    def map(
        self, tasks: Sequence[Task], on_done: OnDone | None = None, cancel: CancelFlag | None = None
    ) -> Batch:
        """Run the tasks on the pool; a cancel or Ctrl-C stops every worker at once."""
        batch = Batch([None] * len(tasks))
        if not tasks:
            return batch
        pool = self._start()
        results = pool.imap_unordered(_indexed, list(enumerate(tasks)))
        try:
            while batch.done < len(tasks):
                if cancel is not None and cancel.is_set():
                    batch.stopped = "cancelled"
                    break
                try:
                    index, figures = results.next(timeout=POLL_SECONDS)
                except PoolTimeout:
                    continue
                batch.results[index] = figures
                if on_done:
                    on_done(index, figures)
        except KeyboardInterrupt:
            batch.stopped = "interrupted"
        if batch.stopped:
            self.close()  # stop the workers now, not after the queue
        return batch

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class DaskRunner:
    """Tasks on a Dask `distributed` cluster: a scheduler address or a `Client`."""

    def __init__(self, scheduler: Any):
        from distributed import Client

        self._own = not isinstance(scheduler, Client)
        self.client = Client(scheduler, timeout="10s") if self._own else scheduler

    def map(
        self, tasks: Sequence[Task], on_done: OnDone | None = None, cancel: CancelFlag | None = None
    ) -> Batch:
        """Submit every task (pure=False: each is run); a cancel or Ctrl-C cancels the rest."""
        batch = Batch([None] * len(tasks))
        futures = [self.client.submit(replicate, task, pure=False) for task in tasks]
        pending = dict(enumerate(futures))
        try:
            while pending:
                if cancel is not None and cancel.is_set():
                    batch.stopped = "cancelled"
                    break
                finished = [i for i, future in pending.items() if future.done()]
                if not finished:
                    time.sleep(POLL_SECONDS)
                for index in finished:
                    figures = pending.pop(index).result()
                    batch.results[index] = figures
                    if on_done:
                        on_done(index, figures)
        except KeyboardInterrupt:
            batch.stopped = "interrupted"
        if pending:
            self.client.cancel(list(pending.values()))
        return batch

    def close(self) -> None:
        """Close the client when this runner opened it."""
        if self._own:
            self.client.close()


def make_runner(workers: int = 1, scheduler: str | None = None) -> Runner:
    """Dask when a scheduler address is given, else a pool (or a loop for one worker)."""
    if scheduler:
        return DaskRunner(scheduler)
    if workers > 1:
        return PoolRunner(workers)
    return SerialRunner()


__all__ = [
    "Batch",
    "CancelFlag",
    "DaskRunner",
    "PoolRunner",
    "Runner",
    "SerialRunner",
    "Task",
    "make_runner",
    "replicate",
]
