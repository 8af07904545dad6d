"""Garbage collection only in the GUI thread.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
crossed. The designer runs the engine's reader and experiments in other threads; a
collection there can finalize Qt objects owned by the GUI thread (a closed dialog, a
replaced chart) and Qt then crashes the process (seen as a segfault in CI, "Garbage-
collecting" inside an experiment thread). So, as pyqtgraph's `GarbageCollector` advises,
the automatic collector is off while windows exist and a timer in the GUI thread runs
the same generational collections on the same thresholds.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
FULL_EVERY = 60.0  # seconds between full collections, at least (each walks the heap)

_timer: QTimer | None = None
_thresholds: tuple[int, int, int] = gc.get_threshold()
_last_full = 0.0  # time.monotonic() of the last full collection


def install() -> None:
    """Turn off automatic collection; collect from the GUI thread's event loop instead."""
    global _timer
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("gcguard.install needs a QApplication")
    gc.disable()
    if _timer is None or not _alive(_timer):
        _timer = QTimer(app)
        _timer.setInterval(INTERVAL_MS)
        _timer.timeout.connect(collect_due)
        _timer.start()


def collect_due() -> int:
    """Run the collections the automatic collector would have run by now (GUI thread).

    A full collection (generation 2) walks every object; CPython defers it until enough
    objects have survived, which Python code cannot see, so here it runs at most every
    FULL_EVERY seconds (each one can hold the window for a moment on a large heap)."""
    global _last_full
    counts = gc.get_count()
    if counts[0] <= _thresholds[0]:
        return 0
    if counts[1] <= _thresholds[1]:
        return gc.collect(0)
    now = time.monotonic()
    if counts[2] <= _thresholds[2] or now - _last_full < FULL_EVERY:
        return gc.collect(1)
    _last_full = now
    return gc.collect(2)


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:  # its C++ side went with a previous QApplication
        return False
    return True
