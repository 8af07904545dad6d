"""Issue 15 reporting in the run panel: throttles and pollers charted, throttling shaded."""

from __future__ import annotations

import numpy as np
from conftest import run_and_wait

from designer.run.windows import throttle_windows

THROTTLED_YAML = """\
format: eventscape/topology
version: 1
name: Throttled
scenario: {duration: 120, warmup: 0, seed: 1}
nodes:
  - {id: src, kind: producer, position: [0, 0],
     load: {profile: spiky, rate: 2, spike_rate: 40, spike_every: 50, spike_duration: 10}}
  - {id: jobs, kind: queue, position: [220, 0]}
  - {id: worker, kind: consumer, label: Worker, position: [440, 0], concurrency: 20,
     reserved_concurrency: 3, service_time: 0.5}
  - {id: direct, kind: consumer, label: Direct, position: [440, 200], concurrency: 20,
     reserved_concurrency: 2, service_time: 0.5}
edges:
  - {from: src, to: jobs}
  - {from: jobs, to: worker}
  - {from: src, to: direct}
"""


def _run_throttled(window, ui, tmp_path):
    path = tmp_path / "throttled.yaml"
    path.write_text(THROTTLED_YAML)
    assert window.open_file(path, ask=False)
    return run_and_wait(ui, duration=120)


def test_throttle_windows_merge_adjoining_intervals():
    """Intervals with throttles > 0 become windows from the previous stamp to their own,
    adjoining ones merged; intervals without throttles are not shaded."""
    t = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    throttles = np.array([0, 3, 1, 0, 0, 7], dtype=float)
    windows = throttle_windows(t, throttles, "w", "Worker")
    assert [(w.start, w.end) for w in windows] == [(1.0, 3.0), (5.0, 6.0)]
    assert {w.kind for w in windows} == {"throttle"}
    assert windows[0].label == "Worker throttled"
    assert throttle_windows(t, np.zeros(6), "w", "Worker") == []


def test_consumer_chart_shows_throttles_and_pollers_and_shades_throttling(window, ui, tmp_path):
    """A queue-fed consumer's node chart has throttles and pollers curves, and every
    interval in which it was throttled lies in a shaded throttle window."""
    record = _run_throttled(window, ui, tmp_path)
    ui.board.show_node("worker")
    chart = ui.board.charts["node"]
    labels = [line.label for line in chart.lines]
    assert "throttles" in labels and "pollers" in labels
    series = record.series
    throttles = series.column("worker.throttles")
    assert throttles.sum() > 0
    shaded = [w for w in chart.shading.windows if w.kind == "throttle"]
    assert shaded and {w.node for w in shaded} == {"worker"}
    for t, count in zip(series.t, throttles, strict=True):
        covered = any(w.start < t <= w.end for w in shaded)
        assert covered == (count > 0), t
    pollers = chart.curves[labels.index("pollers")].getData()[1]
    assert np.nanmax(pollers) >= 5  # a queue event source starts with 5 pollers


def test_async_consumer_has_throttles_but_no_pollers(window, ui, tmp_path):
    """A consumer invoked asynchronously (no queue) charts throttles but no pollers."""
    _run_throttled(window, ui, tmp_path)
    ui.board.show_node("direct")
    labels = [line.label for line in ui.board.charts["node"].lines]
    assert "throttles" in labels and "pollers" not in labels


def test_shared_charts_show_throttles_and_throttle_windows(window, ui, tmp_path):
    """The instances chart shades both consumers' throttling windows; the failures chart
    counts throttles per interval (pollers stay in the consumer's own chart)."""
    _run_throttled(window, ui, tmp_path)
    charts = ui.board.charts
    nodes = {w.node for w in charts["consumers"].shading.windows if w.kind == "throttle"}
    assert nodes == {"worker", "direct"}
    assert charts["outcomes"].has_line("throttles")


def test_no_throttle_windows_without_throttles(window, ui):
    """A run in which no consumer is throttled shades no throttle window."""
    from conftest import open_example

    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    ui.board.show_node("payments")
    for key in ("node", "consumers"):
        assert not [w for w in ui.board.charts[key].shading.windows if w.kind == "throttle"]
    assert not ui.board.charts["outcomes"].has_line("throttles")


def test_a_selected_consumer_keeps_its_throttles_and_pollers_on_the_next_run(window, ui, tmp_path):
    """With a queue-fed consumer selected, the next run's node chart (bound before its
    first rows arrive) still has the throttles and pollers curves, with this run's data."""
    record = _run_throttled(window, ui, tmp_path)
    window.scene.select(["worker"])
    second = run_and_wait(ui, duration=120)
    assert second is not record
    chart = ui.board.charts["node"]
    labels = [line.label for line in chart.lines]
    assert "throttles" in labels and "pollers" in labels
    xs, _ = chart.curves[labels.index("pollers")].getData()
    assert len(xs) == second.series.rows


def test_results_call_out_names_the_throttled_consumers(window, ui, tmp_path):
    """The Results call-out says which consumers were throttled, how many invocations,
    their reserved concurrency and for how long; an unthrottled run says nothing of it."""
    record = _run_throttled(window, ui, tmp_path)
    text = ui.results.callout.text()
    for node, title, reserved in (("worker", "Worker", 3), ("direct", "Direct", 2)):
        count = record.result.nodes[node]["throttles"]
        assert count > 0
        assert f"Throttled: <b>{title}</b> refused {count:,} invocations" in text
        assert f"(reserved concurrency {reserved})" in text
    assert "shaded on its chart" in text
    assert "reserved concurrency caps it at" in text  # the busiest one is capped too


def test_unthrottled_run_has_no_throttle_call_out(window, ui):
    """A run of the e-commerce example (no throttles) has no 'Throttled' call-out."""
    from conftest import open_example

    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    assert "Throttled" not in ui.results.callout.text()


def test_per_node_table_has_throttles_and_peak_environments(window, ui, tmp_path):
    """The Results table gives each consumer's throttles and peak environments (issue 15's
    per-consumer figures); the provisioned column stays hidden when no function has any."""
    record = _run_throttled(window, ui, tmp_path)
    table = ui.results.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    figures = record.result.nodes["worker"]
    throttles, peak = headers.index("Throttles"), headers.index("Peak envs")
    assert not table.isColumnHidden(throttles) and not table.isColumnHidden(peak)
    assert table.item(rows["worker"], throttles).text() == f"{figures['throttles']:,}"
    assert table.item(rows["worker"], peak).text() == "3"  # its reserved concurrency
    assert table.isColumnHidden(headers.index("Provisioned used"))
