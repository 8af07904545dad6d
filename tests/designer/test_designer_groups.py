"""Region and account boxes on the canvas (issue 16): drawn from the nodes' keys, and a
card dropped into another group's box joins that group as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from designer.canvas.groups import GroupBox, compute_groups
from designer.inspector.access import SCENARIO_REGION
from simulator.model import Node, Scenario, Topology


def _two_regions() -> Topology:
    """A producer in the scenario's Region, a bus and a consumer in us-west-2."""
    return Topology(
        name="regions",
        nodes=[
            Node("src", "producer", "Source", (0.0, 0.0)),
            Node("bus", "router", "Bus", (600.0, 0.0), {"region": "us-west-2"}),
            Node("work", "consumer", "Worker", (600.0, 200.0), {"region": "us-west-2"}),
        ],
    )


def _boxes(window) -> dict[str, GroupBox]:
    return {
        i.info.title(): i for i in window.scene.items() if isinstance(i, GroupBox) and i.isVisible()
    }


def test_boxes_drawn_only_for_several_regions(window, ui):
    """One Region and account: no boxes; two Regions: one labelled box per Region."""
    window.doc.reset(Topology(nodes=[Node("a", "producer", "", (0.0, 0.0))]))
    ui.process()
    assert _boxes(window) == {}
    window.doc.reset(_two_regions())
    ui.process()
    assert set(_boxes(window)) == {"Region us-east-1", "Region us-west-2"}
    west = _boxes(window)["Region us-west-2"].info.rect
    for node_id in ("bus", "work"):
        assert west.contains(window.scene.node_items[node_id].sceneBoundingRect().center())


def test_drag_into_another_region_sets_it_and_undo_restores(window, ui):
    """Dragging a card into another Region's box sets its `region` with the move, as one
    undo step; undo puts both the position and the Region back."""
    window.doc.reset(_two_regions())
    ui.process()
    steps = window.doc.undo_stack.count()
    ui.click_node("src")
    ui.drag_node("src", 600, 100)  # into the us-west-2 box, between the bus and the worker
    assert window.doc.node("src").params.get("region") == "us-west-2"
    assert window.doc.node("src").position == (600.0, 100.0)
    assert window.doc.undo_stack.count() == steps + 1
    assert "us-west-2" in window.doc.undo_stack.undoText()
    ui.process()
    assert set(_boxes(window)) == set()  # all in one Region and account now
    window.doc.undo_stack.undo()
    ui.process()
    assert "region" not in window.doc.node("src").params
    assert window.doc.node("src").position == (0.0, 0.0)
    assert set(_boxes(window)) == {"Region us-east-1", "Region us-west-2"}


def test_drag_out_to_empty_canvas_changes_only_the_position(window, ui):
    """A card dragged out of its Region's box onto empty canvas keeps its Region."""
    window.doc.reset(_two_regions())
    ui.process()
    ui.click_node("work")
    ui.drag_node("work", 0, 600)
    assert window.doc.node("work").params.get("region") == "us-west-2"
    assert window.doc.node("work").position == (600.0, 800.0)
    assert window.doc.undo_stack.undoText() == "Move"


def test_drop_into_account_box_sets_account(window, ui):
    """With two accounts, dropping a card into the other account's box sets `account`
    (back to the scenario's account: the key is removed, not written)."""
    nodes = [
        Node("a", "producer", "", (0.0, 0.0), {"account": "111122223333"}),
        Node("b", "router", "", (0.0, 400.0)),
    ]
    window.doc.reset(Topology(nodes=nodes))
    ui.process()
    assert set(_boxes(window)) == {"Account 111122223333", "Account 123456789012"}
    ui.click_node("a")
    ui.drag_node("a", 0, 360)  # into the scenario account's box, on top of b
    assert "account" not in window.doc.node("a").params
    window.doc.undo_stack.undo()
    assert window.doc.node("a").params["account"] == "111122223333"


