"""Work around a reference-count bug of PySide6 6.12 in `SignalInstance.emit`.

On Python 3.11, PySide6/shiboken 6.12.0 return `True` from `emit()` without adding a
reference, so every signal emitted from Python takes one reference from `True`; after a
few thousand emits (a short editing session, or pyqtgraph redrawing) the interpreter
aborts with "deallocating True or False". `apply()` measures the leak once and, only if
it is there, wraps `emit` to give the reference back. With a fixed PySide6 it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_applied = False


class _Probe(QObject):
    ping = Signal()


def _leaks() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(20):
        probe.ping.emit()
    return sys.getrefcount(True) - before <= -10


def apply() -> bool:
    """Patch `SignalInstance.emit` if this PySide6 leaks; True when patched."""
    global _applied
    if _applied:
        return True
    if not _leaks():
        return False
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: object) -> object:
        result = original(self, *args)
        if result is True or result is False:
            incref(result)  # the reference PySide6 forgot to add
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _applied = True
    return True
