"""Ctrl-C stops `run --replications N --workers M` within 2 s, workers included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "assets" / "examples" / "ecommerce.yaml"


def _children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_ctrl_c_stops_replications_and_their_workers_within_2_s() -> None:
    """SIGINT to the whole process group mid-run: exit 130 in < 2 s, no worker left."""
    argv = [sys.executable, "-m", "simulator", "run", str(SHOP), "--replications", "40",
            "--workers", "2", "--duration", "20000"]  # fmt: skip
    proc = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # the workers are simulating now
    workers = _children(proc.pid)
    assert proc.poll() is None and workers
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    sent = time.monotonic()
    _, err = proc.communicate(timeout=10)
    assert time.monotonic() - sent < 2.0
    assert proc.returncode == 130 and "interrupted" in err
    assert "Traceback" not in err
    time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()
                and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]  # fmt: skip