def test_view_menu_switch_shows_boxes_for_one_region(window, ui):
    """View > Region and Account Boxes draws the boxes for a design in one Region too."""
    window.doc.reset(Topology(nodes=[Node("a", "producer", "", (0.0, 0.0))]))
    ui.process()
    window.actions_["group_boxes"].trigger()
    ui.process()
    assert set(_boxes(window)) == {"Region us-east-1", "Account 123456789012"}
    window.actions_["group_boxes"].trigger()
    ui.process()
    assert _boxes(window) == {}


def test_groups_of_200_nodes_are_quick():
    """Computing the boxes of 200 nodes in 4 Regions takes well under a frame."""
    import time

    from PySide6.QtCore import QPointF

    regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]
    nodes = [
        Node(f"n{i}", "consumer", "", (i * 10.0, 0.0), {"region": regions[i % 4]})
        for i in range(200)
    ]
    topology = Topology(nodes=nodes)
    positions = {n.id: QPointF(*n.position) for n in nodes}
    started = time.perf_counter()
    for _ in range(10):
        groups = compute_groups(topology, positions)
    assert (time.perf_counter() - started) / 10 < 0.01
    assert len(groups) == 4


def test_inspector_edits_region_from_a_list_and_checks_the_account(window, ui):
    """The inspector's Region is a list of known Regions (first: the scenario's); an
    account that is neither a 12-digit id nor a name is refused with the reason."""
    window.doc.reset(_two_regions())
    ui.process()
    ui.click_node("src")
    form = ui.form()
    region = form.fields["region"]
    ui.choose(region.combo, "eu-west-1")
    assert window.doc.node("src").params["region"] == "eu-west-1"
    assert region.combo.itemText(0) == f"{SCENARIO_REGION} (us-east-1)"
    assert form.fields["account"].line.placeholderText() == "the scenario's: 123456789012"
    ui.choose(region.combo, f"{SCENARIO_REGION} (us-east-1)")
    assert "region" not in window.doc.node("src").params
    account = form.fields["account"]
    ui.type_into(account.line, "12345")
    assert "account" not in window.doc.node("src").params
    assert account.error.isVisible()
    ui.type_into(account.line, "222233334444")
    assert window.doc.node("src").params["account"] == "222233334444"


def test_inspector_policy_editor_builds_statements(window, ui):
    """A router's policy is edited statement by statement: Add statement, pick Deny, type
    the principal; a bad principal is refused with the statement's number, a good one sets
    the policy; removing the last statement removes the key; undo brings it back."""
    window.doc.reset(_two_regions())
    ui.process()
    ui.click_node("bus")
    policy = ui.form().fields["policy"]
    QTest.mouseClick(policy.add, Qt.MouseButton.LeftButton)
    row = policy.rows[0]
    ui.choose(row.effect, "Deny")
    ui.type_into(row.principals, "12345")
    assert "policy" not in window.doc.node("bus").params
    assert "statement 0 principals[0]" in policy.error.text()
    ui.type_into(row.principals, "444455556666, *")
    QTest.mouseClick(row.action_boxes["subscribe"], Qt.MouseButton.LeftButton)
    ui.type_into(row.condition, "{source: [rogue.app]}")
    assert "subscribe statements cannot have one" in policy.error.text()
    QTest.mouseClick(row.action_boxes["subscribe"], Qt.MouseButton.LeftButton)
    assert window.doc.node("bus").params["policy"] == [
        {
            "effect": "Deny",
            "principals": ["444455556666", "*"],
            "actions": ["publish"],
            "condition": {"source": ["rogue.app"]},
        }
    ]
    QTest.mouseClick(row.remove, Qt.MouseButton.LeftButton)
    ui.process()
    assert "policy" not in window.doc.node("bus").params
    window.doc.undo_stack.undo()
    ui.process()
    assert window.doc.node("bus").params["policy"][0]["effect"] == "Deny"
    assert ui.form().fields["policy"].rows[0].principals.text() == "444455556666, *"


