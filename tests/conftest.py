"""Shared test setup: Qt runs offscreen, so the suite needs no display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys

import pytest

_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remember the run's exit status for `pytest_unconfigure`."""
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without finalizing the interpreter once every result is reported.

    After a full run (hundreds of windows, charts and engine processes in one process)
    PySide6 6.12 on Python 3.11 segfaults while the interpreter tears down its modules,
    after pytest has printed its summary: the exit code then says 139 whatever the tests
    said. The app itself exits cleanly (tests/designer/test_designer_app.py runs it as a
    subprocess). Until the teardown crash is found, the suite exits with pytest's own
    status and skips that teardown.
    """
    if os.environ.get("EVENTSCAPE_TEST_FINALIZE") == "1":
        return  # to hunt the crash: let the interpreter finalize as usual
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status)
