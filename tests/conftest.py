"""Shared test setup: Qt runs offscreen, so the suite needs no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import atexit
import gc
import sys

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


@pytest.fixture(autouse=True)
def _collect_in_main_thread(request: pytest.FixtureRequest):
    """Garbage collection as the app does it (designer/gcguard.py).

    A main window turns automatic collection off and collects from the GUI thread's
    event loop; tests without Qt run with the automatic collector, as the engine and
    CLI do. After a Qt test, the collections that came due run here, in the main thread.
    """
    if "qtbot" not in request.fixturenames and not gc.isenabled():
        gc.collect()  # what piled up while it was off, now rather than inside the test
        gc.enable()
    yield
    if not gc.isenabled():
        from designer import gcguard

        gcguard.collect_due()
