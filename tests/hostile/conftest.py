"""Run hostile cases in a memory-capped child process (tests/hostile/worker.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")


def run_in_worker(cases: list[Any], timeout: float = 120) -> list[dict[str, Any]]:
    """Outcomes of `cases`, run one after another in one child under RLIMIT_AS.

    If the child dies (a case that got past the limits), the outcomes so far are returned
    and the case that was running is reported as a crash with the child's exit status.
    """
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(WORKER)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
    outcomes = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if len(outcomes) < len(cases):
        died = f"worker died (status {proc.returncode}): {proc.stderr[-800:]}"
        outcomes.append({"case": cases[len(outcomes)], "crash": died, "code": None,
                         "stdout": "", "stderr": "", "seconds": 0, "grew_mb": 0})  # fmt: skip
        rest = run_in_worker(cases[len(outcomes) :], timeout) if len(outcomes) < len(cases) else []
        outcomes += rest
    return outcomes
