"""Run menu: the price table a design's runs use and the free tier (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import BACKLOG_YAML, run_and_wait

from designer.run.pricing import FREE_TIER_KEY
from simulator.cost import DEFAULT_PATH


def _open_backlog(window, tmp_path: Path) -> Path:
    path = tmp_path / "backlog.yaml"
    path.write_text(BACKLOG_YAML, encoding="utf-8")
    assert window.open_file(path, ask=False)
    return path


def _prices(tmp_path: Path, lambda_per_million: float, name: str = "prices.yaml") -> Path:
    """The shipped table with another Lambda request price and date."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["items"]["lambda.requests"]["price"] = lambda_per_million
    data["date"] = "2027-01-01"
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_choosing_a_price_table_prices_the_next_run_with_it(window, ui, tmp_path):
    """Run > Price table… with a table beside the design: scenario.pricing becomes its
    relative name, the menu names its date, the run's Lambda requests cost its price;
    undo goes back to the shipped table."""
    _open_backlog(window, tmp_path)
    ui.pricing.ask_path = lambda start: str(_prices(tmp_path, 2.0))
    ui.pricing.table_action.trigger()
    assert window.doc.topology.scenario.pricing == "prices.yaml"
    assert ui.pricing.table_action.text() == "Price table: us-east-1, 2027-01-01 (prices.yaml)…"
    record = run_and_wait(ui, duration=30)
    cost = record.result.cost
    invocations = record.result.usage["worker"]["invocations"]
    requests = [line for line in cost.lines if line.item == "lambda.requests"]
    assert requests[0].cost == pytest.approx(invocations * 2.0e-6)
    assert "2027-01-01" in ui.results.headline.text()
    window.doc.undo_stack.undo()
    assert window.doc.topology.scenario.pricing is None
    assert ui.pricing.table_action.text().endswith("(shipped)…")
    assert not ui.pricing.shipped_action.isEnabled()


def test_a_broken_price_table_is_refused_with_the_reason(window, ui, tmp_path, prompts):
    """A table missing an item is not taken: the error names the item, the design keeps
    the shipped table."""
    _open_backlog(window, tmp_path)
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    del data["items"]["sns.publishes"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    ui.pricing.ask_path = lambda start: str(broken)
    ui.pricing.table_action.trigger()
    assert window.doc.topology.scenario.pricing is None
    assert prompts.errors and "items.sns.publishes: missing" in prompts.errors[-1][1]


def test_use_the_shipped_table_clears_the_designs_choice(window, ui, tmp_path):
    """A table in a subfolder of the design's is kept relative to it; *Use the shipped
    price table* then clears scenario.pricing."""
    _open_backlog(window, tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    chosen = _prices(other, 0.2)
    ui.pricing.ask_path = lambda start: str(chosen)
    ui.pricing.table_action.trigger()
    assert window.doc.topology.scenario.pricing == "elsewhere/prices.yaml"
    ui.pricing.shipped_action.trigger()
    assert window.doc.topology.scenario.pricing is None


def test_free_tier_lowers_the_monthly_cost_and_is_remembered(window, ui, tmp_path):
    """With the free tier checked a run's monthly figure is lower than without (1 M Lambda
    requests and 400,000 GB-s free), the header says so, and the setting is kept."""
    _open_backlog(window, tmp_path)
    paid = run_and_wait(ui, duration=30).result.cost
    ui.pricing.free_tier_action.setChecked(True)
    free = run_and_wait(ui, duration=30).result.cost
    assert free.free_tier and not paid.free_tier
    assert free.total == pytest.approx(paid.total)
    assert free.monthly < paid.monthly
    assert "free tier off the month" in ui.results.headline.text()
    assert window.settings.value(FREE_TIER_KEY, type=bool) is True


def test_the_inspectors_price_notes_quote_the_designs_table(window, ui, tmp_path):
    """With a design table dated 2027-01-01 the memory note quotes that date; back on the
    shipped table it quotes the shipped date again."""
    from designer.look.prices import price_hint

    _open_backlog(window, tmp_path)
    ui.pricing.ask_path = lambda start: str(_prices(tmp_path, 0.2))
    ui.pricing.table_action.trigger()
    assert "(us-east-1, 2027-01-01)" in price_hint("memory_mb")
    ui.pricing.shipped_action.trigger()
    assert "2027-01-01" not in price_hint("memory_mb")
    assert "(us-east-1, 2026-" in price_hint("memory_mb")
