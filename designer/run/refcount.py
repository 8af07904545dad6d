"""Guard against PySide6 6.12's None leak: its void methods return None without a reference.

On Python 3.11 every call of a void Qt method (QRectF.setLeft, QPainter.drawRect, ...)
takes one reference from None; charts repaint thousands of times a second, so within
seconds None's count reaches zero and the interpreter aborts ("deallocating None").
`pin_none()` measures the leak once and, only if it is there, adds a very large number of
references to None (what Python 3.12 does for immortal objects). It changes nothing else.
"""

from __future__ import annotations

import ctypes
import sys

PROBE_CALLS = 64
EXTRA = 1 << 40  # about 10^12 leaked calls before it matters

_pinned = False


def leaks_none() -> bool:
    """True when a void PySide6 method takes a reference from None."""
    from PySide6.QtCore import QRectF

    rect = QRectF(0, 0, 1, 1)
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        rect.setLeft(0.5)
    return before - sys.getrefcount(None) >= PROBE_CALLS // 2


def pin_none() -> bool:
    """Give None enough references to survive the leak; True when it was needed."""
    global _pinned
    if _pinned:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not leaks_none():
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    refcount.value += EXTRA
    _pinned = True
    return True
