"""Shared test setup: Qt runs offscreen, so the suite needs no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import atexit
import gc
import math
import sys
import time

import pytest


def _leave(status: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Leave without finalizing the interpreter once pytest has reported everything.

    After a full run (hundreds of windows, charts and engine processes in one process)
    the interpreter's teardown segfaults (PySide6 6.12 on Python 3.11; pyqtgraph's own exit
    clean-up is among the suspects), after pytest has printed its summary: the exit code
    then says 139 whatever the tests said. The app itself exits cleanly
    (tests/designer/test_designer_app.py runs it as a subprocess). Until that teardown
    crash is found, the first exit handler to run (the last registered) ends the process
    with pytest's own status. EVENTSCAPE_TEST_FINALIZE=1 keeps the teardown, to hunt it.
    """
    if os.environ.get("EVENTSCAPE_TEST_FINALIZE") != "1":
        atexit.register(_leave, int(exitstatus))


FULL_BETWEEN_TESTS = 30.0  # seconds between full collections, run between Qt tests


@pytest.fixture(autouse=True)
def _collect_in_main_thread(request: pytest.FixtureRequest):
    """Garbage collection as the app does it (designer/gcguard.py), with the full
    collections moved between tests.

    A main window turns automatic collection off and collects from the GUI thread's
    event loop; tests without Qt run with the automatic collector, as the engine and
    CLI do. This process holds far more objects than the app (a full collection takes
    0.4-0.7 s here): run inside a test, one would hold its event loop that long and upset
    the tests that time a run. So the guard's timer makes only young collections in
    tests, and the full ones run here, after a Qt test, at most every 30 s.
    """
    if "qtbot" in request.fixturenames:
        from designer import gcguard

        gcguard.FULL_EVERY = math.inf
    elif not gc.isenabled():
        gc.collect()  # what piled up while it was off, now rather than inside the test
        gc.enable()
    yield
    if not gc.isenabled():
        from designer import gcguard

        gcguard.collect_due()
        if time.monotonic() - _last_full[0] > FULL_BETWEEN_TESTS:
            gc.collect()
            _last_full[0] = time.monotonic()


_last_full = [time.monotonic()]
