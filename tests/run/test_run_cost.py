"""Cost in the designer: the Results header and table, and the cost change in Compare runs."""

from __future__ import annotations

from conftest import open_example, run_and_wait


def test_results_show_cost_per_node_and_the_monthly_total(window, ui):
    """After a run the header gives the run's cost, the month's and per million events; the
    per-node table has a $/month column filled for the nodes that cost something."""
    open_example(window, "ecommerce")
    record = run_and_wait(ui, duration=60)
    cost = record.result.cost
    assert cost is not None and cost.total > 0
    text = ui.results.headline.text()
    assert "Cost:" in text and "a month" in text and "per million events" in text
    table = ui.results.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    col = headers.index("Cost $/month")
    cells = {table.item(r, 0).text(): table.item(r, col).text() for r in range(table.rowCount())}
    assert cells["bus"].replace(",", "").replace(".", "").isdigit()
    assert cells["web"] == ""  # producers cost nothing


def test_compare_runs_shows_the_cost_change_line_by_line(window, ui):
    """Raising a function's memory raises its duration cost: Compare runs lists the monthly
    total and the function's GB-seconds line with a positive change."""
    open_example(window, "ecommerce")
    first = run_and_wait(ui, duration=60)
    window.editor.set_param("payments", "memory_mb", 1024)
    second = run_and_wait(ui, duration=60)
    compare = ui.compare
    compare.choose(first.number, second.number)
    rows = {compare.table.item(r, 0).text(): r for r in range(compare.table.rowCount())}
    assert "cost $/month" in rows
    row = rows["payments: GB-seconds $/month"]
    assert compare.table.item(row, 4).text().startswith("+")
    assert second.result.cost.monthly > first.result.cost.monthly


def test_cost_overlay_badges_nodes_with_their_monthly_cost(window, ui):
    """Run > Show cost on canvas badges each costing node with $/month; unchecking it brings
    the run figures back."""
    open_example(window, "ecommerce")
    run_and_wait(ui, duration=60)
    ui.cost_action.setChecked(True)
    badges = ui.overlay._badges
    assert badges["bus"][0] is not None and badges["bus"][0].endswith("/month")
    assert badges.get("web", (None, None))[0] is None  # a producer costs nothing
    ui.cost_action.setChecked(False)
    assert not (ui.overlay._badges.get("bus", (None,))[0] or "").endswith("/month")


def test_header_names_the_prices_and_sets_polling_beside_deliveries():
    """The cost line names the price table's Region and date; each polled queue's empty
    receives are set beside what its other requests cost and the messages it delivered."""
    from types import SimpleNamespace

    from designer.run.results import _cost_html
    from simulator.engine import run
    from simulator.model import Edge, Node, Scenario, Topology

    load = {"profile": "constant", "rate": 0.05}  # one message every 20 s: mostly idle
    nodes = [Node("web", "producer", params={"load": load}), Node("q", "queue")]
    nodes.append(Node("fn", "consumer", params={"service_time": 0.1}))
    topology = Topology("t", nodes, [Edge("web", "q"), Edge("q", "fn")], Scenario(600, seed=1))
    result = run(topology)
    cost = result.cost
    html = _cost_html(cost.to_json_dict(), None, SimpleNamespace(result=result))
    assert f"({cost.prices.region} prices of {cost.prices.date})" in html
    delivered = result.nodes["q"]["processed"]
    assert delivered == 29
    idle = sum(line.cost for line in cost.lines if line.what.startswith("empty"))
    rest = sum(line.cost for line in cost.lines if line.node == "q") - idle
    expected = (
        f"q: polling ${idle * cost.scale:,.2f}/month beside ${rest * cost.scale:,.2f} "
        f"for the 29 messages it delivered"
    )
    assert expected in html
