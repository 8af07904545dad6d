"""Garbage is collected in the GUI thread, never in the engine's or experiments' threads."""

from __future__ import annotations

import threading
from typing import ClassVar

from designer import gcguard


class _Cycle:
    """An object in a reference cycle that records the thread that finalizes it."""

    finalized_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.finalized_in.append(threading.current_thread().name)


def _make_garbage_in_a_thread(kept: list[list[int]]) -> None:
    for _ in range(50):
        _Cycle()
    kept.extend([] for _ in range(20_000))  # live allocations well past the gen-0 threshold


def test_cycles_made_in_a_worker_thread_are_finalized_in_the_gui_thread(window, qtbot):
    _Cycle.finalized_in.clear()
    kept: list[list[int]] = []
    worker = threading.Thread(target=_make_garbage_in_a_thread, args=(kept,), name="worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(_Cycle.finalized_in) == 50, timeout=3 * gcguard.INTERVAL_MS)
    assert set(_Cycle.finalized_in) == {threading.main_thread().name}
