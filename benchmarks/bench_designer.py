"""Designer speed: open+render a 500-node/800-edge design, pan repaint, app start-up.

Run: `QT_QPA_PLATFORM=offscreen python benchmarks/bench_designer.py`
Targets: open and render < 2 s; full repaint while panning < 16 ms; start-up < 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.canvas.layout import layered_positions  # noqa: E402
from designer.style import apply_theme  # noqa: E402
from simulator.files import save  # noqa: E402
from simulator.model import Edge, Node, Topology  # noqa: E402


def big_topology(groups: int = 25) -> Topology:
    """500 nodes, 800 edges: 25 groups of a producer, a router, 2 topics, 8 queues, 8 consumers."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    for g in range(groups):
        p, r, topics = f"p{g}", f"r{g}", [f"t{g}-{i}" for i in range(2)]
        queues, consumers = [f"q{g}-{i}" for i in range(8)], [f"c{g}-{i}" for i in range(8)]
        nodes += [Node(p, "producer", f"Producer {g}"), Node(r, "router", f"Bus {g}")]
        nodes += [Node(t, "topic") for t in topics]
        nodes += [Node(q, "queue", params={"max_receive_count": 3}) for q in queues]
        nodes += [Node(c, "consumer", params={"concurrency": 4}) for c in consumers]
        edges.append(Edge(p, r))
        edges += [Edge(r, q, pattern={"detail-type": [f"T{i}"]}) for i, q in enumerate(queues)]
        edges += [Edge(q, c) for q, c in zip(queues, consumers, strict=True)]
        edges += [
            Edge(c, topics[i % 2], emits={"detail-type": f"Done{i}"})
            for i, c in enumerate(consumers)
        ]
        edges += [Edge(t, consumers[(i + 3) % 8], filter={"n": [i]}) for i, t in enumerate(topics)]
        edges += [Edge(queues[i], queues[i + 1], "dead-letter") for i in (0, 2, 4)]
        edges += [Edge(consumers[i], topics[1], "on-failure") for i in (0, 1)]
    topology = Topology(name="Benchmark 500", nodes=nodes, edges=edges)
    for node_id, pos in layered_positions(topology).items():
        topology.node(node_id).position = pos
    return topology


def open_and_render(path: Path, run_panel: bool = False) -> float:
    """Seconds from open_file to a fully validated, painted window."""
    from designer.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    settings = QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        settings, recovery_dir=tmp / "recovery", restore_layout=False, run_panel=run_panel
    )
    window.resize(1400, 900)
    window.show()
    QApplication.processEvents()
    start = time.perf_counter()
    assert window.open_file(path, ask=False)
    window.validator.run_now()
    window.repaint()
    QApplication.processEvents()
    window.grab()
    elapsed = time.perf_counter() - start
    if not run_panel:
        pan_report(window)
    window.doc.undo_stack.setClean()
    window.close()
    return elapsed


def pan_report(window) -> None:
    """Average and worst full-viewport repaint while panning, fitted and at 100 %."""
    view = window.view
    for label, zoom in (("fit (all 500 nodes visible)", None), ("100 %", 1.0)):
        view.fit() if zoom is None else view.set_zoom(zoom)
        QApplication.processEvents()
        wall, cpu = [], []
        for i in range(60):
            view.pan(QPoint(12 if i % 20 < 10 else -12, 5))
            start, start_cpu = time.perf_counter(), time.process_time()
            view.viewport().repaint()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        wall, cpu = wall[5:], cpu[5:]
        p95 = sorted(wall)[int(len(wall) * 0.95)]
        print(
            f"  pan repaint at {label}: median {statistics.median(wall):.1f} ms wall "
            f"({statistics.median(cpu):.1f} ms CPU), p95 {p95:.1f} ms"
        )


START_SCRIPT = """
import sys, time, tempfile
from pathlib import Path
t0 = float(sys.argv[1])
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from designer.main_window import MainWindow
from designer.style import apply_theme
app = QApplication(["eventscape"])
apply_theme(app)
tmp = Path(tempfile.mkdtemp())
window = MainWindow(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat),
                    recovery_dir=tmp / "r", restore_layout=False, run_panel=sys.argv[2] == "1")
window.resize(1400, 900)
window.show()
window.start(None)
app.processEvents()
window.grab()
print(time.time() - t0)
window.doc.undo_stack.setClean()
"""


def start_up(run_panel: bool, runs: int = 3) -> list[float]:
    """Wall seconds from launching Python to a shown, painted window with the example."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = []
    for _ in range(runs):
        t0 = time.time()
        done = subprocess.run(
            [sys.executable, "-c", START_SCRIPT, str(t0), "1" if run_panel else "0"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(float(done.stdout.strip().splitlines()[-1]))
    return out


def main() -> None:
    """Print the three figures next to their targets."""
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    topology = big_topology()
    print(f"design: {len(topology.nodes)} nodes, {len(topology.edges)} edges")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        save(topology, path)
        print("open + validate + render (target < 2 s):")
        seconds = [open_and_render(path) for _ in range(2)]
        print(f"  open and render, designer alone: {', '.join(f'{s:.2f} s' for s in seconds)}")
        seconds = [open_and_render(path, run_panel=True) for _ in range(2)]
        print(f"  open and render, with run panel: {', '.join(f'{s:.2f} s' for s in seconds)}")
    print("start-up to usable window (target < 2 s):")
    for run_panel in (False, True):
        starts = start_up(run_panel)
        label = "with the run panel" if run_panel else "designer alone"
        print(f"  {label}: {', '.join(f'{s:.2f} s' for s in starts)}")
    import_time = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); import simulator.files; "
            "print(time.perf_counter() - t)",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"  of which importing simulator.files (numpy, networkx): {float(import_time):.2f} s")


if __name__ == "__main__":
    main()
