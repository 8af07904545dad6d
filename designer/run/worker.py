"""The engine worker: a child process (or a thread) running `child.serve`, read in batches.

A reader thread receives the engine's messages and hands them to the GUI thread through a
queued signal, batched so that the GUI sees about 20 batches per second however fast the
engine streams. The GUI never waits on the engine: every call here only sends a message.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
import threading
import time
import types
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from designer import gcguard
from designer.run.child import serve
from designer.run.protocol import (
    Command,
    EngineMessage,
    Pause,
    Quit,
    Resume,
    RunFailed,
    RunFinished,
    RunParams,
    StartRun,
    Stop,
)

if TYPE_CHECKING:
    from simulator.model import Topology

BATCH_SECONDS = 0.05  # about 20 batches per second
MAX_SPARES = 1
_SPARES: list[tuple[Any, Any]] = []  # idle engine processes (process, connection) kept warm


class QueueChannel:
    """One end of an in-process duplex channel (the thread mode's stand-in for a Pipe)."""

    def __init__(self, inbox: queue.Queue, outbox: queue.Queue) -> None:
        self.inbox = inbox
        self.outbox = outbox
        self._peeked: list[Any] = []

    def poll(self, timeout: float | None = 0.0) -> bool:
        """True when a message is waiting (waits up to `timeout`; None: forever)."""
        if self._peeked:
            return True
        try:
            item = self.inbox.get(timeout=timeout) if timeout != 0 else self.inbox.get_nowait()
        except queue.Empty:
            return False
        self._peeked.append(item)
        return True

    def recv(self) -> Any:
        """The next message (blocks)."""
        item = self._peeked.pop(0) if self._peeked else self.inbox.get()
        if item is EOFError:
            raise EOFError
        return item

    def send(self, obj: Any) -> None:
        """Send a message."""
        self.outbox.put(obj)

    def close(self) -> None:
        """Tell the other end that this one is gone."""
        self.outbox.put(EOFError)


@contextlib.contextmanager
def _plain_main() -> Iterator[None]:
    """Hide the main module while spawning, so the engine child never re-runs it.

    `spawn` normally re-imports the parent's main script in the child, which starts a
    second GUI (or fails) when that script lacks an `if __name__ == "__main__"` guard.
    The engine needs nothing from it: its entry point is `designer.run.child.serve`.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def queue_pair() -> tuple[QueueChannel, QueueChannel]:
    """Two connected QueueChannel ends."""
    a: queue.Queue[object] = queue.Queue()
    b: queue.Queue[object] = queue.Queue()
    return QueueChannel(a, b), QueueChannel(b, a)


class EngineWorker(QObject):
    """Runs the engine outside the GUI thread; `batch` delivers its messages in bundles."""

    batch = Signal(object)  # list[EngineMessage]
    _deliver = Signal(object)

    def __init__(self, mode: str = "process", parent: QObject | None = None) -> None:
        super().__init__(parent)
        if mode not in ("process", "thread"):
            raise ValueError(f"mode must be 'process' or 'thread', got {mode!r}")
        self.mode = mode
        self._conn: Any = None
        self._engine: Any = None
        self._reader: threading.Thread | None = None
        self._reading = threading.Event()
        self._job = 0
        self._busy = False
        self._deliver.connect(self._pass_on, Qt.ConnectionType.QueuedConnection)

    # --- commands (never block) -----------------------------------------------------------
    def start_job(self, topology: Topology, params: RunParams) -> int:
        """Start a run of `topology` (a frozen copy); its job number."""
        self._ensure_started()
        self._job += 1
        self._busy = True
        self._conn.send(StartRun(self._job, topology, params))
        return self._job

    def pause(self) -> None:
        """Hold the engine between slices."""
        self._send(Pause())

    def resume(self) -> None:
        """Let a paused engine go on."""
        self._send(Resume())

    def stop(self) -> None:
        """Cancel the current run; its final snapshot still arrives (cancelled)."""
        self._send(Stop())

    def shutdown(self, timeout: float = 2.0) -> None:
        """Let go of the engine: an idle engine process is kept for the next window or
        test (starting one costs about a second); any other engine is ended."""
        if self._engine is None:
            return
        self._stop_reader(timeout)
        if self.mode == "process" and not self._busy and self.alive and len(_SPARES) < MAX_SPARES:
            _SPARES.append((self._engine, self._conn))
        else:
            self._end_engine(timeout)
        self._engine = self._conn = self._reader = None

    def _stop_reader(self, timeout: float) -> None:
        self._reading.clear()
        if self._reader is not None:
            self._reader.join(timeout)

    def _end_engine(self, timeout: float) -> None:
        self._send(Quit())
        self._engine.join(timeout)
        if isinstance(self._engine, threading.Thread):
            return
        if self._engine.is_alive():
            self._engine.terminate()
            self._engine.join(timeout)
        self._conn.close()

    @property
    def alive(self) -> bool:
        """True while the engine process or thread runs."""
        return self._engine is not None and self._engine.is_alive()

    def _send(self, message: Command) -> None:
        if self._conn is not None:
            # A dead engine's pipe raises: its reader reports the run as failed instead.
            with contextlib.suppress(OSError, ValueError):
                self._conn.send(message)

    # --- engine and reader ----------------------------------------------------------------
    def _ensure_started(self) -> None:
        if self.alive:
            return
        while self.mode == "process" and _SPARES and not self.alive:
            self._engine, self._conn = _SPARES.pop()  # a warm engine left by another window
        if not self.alive:
            self._spawn()
        gcguard.install()  # the reader (and a thread engine) allocate: see gcguard
        self._reading.set()
        self._reader = threading.Thread(
            target=self._read, args=(self._conn,), daemon=True, name="engine-reader"
        )
        self._reader.start()

    def _spawn(self) -> None:
        if self.mode == "process":
            ctx = multiprocessing.get_context("spawn")
            self._conn, child_end = ctx.Pipe()
            self._engine = ctx.Process(target=serve, args=(child_end,), daemon=True)
            with _plain_main():
                self._engine.start()
            child_end.close()
        else:
            self._conn, thread_end = queue_pair()
            self._engine = threading.Thread(
                target=serve, args=(thread_end,), daemon=True, name="engine"
            )
            self._engine.start()

    def _read(self, conn: Any) -> None:
        """Reader thread: collect messages, hand them over at most every BATCH_SECONDS."""
        pending: list[EngineMessage] = []
        last = time.perf_counter()
        while self._reading.is_set():
            try:
                ready = conn.poll(BATCH_SECONDS)
                if ready:
                    pending.append(conn.recv())
            except (EOFError, OSError):
                pending += self._engine_died()
                break
            now = time.perf_counter()
            terminal = bool(pending) and isinstance(pending[-1], RunFinished)
            if pending and (terminal or now - last >= BATCH_SECONDS or not ready):
                self._deliver.emit(pending)
                pending, last = [], now
        if pending:
            self._deliver.emit(pending)

    def _engine_died(self) -> list[EngineMessage]:
        """Messages that end the current run when the engine vanished (killed, out of memory).

        The next run starts a fresh engine (`_ensure_started` finds this one dead).
        """
        if not self._reading.is_set() or not self._busy:
            return []
        engine = self._engine
        if engine is not None and hasattr(engine, "exitcode"):
            engine.join(1.0)
            code = engine.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        else:
            how = "its thread ended"
        text = (
            f"The engine process stopped unexpectedly ({how}; out of memory?). "
            "The run is lost; Run starts a new engine."
        )
        return [RunFailed(self._job, text), RunFinished(self._job)]

    @Slot(object)
    def _pass_on(self, messages: list[EngineMessage]) -> None:
        if any(isinstance(m, RunFinished) and m.job == self._job for m in messages):
            self._busy = False
        self.batch.emit(messages)
