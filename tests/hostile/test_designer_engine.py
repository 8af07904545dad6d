"""The designer when its engine process dies: the run ends with a message, Run works again."""

from __future__ import annotations

import os
import signal

from designer.document import Document
from designer.run.controller import FAILED, IDLE, RunController
from designer.run.protocol import RunParams
from designer.run.screenshot import wait_until
from simulator.files import load
from tests.hostile.cases import FILES


def test_killed_engine_ends_the_run_with_an_error_and_run_works_again(qtbot) -> None:
    """SIGKILL to the engine mid-run: FAILED with a message; Stop is harmless; Run reruns."""
    controller = RunController(Document(load(FILES / "ok.yaml")), "process")
    finished: list = []
    controller.runFinished.connect(finished.append)
    try:
        record = controller.start(RunParams(duration=1e6, seed=1))  # long enough to kill
        wait_until(lambda: record.latest is not None, 60)
        os.kill(controller.worker._engine.pid, signal.SIGKILL)
        wait_until(lambda: finished, 20)
        assert finished[0] is record and record.status == FAILED
        assert "engine process stopped unexpectedly" in record.error
        assert "signal 9" in record.error
        assert controller.state == IDLE and controller.active is None
        controller.stop()  # used to raise BrokenPipeError
        again = controller.start(RunParams(duration=30, seed=1))
        wait_until(lambda: len(finished) == 2, 60)
        assert again.status == "done" and again.result is not None
    finally:
        controller.shutdown()
