"""The run controller: starts runs on a frozen copy, follows the worker, keeps the history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from designer.document import Document
from designer.run.history import CANCELLED, DONE, FAILED, PAUSED, RUNNING, RunHistory, RunRecord
from designer.run.protocol import (
    AuditReady,
    EngineMessage,
    ReplicationDone,
    RunFailed,
    RunFinished,
    RunParams,
    SnapshotReady,
)
from designer.run.worker import EngineWorker
from simulator.model import Topology

IDLE = "idle"


class RunController(QObject):
    """Run, pause, resume and stop simulations of the document's topology."""

    stateChanged = Signal(str)  # idle, running, paused
    runStarted = Signal(object)  # RunRecord
    runUpdated = Signal(object)  # RunRecord, after each batch of snapshots
    runFinished = Signal(object)  # RunRecord (done, cancelled or failed)

    def __init__(self, doc: Document, mode: str = "process", parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.worker = EngineWorker(mode, self)
        self.worker.batch.connect(self._take)
        self.history = RunHistory()
        self.state = IDLE
        self._active: RunRecord | None = None
        self.want_audit: Callable[[], bool] | None = None  # set by designer.audit

    # --- commands -------------------------------------------------------------------------
    def default_params(self) -> RunParams:
        """Duration, seed and warm-up from the document's scenario."""
        scenario = self.doc.topology.scenario
        return RunParams(float(scenario.duration), int(scenario.seed), float(scenario.warmup))

    def start(
        self,
        params: RunParams | None = None,
        topology: Topology | None = None,
        source: str | None = None,
    ) -> RunRecord:
        """Run a frozen copy of the current topology (or of `topology`, such as an
        experiment's point); edits made meanwhile wait for the next."""
        if self._active is not None:
            self.stop()
        params = params or self.default_params()
        if self.want_audit is not None and self.want_audit():
            params = replace(params, audit=True)
        topology = (topology or self.doc.topology).frozen()
        revision = f"{self.doc.display_name} rev {self.doc.undo_stack.index()}"
        source = f"{revision} · {source}" if source else revision
        record = self.history.new(topology, params, source)
        record.job = self.worker.start_job(topology, params)
        self._active = record
        self._set_state(RUNNING)
        self.runStarted.emit(record)
        return record

    def pause(self) -> None:
        """Hold the running simulation."""
        if self.state == RUNNING:
            self.worker.pause()
            self._set_state(PAUSED)
            if self._active is not None:
                self._active.status = PAUSED

    def resume(self) -> None:
        """Go on after a pause."""
        if self.state == PAUSED:
            self.worker.resume()
            self._set_state(RUNNING)
            if self._active is not None:
                self._active.status = RUNNING

    def toggle_pause(self) -> None:
        """Pause when running, resume when paused."""
        if self.state == RUNNING:
            self.pause()
        else:
            self.resume()

    def stop(self) -> None:
        """Cancel the run; the partial result arrives as a cancelled run."""
        if self._active is not None:
            self.worker.stop()

    def shutdown(self) -> None:
        """End the engine process (window closing)."""
        self.worker.shutdown()

    @property
    def active(self) -> RunRecord | None:
        """The run in progress, if any."""
        return self._active

    # --- engine messages ------------------------------------------------------------------
    def _take(self, messages: list[EngineMessage]) -> None:
        touched: RunRecord | None = None
        for message in messages:
            record = self._record_for(message.job)
            if record is None:
                continue
            touched = record
            self._apply(record, message)
        if touched is not None and touched is self._active:
            self.runUpdated.emit(touched)
        for message in messages:
            if isinstance(message, RunFinished):
                self._finish(message.job)

    def _record_for(self, job: int) -> RunRecord | None:
        return next((r for r in reversed(self.history.runs) if r.job == job), None)

    def _apply(self, record: RunRecord, message: EngineMessage) -> None:
        match message:
            case SnapshotReady(snapshot=snapshot):
                record.add_snapshot(snapshot)
            case ReplicationDone(result=result):
                record.replications.append(result)
            case AuditReady():
                for other in self.history.runs:
                    other.audit = None  # only the latest run's records are kept
                record.audit = message
            case RunFailed(text=text):
                record.status, record.error = FAILED, text

    def _finish(self, job: int) -> None:
        record = self._record_for(job)
        if record is None:
            return
        if record.status in (RUNNING, PAUSED):
            record.status = DONE if record.result is not None else FAILED
        if record is self._active:
            self._active = None
            self._set_state(IDLE)
        self.runFinished.emit(record)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)


__all__ = ["CANCELLED", "DONE", "FAILED", "IDLE", "PAUSED", "RUNNING", "RunController"]
