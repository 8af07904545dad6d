"""Price tables, the `cost` object of `run --json`, --pricing, --free-tier, scenario.pricing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from simulator.cli import main
from simulator.cost import DEFAULT_PATH, PricingError, default_prices, load_prices
from simulator.files import load

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
EXAMPLE = str(EXAMPLES / "ecommerce.yaml")
COST_KEYS = [
    "currency", "total", "services", "nodes", "requests", "per_million_events", "monthly",
]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_shipped_table_names_region_date_and_a_source_for_every_price() -> None:
    """The shipped table is dated, names its Region and cites an AWS pricing page per item."""
    prices = default_prices()
    assert (prices.region, prices.currency) == ("us-east-1", "USD")
    assert prices.date.startswith("2026-")
    for name, item in prices.items.items():
        assert item.source.startswith("https://aws.amazon.com/"), name
    assert prices.unit_price("lambda.requests") == pytest.approx(0.2e-6)


def test_a_broken_table_is_refused_with_the_key_named(tmp_path: Path) -> None:
    """A table missing an item or with a negative price names the item in the message."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    del data["items"]["sns.publishes"]
    data["items"]["sqs.fifo_requests"]["price"] = -1
    path = tmp_path / "prices.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(PricingError) as info:
        load_prices(path)
    assert "items.sns.publishes: missing" in str(info.value)
    assert "items.sqs.fifo_requests.price: must be a number >= 0" in str(info.value)


def test_run_json_has_the_cost_object(capsys: pytest.CaptureFixture[str]) -> None:
    """`run --json` gains `cost` with the contract's keys; totals add up."""
    code, out, _ = _run(capsys, EXAMPLE, "--duration", "120", "--warmup", "0", "--json")
    assert code == 0
    cost = json.loads(out)["cost"]
    assert list(cost) == COST_KEYS
    assert list(cost["services"]) == ["eventbridge", "sns", "sqs", "lambda", "stepfunctions"]
    assert cost["total"] == pytest.approx(sum(cost["services"].values()), abs=1e-7)
    assert cost["total"] == pytest.approx(sum(cost["nodes"].values()), abs=1e-7)
    assert cost["monthly"] == pytest.approx(cost["total"] * 730 * 3600 / 120, rel=1e-6)


def test_pricing_flag_selects_another_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--pricing FILE prices the run with that table: doubled prices, doubled bill."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for item in data["items"].values():
        item["price"] *= 2
    path = tmp_path / "double.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    _, base, _ = _run(capsys, EXAMPLE, "--duration", "60", "--warmup", "0", "--json")
    code, doubled, _ = _run(
        capsys, EXAMPLE, "--duration", "60", "--warmup", "0", "--json", "--pricing", str(path)
    )
    assert code == 0
    first, second = json.loads(base)["cost"], json.loads(doubled)["cost"]
    assert second["total"] == pytest.approx(2 * first["total"], rel=1e-6)
    assert second["requests"] == first["requests"]


def test_a_missing_pricing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--pricing with a file that does not exist: exit 1, the flag and file named, no traceback."""
    code, _, err = _run(capsys, EXAMPLE, "--pricing", "nowhere.yaml")
    assert code == 1
    assert "--pricing" in err and "nowhere.yaml" in err and "Traceback" not in err


def test_free_tier_lowers_the_monthly_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """--free-tier takes the monthly free amounts off `monthly`, not off the window's total."""
    _, paid, _ = _run(capsys, EXAMPLE, "--duration", "60", "--warmup", "0", "--json")
    _, free, _ = _run(capsys, EXAMPLE, "--duration", "60", "--warmup", "0", "--json", "--free-tier")
    first, second = json.loads(paid)["cost"], json.loads(free)["cost"]
    assert second["total"] == first["total"]
    assert 0 < second["monthly"] < first["monthly"]


def test_the_text_report_names_the_prices_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --json the cost line names the table's Region and date (another table's with
    --pricing) and says when the free tier was taken off the month."""
    _, out, _ = _run(capsys, EXAMPLE, "--duration", "60", "--warmup", "0")
    shipped = default_prices()
    assert f"per million events ({shipped.region} prices of {shipped.date})" in out
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data.update(region="eu-west-1", date="2027-02-01")
    path = tmp_path / "eu.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    argv = ("--duration", "60", "--warmup", "0", "--pricing", str(path), "--free-tier")
    _, out, _ = _run(capsys, EXAMPLE, *argv)
    assert "(eu-west-1 prices of 2027-02-01, free tier off the month)" in out


def test_scenario_pricing_is_read_relative_to_the_file(tmp_path: Path) -> None:
    """scenario.pricing names a table next to the topology; it survives a save and load."""
    data = yaml.safe_load((EXAMPLES / "ecommerce.yaml").read_text(encoding="utf-8"))
    data["scenario"]["pricing"] = "prices.yaml"
    data["scenario"].update(duration=30, warmup=0)
    (tmp_path / "prices.yaml").write_text(DEFAULT_PATH.read_text(encoding="utf-8"))
    (tmp_path / "shop.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    topology = load(str(tmp_path / "shop.yaml"))
    assert topology.scenario.pricing == "prices.yaml"
    from simulator.engine import resolve_prices

    assert resolve_prices(topology).path == str(tmp_path / "prices.yaml")


def test_replications_give_cost_intervals(capsys: pytest.CaptureFixture[str]) -> None:
    """With replications the cost figures are means with 95% half-widths."""
    code, out, _ = _run(
        capsys, EXAMPLE, "--duration", "30", "--warmup", "0", "--replications", "3", "--json"
    )
    assert code == 0
    summary = json.loads(out)
    assert summary["cost"]["monthly"] > 0
    assert summary["replications"]["ci95"]["cost"]["monthly"] is not None
    assert set(summary["replications"]["ci95"]["cost"]["services"]) == set(
        summary["cost"]["services"]
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("memory_mb", 64, "must be >= 128"),
        ("memory_mb", 20000, "must be <= 10240"),
        ("architecture", "arm", "must be one of x86_64, arm64"),
    ],
)
def test_consumer_price_parameters_are_checked(
    tmp_path: Path, key: str, value: object, message: str
) -> None:
    """memory_mb is 128-10240 MB and architecture x86_64 or arm64, else a clear problem."""
    from simulator.problems import TopologyError

    data = yaml.safe_load((EXAMPLES / "ecommerce.yaml").read_text(encoding="utf-8"))
    consumer = next(n for n in data["nodes"] if n["kind"] == "consumer")
    consumer[key] = value
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(TopologyError) as info:
        load(str(tmp_path / "t.yaml"))
    assert f"{key}: {message}" in info.value.report()
