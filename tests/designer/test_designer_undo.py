"""Undo/redo: every edit is a command, and any sequence of them undoes exactly."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF

from designer.canvas.scene import TopologyScene
from designer.document import UNSET, Document
from designer.editing import Editor
from designer.paths import EXAMPLES
from simulator.files import load
from simulator.model import EDGE_KINDS, KINDS, Fault

ECOMMERCE = load(EXAMPLES / "ecommerce.yaml")
SESSIONS = st.sampled_from([None, "a", "b"])


def _number(param, draw):
    low = param.minimum if param.minimum is not None else 0
    high = param.maximum if param.maximum is not None else low + 1000
    value = draw(st.integers(int(low), int(high)))
    if param.exclusive_minimum and value <= low:
        value = int(low) + 1
    return value


def _edit(data, doc: Document, editor: Editor) -> None:
    """One random user edit (some are refused, which must change nothing)."""
    ids = [n.id for n in doc.topology.nodes]
    keys = [e.key for e in doc.topology.edges]
    op = data.draw(
        st.sampled_from(
            [
                "add",
                "delete",
                "move",
                "connect",
                "param",
                "label",
                "rename",
                "layout",
                "paste",
                "pattern",
                "duration",
                "faults",
                "unset",
            ]
        )
    )
    if op == "add" or not ids:
        kind = data.draw(st.sampled_from(list(KINDS)))
        editor.add_node(
            kind, (data.draw(st.integers(-500, 500)), data.draw(st.integers(-500, 500)))
        )
    elif op == "delete":
        nodes = data.draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        edges = data.draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)) if keys else []
        editor.delete(nodes, edges)
    elif op == "move":
        moved = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        editor.move(
            {
                i: (data.draw(st.integers(-900, 900)), data.draw(st.integers(-900, 900)))
                for i in moved
            }
        )
    elif op == "connect":
        editor.connect(
            data.draw(st.sampled_from(ids)),
            data.draw(st.sampled_from(ids)),
            data.draw(st.sampled_from(EDGE_KINDS)),
        )
    elif op in ("param", "unset"):
        node = doc.node(data.draw(st.sampled_from(ids)))
        param = data.draw(st.sampled_from(node.spec.params))
        if op == "unset":
            value = UNSET
        elif param.type in ("int", "number"):
            value = _number(param, data.draw)
        elif param.type == "bool":
            value = data.draw(st.booleans())
        elif param.type == "distribution":
            value = {"dist": "exponential", "mean": data.draw(st.integers(1, 9)) / 10}
        else:
            return
        editor.set_param(node.id, param.name, value, data.draw(SESSIONS))
    elif op == "label":
        editor.set_label(
            data.draw(st.sampled_from(ids)),
            data.draw(st.text("abc XY", max_size=6)),
            data.draw(SESSIONS),
        )
    elif op == "rename":
        editor.rename(
            data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(["n1", "n2", "web", "q-9"]))
        )
    elif op == "layout":
        editor.auto_layout()
    elif op == "paste":
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
        editor.paste(editor.copy_text(chosen), (40, 40))
    elif op == "pattern":
        rules = [k for k in keys if doc.node(k[0]).kind == "router"]
        if rules:
            types = data.draw(
                st.lists(st.sampled_from(["A", "B", "OrderPlaced"]), min_size=1, max_size=2)
            )
            editor.set_edge(
                data.draw(st.sampled_from(rules)),
                "pattern",
                {"detail-type": types},
                data.draw(SESSIONS),
            )
    elif op == "duration":
        editor.set_scenario("duration", data.draw(st.integers(100, 5000)), data.draw(SESSIONS))
    elif op == "faults":
        fault = Fault(data.draw(st.sampled_from(ids)), "outage", data.draw(st.integers(0, 99)), 10)
        editor.set_scenario("faults", [*doc.topology.scenario.faults, fault])


def _check_scene(doc: Document, scene: TopologyScene) -> None:
    assert list(scene.node_items) == [n.id for n in doc.topology.nodes] or set(
        scene.node_items
    ) == {n.id for n in doc.topology.nodes}
    assert set(scene.edge_items) == {e.key for e in doc.topology.edges}
    for node in doc.topology.nodes:
        item = scene.node_items[node.id]
        assert node.position is None or (item.pos().x(), item.pos().y()) == node.position


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_undo_redo_of_random_edits_restores_model_exactly(qapp, data):
    """Undoing any sequence of edits step by step gives back each earlier model; redo replays."""
    doc = Document(copy.deepcopy(ECOMMERCE))
    editor = Editor(doc)
    scene = TopologyScene(doc, editor)
    snapshots = {0: copy.deepcopy(doc.topology)}
    for _ in range(data.draw(st.integers(1, 14))):
        _edit(data, doc, editor)
        snapshots[doc.undo_stack.index()] = copy.deepcopy(doc.topology)
    final, count = copy.deepcopy(doc.topology), doc.undo_stack.index()
    for index in range(count, 0, -1):
        assert doc.topology == snapshots[index]
        doc.undo_stack.undo()
    assert doc.topology == ECOMMERCE
    _check_scene(doc, scene)
    for index in range(1, count + 1):
        doc.undo_stack.redo()
        assert doc.topology == snapshots[index]
    assert doc.topology == final
    _check_scene(doc, scene)


def test_delete_node_with_edges_is_one_step(shop, window):
    """Deleting a node removes its edges in the same undo step; undo puts all back in place."""
    before = copy.deepcopy(window.doc.topology)
    shop.click_node("orders")
    window.actions_["delete"].trigger()
    assert not window.doc.topology.has_node("orders")
    assert all("orders" not in (e.source, e.target) for e in window.doc.topology.edges)
    window.doc.undo_stack.undo()
    assert window.doc.topology == before


def test_drag_is_one_move_step(shop, window):
    """Dragging a node is one command, recorded on release."""
    count = window.doc.undo_stack.count()
    start = window.doc.node("bus").position
    shop.drag_node("bus", 100, 60)
    assert window.doc.undo_stack.count() == count + 1
    moved = window.doc.node("bus").position
    assert moved != start and moved[0] % 20 == 0 and moved[1] % 20 == 0  # snapped to the grid
    window.doc.undo_stack.undo()
    assert window.doc.node("bus").position == start
    assert window.scene.node_items["bus"].pos() == QPointF(*start)


def test_auto_layout_is_one_step_left_to_right(shop, window):
    """Auto-layout places producers left of the bus, the bus left of its targets; one undo."""
    before = copy.deepcopy(window.doc.topology)
    window.actions_["layout"].trigger()
    pos = {n.id: n.position for n in window.doc.topology.nodes}
    assert pos["web"][0] < pos["bus"][0] < pos["orders"][0] < pos["payments"][0]
    assert pos["orders"][0] < pos["orders-dlq"][0]
    assert len({p for p in pos.values()}) == len(pos)  # no two cards on the same spot
    window.doc.undo_stack.undo()
    assert window.doc.topology == before


def test_replays_follow_renames_and_deletions_and_undo_restores_them(window, tmp_path):
    """Renaming a router or a rule's target renames it in the replays; deleting a replay's
    router removes the replay, deleting one of its rules drops that rule; undo restores."""
    from simulator.model.archive import Replay

    source = EXAMPLES / "cross-account-replay.yaml"
    copy = tmp_path / "cross.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_file(copy, ask=False)
    doc, editor = window.doc, window.editor
    scenario = doc.topology.scenario
    replay = scenario.replays[0]
    editor.set_scenario("replays", [Replay(replay.router, 540, 960, 1200, "fix",
                                           ("partner-ledger", "central-bus"))])  # fmt: skip
    editor.rename("partner-bus", "west-bus")
    editor.rename("partner-ledger", "ledger")
    assert [(r.router, r.rules) for r in doc.topology.scenario.replays] == [
        ("west-bus", ("ledger", "central-bus"))
    ]
    editor.delete(["ledger"], [])
    assert doc.topology.scenario.replays[0].rules == ("central-bus",)
    editor.delete(["west-bus"], [])
    assert doc.topology.scenario.replays == []
    for _ in range(4):
        doc.undo_stack.undo()
    assert [(r.router, r.rules) for r in doc.topology.scenario.replays] == [
        ("partner-bus", ("partner-ledger", "central-bus"))
    ]