def test_scrolling_the_inspector_over_the_region_list_keeps_the_region(window, ui):
    """A wheel turn over the (unfocused) Region list scrolls the page, not the Region."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window.doc.reset(_two_regions())
    ui.process()
    ui.click_node("bus")
    combo = ui.form().fields["region"].combo
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(
        centre, QPointF(combo.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(combo, wheel)
    ui.process()
    assert window.doc.node("bus").params["region"] == "us-west-2"
    assert combo.currentData() == "us-west-2"


def test_scenario_region_moves_the_nodes_that_set_none(window, ui):
    """The scenario form's default Region is where nodes without `region` run: changing it
    relabels their box; an account that is not valid is refused with the reason."""
    window.doc.reset(_two_regions())
    ui.process()
    ui.click_empty()
    form = ui.form()
    ui.choose(form.fields["region"].combo, "eu-west-1")
    assert window.doc.topology.scenario.region == "eu-west-1"
    ui.process()
    assert set(_boxes(window)) == {"Region eu-west-1", "Region us-west-2"}
    ui.type_into(form.fields["account"].line, "12345")
    assert form.fields["account"].error.isVisible()
    assert window.doc.topology.scenario.account == "123456789012"
    window.doc.undo_stack.undo()
    ui.process()
    assert set(_boxes(window)) == {"Region us-east-1", "Region us-west-2"}


def test_region_outage_fault_names_a_region(window, ui):
    """In the faults table, picking region-outage lists Regions instead of nodes; the
    fault stored names the Region (no node), and a file's region-outage shows its Region."""
    from designer.inspector.faults import FaultsEditor
    from simulator.model import Fault
    from simulator.model.regions import region_codes

    window.doc.reset(_two_regions())
    ui.process()
    ui.click_empty()
    faults: FaultsEditor = ui.form().faults
    faults.add_button.click()
    ui.process()
    ui.choose(faults.table.cellWidget(0, 1), "region-outage")
    targets = ui.form().faults.table.cellWidget(0, 0)  # the table was rebuilt from the model
    assert targets.findText("us-west-2") >= 0 and targets.findText("src") < 0
    first = window.doc.topology.scenario.faults[0]
    assert (first.node, first.kind, first.region) == ("", "region-outage", region_codes()[0])
    ui.choose(targets, "us-west-2")
    stored = window.doc.topology.scenario.faults
    assert stored == [Fault("", "region-outage", 60, 30, region="us-west-2")]
    window.doc.undo_stack.undo()
    assert window.doc.topology.scenario.faults[0].region == region_codes()[0]
    window.doc.reset(
        Topology(
            nodes=_two_regions().nodes,
            scenario=Scenario(faults=[Fault("", "region-outage", 5, 10, region="eu-west-1")]),
        )
    )
    ui.process()
    ui.click_empty()
    table = ui.form().faults.table
    assert table.cellWidget(0, 0).currentText() == "eu-west-1"
    ui.choose(table.cellWidget(0, 1), "outage")
    assert window.doc.topology.scenario.faults == [Fault("src", "outage", 5, 10)]
    assert ui.form().faults.table.cellWidget(0, 0).currentText() == "src"


def test_edge_between_regions_names_its_default_latency(window, ui):
    """An edge between Regions without its own latency says which latency it gets: the
    typical one-way latency between the two Regions (the engine's default)."""
    from simulator.model import Edge
    from simulator.model.regions import one_way_seconds

    topology = _two_regions()
    topology.edges = [Edge("src", "bus"), Edge("bus", "work")]
    window.doc.reset(topology)
    ui.process()
    ui.click_edge("src", "bus")
    combo = ui.form().latency.combo
    ms = one_way_seconds("us-east-1", "us-west-2") * 1000
    assert combo.currentText() == f"none set: {ms:.1f} ms, typical us-east-1 → us-west-2"
    ui.click_edge("bus", "work")
    assert ui.form().latency.combo.currentText() == "none"


