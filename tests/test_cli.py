"""`eventscape-sim validate` and `export`: exit codes and outputs as a user sees them."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from simulator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHOP = ROOT / "assets" / "examples" / "ecommerce.yaml"


def test_validate_good_file_exits_0(capsys) -> None:
    """A valid file exits 0 and says so."""
    assert main(["validate", str(SHOP)]) == 0
    assert "valid: 9 nodes" in capsys.readouterr().out


def test_validate_broken_file_exits_1_with_every_error_on_stderr(tmp_path: Path, capsys) -> None:
    """A broken file exits 1 and lists each error, with the file name, on stderr."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: eventscape/topology\nversion: 1\nnodes:\n"
        "  - {id: c, kind: consumer, concurrency: 0, failure_rate: 3}\n"
    )
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{bad}: nodes[0] (c).concurrency: must be >= 1, got 0",
        f"{bad}: nodes[0] (c).failure_rate: must be <= 1, got 3",
    ]


def test_validate_warnings_do_not_fail(tmp_path: Path, capsys) -> None:
    """Graph-check warnings are printed but the exit status stays 0."""
    lonely = tmp_path / "lonely.yaml"
    lonely.write_text("format: eventscape/topology\nversion: 1\nnodes:\n  - {id: q, kind: queue}\n")
    assert main(["validate", str(lonely)]) == 0
    out = capsys.readouterr().out
    assert "warning: node q: no producer's events reach this node" in out


def test_validate_several_files_fails_if_one_fails(tmp_path: Path) -> None:
    """With several files, one broken file makes the whole run exit 1."""
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["validate", str(SHOP), str(bad)]) == 1


@pytest.mark.parametrize("fmt", ["json", "yaml", "graphml", "mermaid", "dot"])
def test_export_writes_each_format(fmt: str, tmp_path: Path) -> None:
    """Export writes a non-trivial file in each format that names every node."""
    out = tmp_path / f"shop.{fmt}"
    assert main(["export", str(SHOP), "--to", fmt, "-o", str(out)]) == 0
    text = out.read_text()
    for node in ("web", "orders-dlq", "payments", "accounting"):
        assert node in text or node.replace("-", "_") in text


def test_graphml_keeps_attributes(tmp_path: Path) -> None:
    """GraphML carries node kinds and edge kinds/patterns as attributes."""
    out = tmp_path / "shop.graphml"
    main(["export", str(SHOP), "--to", "graphml", "-o", str(out)])
    import networkx as nx

    graph = nx.read_graphml(out)
    assert graph.nodes["payments"]["kind"] == "consumer"
    assert graph.nodes["payments"]["concurrency"] == 24
    kinds = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert kinds == {"flow", "dead-letter"}
    ET.parse(out)  # well-formed XML


def test_mermaid_styles_dead_letter_edges(capsys) -> None:
    """The Mermaid flowchart draws dead-letter edges dotted and labels rules."""
    main(["export", str(SHOP), "--to", "mermaid"])
    out = capsys.readouterr().out
    assert out.splitlines()[3] == "flowchart LR"
    assert 'n_orders -.->|"dead-letter"| n_orders_dlq' in out
    assert 'n_bus -->|"detail-type=OrderPlaced"| n_orders' in out


def test_export_of_broken_file_exits_1(tmp_path: Path, capsys) -> None:
    """Exporting an invalid file fails with the problems, not a traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: nope\n")
    assert main(["export", str(bad), "--to", "dot"]) == 1
    assert "not a topology file" in capsys.readouterr().err


def test_console_script_runs_as_module() -> None:
    """`python -m simulator --help` works and teaches the commands."""
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "--help"], capture_output=True, text=True, check=True
    )
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.startswith("    ")}
    assert {"validate", "export", "run", "test-pattern", "schema"} <= listed


CROSS = ROOT / "assets" / "examples" / "cross-account-replay.yaml"


def test_export_sam_of_another_account_and_region(tmp_path: Path, capsys) -> None:
    """--account/--region export that side of a design: its resources, the rest noted."""
    from simulator.iac.cfn_decode import read_template

    out = tmp_path / "west.yaml"
    args = ["export", str(CROSS), "--to", "sam", "--account", "222222222222"]
    assert main([*args, "--region", "us-west-2", "-o", str(out)]) == 0
    resources = read_template(out).data["Resources"]
    assert resources["PartnerBusEventBus"]["Type"] == "AWS::Events::EventBus"
    assert not any(key.startswith("CentralBus") for key in resources)
    assert "not in this stack's account and Region (222222222222/us-west-2)" in (
        capsys.readouterr().err
    )


def test_export_sam_of_a_side_with_no_nodes_exits_1(capsys) -> None:
    """A side where the design runs nothing is an error that lists the design's sides."""
    assert main(["export", str(CROSS), "--to", "sam", "--region", "eu-west-1"]) == 1
    err = capsys.readouterr().err
    assert "no node of the design runs in account 111111111111, Region eu-west-1" in err
    assert "222222222222 us-west-2" in err


def test_export_side_options_need_sam(capsys) -> None:
    """--account and --region mean nothing for other formats: usage error, exit 2."""
    assert main(["export", str(CROSS), "--to", "mermaid", "--region", "us-west-2"]) == 2
    assert "use them with --to sam" in capsys.readouterr().err


BATCH_WITHOUT_WINDOW = """\
format: eventscape/topology
version: 1
scenario: {duration: 60}
nodes:
  - {id: p, kind: producer, load: {profile: poisson, rate: 5}}
  - {id: q, kind: queue}
  - {id: c, kind: consumer, batch_size: 20}
edges:
  - {from: p, to: q}
  - {from: q, to: c}
"""


@pytest.mark.parametrize("command", [["run"], ["sweep", "--set", "c.concurrency=1,2"]])
def test_run_refuses_what_validate_calls_an_error(tmp_path: Path, capsys, command) -> None:
    """`run` and `sweep` refuse a design `validate` finds an error in (a batch AWS would
    not map), naming the node, instead of simulating it."""
    design = tmp_path / "batch.yaml"
    design.write_text(BATCH_WITHOUT_WINDOW)
    assert main([command[0], str(design), *command[1:]]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{design}: node c: batch_size 20 > 10 needs batch_window >= 1 s" in captured.err


def test_validate_counts_one_edge_in_the_singular(tmp_path: Path, capsys) -> None:
    """A design with one edge is 'valid: 2 nodes, 1 edge'."""
    design = tmp_path / "one.yaml"
    design.write_text(
        "format: eventscape/topology\nversion: 1\nnodes:\n"
        "  - {id: p, kind: producer}\n  - {id: c, kind: consumer}\n"
        "edges:\n  - {from: p, to: c}\n"
    )
    assert main(["validate", str(design)]) == 0
    assert "valid: 2 nodes, 1 edge\n" in capsys.readouterr().out
