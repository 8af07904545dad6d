"""Experiments in the background: a thread that drives a runner and reports by signals.

The replications themselves run in spawned processes (`PoolRunner`), so the window stays
responsive; Stop sets the cancel flag, which terminates the workers at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from designer import gcguard
from simulator.experiments import PoolRunner, Runner
from simulator.model import TopologyError

Job = Callable[[Runner, threading.Event, Callable[[int, int], None]], Any]


class ExperimentThread(QThread):
    """Runs `job(runner, cancel, progress)`; emits progress, then finished or failed."""

    progressed = Signal(int, int)  # replications finished, planned
    succeeded = Signal(object)  # the job's result
    failed = Signal(str)

    def __init__(self, job: Job, workers: int = 1, runner: Runner | None = None) -> None:
        super().__init__()
        gcguard.install()  # this thread allocates: collections stay in the GUI thread
        self.job = job
        self.cancel = threading.Event()
        self.runner: Runner = runner if runner is not None else PoolRunner(max(1, workers))

    def run(self) -> None:
        """The thread's body."""
        try:
            result = self.job(self.runner, self.cancel, self.progressed.emit)
        except TopologyError as exc:
            self.failed.emit("\n".join(str(p) for p in exc.problems))
        except Exception as exc:  # an engine bug: say it, keep the designer alive
            self.failed.emit(f"the experiment failed: {exc!r}")
        else:
            self.succeeded.emit(result)
        finally:
            self.runner.close()

    def stop(self) -> None:
        """Ask the experiment to stop; what finished is still reported."""
        self.cancel.set()
