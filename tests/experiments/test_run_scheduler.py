"""`run --replications` and `run --target-ci` on a Dask cluster: the local pool's numbers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from experiment_topologies import mmc_file, scheduler_address

from simulator.cli import main


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a two-worker LocalCluster (in-process workers, over TCP)."""
    with scheduler_address(processes=False) as address:
        yield address


@pytest.fixture
def design(tmp_path: Path) -> str:
    """An M/M/2 design file at 1 arrival/s, 300 s long."""
    return mmc_file(tmp_path, 1.0, 300)


def output(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_replications_on_dask_equal_the_local_pool(design: str, scheduler: str, capsys) -> None:
    """`run --replications 4 --scheduler` prints exactly what the local pool prints."""
    base = ["run", design, "--replications", "4", "--seed", "7", "--json"]
    on_dask = output([*base, "--scheduler", scheduler], capsys)
    on_pool = output([*base, "--workers", "2"], capsys)
    assert on_dask == on_pool
    assert on_dask["replications"]["seeds"] == [7, 8, 9, 10]


def test_target_ci_on_dask_equals_the_local_pool(design: str, scheduler: str, capsys) -> None:
    """`run --target-ci --scheduler` adds the same replications and reports the same
    figures as on local processes."""
    base = ["run", design, "--target-ci", "0.05", "--max-replications", "12", "--json"]
    on_dask = output([*base, "--scheduler", scheduler], capsys)
    on_pool = output([*base, "--workers", "2"], capsys)
    assert on_dask == on_pool
    assert on_dask["replications"]["count"] >= 5 and "target" in on_dask["replications"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ([], "--scheduler: runs replications on the cluster"),
        (["--replications", "3", "--workers", "2"], "give --workers or --scheduler"),
    ],
)
def test_scheduler_misuse_is_a_clear_error(
    design: str, capsys, extra: list[str], words: str
) -> None:
    """--scheduler on a single run, or beside --workers, is refused with one line."""
    assert main(["run", design, "--scheduler", "tcp://127.0.0.1:1", *extra]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_an_unreachable_scheduler_is_a_clear_error(design: str, capsys) -> None:
    """A scheduler nobody listens on: exit 1 naming --scheduler, no traceback."""
    argv = ["run", design, "--replications", "2", "--scheduler", "tcp://127.0.0.1:9"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "cannot start the workers" in err and "Traceback" not in err


def test_target_ci_uses_the_pricing_option(design: str, tmp_path: Path, capsys) -> None:
    """--target-ci prices the runs with --pricing like a plain run (a doubled table
    doubles the cost)."""
    import yaml

    root = Path(__file__).resolve().parents[2] / "assets" / "pricing" / "aws-us-east-1.yaml"
    table = yaml.safe_load(root.read_text())
    base = ["run", design, "--target-ci", "0.5", "--max-replications", "5", "--json"]
    plain = output(base, capsys)["cost"]["total"]
    doubled = _double(table)
    path = tmp_path / "double.yaml"
    path.write_text(yaml.safe_dump(doubled))
    assert output([*base, "--pricing", str(path)], capsys)["cost"]["total"] == pytest.approx(
        2 * plain, rel=1e-4
    )


def _double(value: object) -> object:
    """The table with every `price` doubled."""
    if isinstance(value, dict):
        return {k: v * 2 if k == "price" else _double(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_double(v) for v in value]
    return value
