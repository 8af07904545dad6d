"""`eventscape-sim run`: exit codes, the contract JSON, determinism, files, replications."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from simulator.cli import main

EXAMPLE = str(Path(__file__).resolve().parents[2] / "assets" / "examples" / "ecommerce.yaml")
CONTRACT_EVENTS = {
    "produced", "completed", "failed", "dead_lettered", "unmatched", "throttled", "expired",
    "in_flight",
}  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the contract keys: events, latency, nodes, ledger."""
    code, out, _ = _run(capsys, EXAMPLE, "--duration", "200", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data["events"]) >= CONTRACT_EVENTS
    assert set(data["latency"]) == {"mean", "p50", "p95", "p99", "max"}
    assert data["ledger"]["balanced"] is True and data["ledger"]["created"] > 0
    payments = data["nodes"]["payments"]
    for key in ("kind", "processed", "failures", "utilization", "cold_starts", "instances_mean"):
        assert key in payments
    for key in ("wait_mean", "depth_mean", "depth_max"):
        assert key in data["nodes"]["orders"]


def test_json_bytes_are_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """The same file and seed print byte-identical JSON; another seed prints other bytes."""
    first = _run(capsys, EXAMPLE, "--duration", "150", "--seed", "3", "--json")[1]
    again = _run(capsys, EXAMPLE, "--duration", "150", "--seed", "3", "--json")[1]
    other = _run(capsys, EXAMPLE, "--duration", "150", "--seed", "4", "--json")[1]
    assert first == again
    assert first != other


def test_table_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json a readable table is printed; nothing goes to stderr off a terminal."""
    code, out, err = _run(capsys, EXAMPLE, "--duration", "100", "--warmup", "10")
    assert code == 0
    assert "latency:" in out and "payments" in out and "balanced" in out
    assert err == ""


def test_invalid_file_exits_1_with_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken file prints its problems on stderr (no traceback) and exits 1."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: eventscape/topology\nversion: 1\nnodes:\n  - {id: a, kind: nope}\n")
    code, out, err = _run(capsys, str(bad))
    assert code == 1 and out == ""
    assert "bad.yaml" in err and "Traceback" not in err


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is reported, exit status 1."""
    code, _, err = _run(capsys, str(tmp_path / "absent.yaml"))
    assert code == 1 and "absent.yaml" in err


def test_warmup_not_below_duration_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A warm-up as long as the run is reported, exit status 1."""
    code, _, err = _run(capsys, EXAMPLE, "--duration", "60")
    assert code == 1 and "warmup" in err


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Invalid option values are argparse usage errors (exit status 2)."""
    with pytest.raises(SystemExit) as exc:
        main(["run", EXAMPLE, "--duration", "-5"])
    assert exc.value.code == 2


def test_out_writes_summary_series_and_traces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out DIR writes summary.json, timeseries.csv and traces.jsonl."""
    out = tmp_path / "run"
    code, _, _ = _run(capsys, EXAMPLE, "--duration", "200", "--interval", "10", "--out", str(out))
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["ledger"]["balanced"] and summary["wall_seconds"] >= 0
    rows = list(csv.DictReader((out / "timeseries.csv").open()))
    assert len(rows) == 20 and "payments.depth" in rows[0] and "latency_p95" in rows[0]
    traces = [json.loads(line) for line in (out / "traces.jsonl").read_text().splitlines()]
    assert traces and all(trace["hops"] for trace in traces)


def test_replications_report_means_with_intervals(capsys: pytest.CaptureFixture[str]) -> None:
    """--replications R runs R seeds (in --workers processes) and reports 95% intervals."""
    argv = [EXAMPLE, "--duration", "120", "--warmup", "0", "--replications", "3", "--json"]
    code, out, _ = _run(capsys, *argv, "--workers", "2")
    data = json.loads(out)
    assert code == 0
    assert data["replications"]["seeds"] == [7, 8, 9]
    assert data["replications"]["ci95"]["latency"]["mean"] > 0
    assert data["ledger"]["balanced"]
    serial = json.loads(_run(capsys, *argv)[1])
    assert serial == data  # parallel processes give the same numbers


def test_unreadable_trace_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A load trace that cannot be read is reported with the node, exit status 1."""
    topo = tmp_path / "trace.yaml"
    topo.write_text(
        "format: eventscape/topology\nversion: 1\nnodes:\n"
        "  - {id: p, kind: producer, load: {profile: trace, file: missing.csv}}\n"
        "  - {id: c, kind: consumer}\nedges:\n  - {from: p, to: c}\n"
    )
    code, _, err = _run(capsys, str(topo))
    assert code == 1 and "node p" in err and "missing.csv" in err and "Traceback" not in err