def test_a_label_covered_by_a_card_moves_to_the_bottom_edge():
    """When another group's card covers the top edge of a box, its label goes along the
    bottom edge instead (where no card is); otherwise it stays on top."""
    from PySide6.QtCore import QPointF

    nodes = [
        Node("a", "consumer", "", (0.0, 0.0), {"region": "us-west-2"}),
        Node("b", "consumer", "", (0.0, -60.0)),  # us-east-1, right over a's box label
    ]
    topology = Topology(nodes=nodes)
    positions = {n.id: QPointF(*n.position) for n in nodes}
    sides = {g.title(): g.bottom for g in compute_groups(topology, positions)}
    assert sides == {"Region us-west-2": True, "Region us-east-1": False}


def test_a_card_dropped_from_the_palette_into_a_region_box_runs_there(window, ui):
    """A new node dropped from the palette into another Region's box gets that Region (one
    Add step); dropped on empty canvas it keeps the scenario's."""
    from PySide6.QtCore import QPointF

    window.doc.reset(_two_regions())
    ui.process()
    steps = window.doc.undo_stack.count()
    inside = ui.drop_kind("queue", QPointF(682, 138))  # centre between the bus and the worker
    assert window.doc.node(inside).params["region"] == "us-west-2"
    assert window.doc.undo_stack.count() == steps + 1
    outside = ui.drop_kind("queue", QPointF(300, 700))
    assert "region" not in window.doc.node(outside).params


def test_auto_layout_puts_each_region_in_a_band_of_its_own(window, ui):
    """Auto-layout of a design in two Regions and two accounts gives each group a band:
    no two boxes of the same level overlap; a design in one Region is laid out as before."""
    from designer.canvas.layout import layered_positions
    from simulator.layout import layered_positions as plain_layout
    from simulator.model import Edge

    nodes = [
        Node("a", "producer"),
        Node("bus", "router"),
        Node("far", "router", "", None, {"region": "us-west-2"}),
        Node("q", "queue", "", None, {"account": "111122223333"}),
        Node("w", "consumer", "", None, {"region": "us-west-2"}),
    ]
    edges = [Edge("a", "bus"), Edge("bus", "far"), Edge("bus", "q"), Edge("far", "w")]
    window.doc.reset(Topology(nodes=nodes, edges=edges))
    window.actions_["layout"].trigger()
    ui.process()
    boxes = [i.info for i in window.scene.items() if isinstance(i, GroupBox)]
    for level in (0, 1):
        rects = [b.rect for b in boxes if b.level == level]
        assert len(rects) >= 2
        assert not any(r.intersects(s) for i, r in enumerate(rects) for s in rects[i + 1 :])
    single = Topology(nodes=[Node("a", "producer"), Node("b", "router")], edges=[Edge("a", "b")])
    assert layered_positions(single) == plain_layout(single)


def test_a_narrow_box_label_stays_legible_when_zoomed_out(qapp):
    """A one-card account box at 43% zoom (the example opens so) drew 'Account 3333...'
    in 8 scene pixels, 3 on screen; now the label is at least 8 screen pixels high,
    falling back to the account id alone, and the full title where it fits (100%)."""
    from PySide6.QtCore import QPointF

    from designer.canvas.groups import PAD
    from designer.canvas.node_item import WIDTH

    legible = 8.0  # screen pixels

    def _pixels(font) -> float:
        return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72

    stranger = Node("a", "producer", "", (0.0, 0.0), {"account": "333333333333"})
    topology = Topology(nodes=[stranger, Node("b", "router", "", (0.0, 300.0))])
    positions = {"a": QPointF(0, 0), "b": QPointF(0, 300)}
    group = next(g for g in compute_groups(topology, positions) if g.account == "333333333333")
    room = group.rect.width() - 20
    assert room <= WIDTH + 2 * PAD - 20 + 1  # one card wide
    font, text = GroupBox(group)._label(0.43, room)
    assert _pixels(font) * 0.43 >= legible
    assert text == "333333333333"
    font, text = GroupBox(group)._label(1.0, room)
    assert text == "Account 333333333333" and _pixels(font) >= legible
