"""Guard against reference-count bugs of PySide6 6.12 on Python 3.11.

PySide6/shiboken 6.12.0 hand out references they never took: `SignalInstance.emit()`
returns `True` without one, and void methods (`QPainter.drawPath`, `QRectF.setLeft`, ...)
return `None` without one. Every call takes a reference away, and after a few thousand
emits or paints the interpreter aborts ("deallocating True or False" / "deallocating
None"). `apply()` measures each leak once and, only where it is there, gives the object a
very large number of extra references, as Python 3.12 does for immortal objects. It
changes nothing else, and nothing at all with a PySide6 that has no such leak.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QRectF, Signal

PROBE_CALLS = 64
EXTRA = 1 << 40  # about 10^12 leaked calls before it could matter

_done = False


class _Probe(QObject):
    ping = Signal()


def _emit_leak() -> int:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.ping.emit()
    return before - sys.getrefcount(True)


def _void_leak() -> int:
    rect = QRectF(0, 0, 1, 1)
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        rect.setLeft(0.5)
    return before - sys.getrefcount(None)


def _pin(obj: object) -> None:
    """Add EXTRA references to an interpreter singleton (ob_refcnt is its first field)."""
    count = ctypes.c_ssize_t.from_address(id(obj))
    count.value += EXTRA


def apply() -> list[str]:
    """Pin the singletons this PySide6 leaks; the names of those pinned."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return []
    _done = True
    pinned = []
    if _emit_leak() >= PROBE_CALLS // 2:
        _pin(True)
        _pin(False)
        pinned += ["True", "False"]
    if _void_leak() >= PROBE_CALLS // 2:
        _pin(None)
        pinned.append("None")
    return pinned
