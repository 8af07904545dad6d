"""Run hostile cases in a child process under a memory cap, each with a time limit.

`python tests/hostile/worker.py` reads a JSON list of cases on stdin; each case is an
`eventscape-sim` argument list (or `{"fuzz": N, "seed": S}` for the hypothesis suite in
`fuzz.py`). It caps its own address space with RLIMIT_AS, runs every case in this process
with a SIGALRM time limit and prints one JSON line per case: the exit status, the last
lines of stderr, wall seconds, the growth of peak memory, and any exception that escaped
(which is what the tests count as a crash: a traceback instead of a clear error).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = int(os.environ.get("HOSTILE_MEMORY_CAP", 2 * 1024**3))  # bytes of address space
CASE_SECONDS = float(os.environ.get("HOSTILE_CASE_SECONDS", 10))


class CaseTimeout(BaseException):
    """A case ran past its time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout(f"still running after {CASE_SECONDS:g} s")


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cli(argv: list[str]) -> dict[str, Any]:
    """Run `eventscape-sim ARGV` in this process; report its outcome."""
    from simulator.cli import main

    out, err = io.StringIO(), io.StringIO()
    crash = None
    code: int | None = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse errors
            code = exc.code if isinstance(exc.code, int) else 2
        except CaseTimeout:
            raise
        except BaseException as exc:  # a crash is what we look for
            crash = f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc()[-1500:]
    return {"code": code, "stdout": out.getvalue()[-2000:], "stderr": err.getvalue()[-2000:],
            "crash": crash}  # fmt: skip


def run_case(case: Any) -> dict[str, Any]:
    """One case with a time limit; memory is measured as growth of the peak."""
    before, started = peak_mb(), time.perf_counter()
    fuzz = isinstance(case, dict) and "fuzz" in case  # limits each example itself
    signal.setitimer(signal.ITIMER_REAL, 0 if fuzz else CASE_SECONDS)
    try:
        if fuzz:
            from tests.hostile.fuzz import run_fuzz

            outcome = run_fuzz(case["fuzz"], case.get("seed", 0))
        else:
            outcome = run_cli(case)
    except CaseTimeout as exc:
        outcome = {"code": None, "crash": f"timeout: {exc}", "stdout": "", "stderr": ""}
    except MemoryError:
        outcome = {"code": None, "crash": "MemoryError", "stdout": "", "stderr": ""}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    outcome.update(
        case=case, seconds=round(time.perf_counter() - started, 3), grew_mb=peak_mb() - before
    )
    return outcome


def main() -> None:
    """Read the cases, cap memory, run them, print a JSON line each."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    signal.signal(signal.SIGALRM, _alarm)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    cases = json.load(sys.stdin)
    for case in cases:
        print(json.dumps(run_case(case)), flush=True)


if __name__ == "__main__":
    main()
