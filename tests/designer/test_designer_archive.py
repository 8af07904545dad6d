"""A router's archive and the scenario's replays edited in the inspector (issue 16): a
design that archives and replays can be made in the designer, not only in its file."""

from __future__ import annotations

from simulator.model import Edge, Node, Replay, Scenario, Topology


def _bus(archive: dict | None = None) -> Topology:
    """A producer, a bus (with `archive` if given) and two consumers behind it."""
    params = {"archive": archive} if archive is not None else {}
    return Topology(
        name="archive",
        nodes=[
            Node("p", "producer", "", (0.0, 0.0)),
            Node("bus", "router", "", (300.0, 0.0), params),
            Node("a", "consumer", "", (600.0, 0.0)),
            Node("b", "consumer", "", (600.0, 200.0)),
        ],
        edges=[Edge("p", "bus"), Edge("bus", "a"), Edge("bus", "b")],
        scenario=Scenario(duration=1200),
    )


def test_typing_an_archive_sets_it_and_undo_removes_it(window, ui):
    """The router's Archive box takes YAML: a bad retention is refused with the reader's
    reason (the model keeps no archive), a good archive is stored as an object (it was a
    plain text field that stored nothing but strings, which the check refused), and undo
    takes it away again."""
    window.doc.reset(_bus())
    ui.process()
    ui.click_node("bus")
    archive = ui.form().fields["archive"]
    ui.set_text(archive, "retention: -5")
    assert "archive" not in window.doc.node("bus").params
    assert "retention: must be > 0 s" in archive.error.text()
    ui.set_text(archive, "pattern: {source: [shop]}\nretention: 3600")
    stored = window.doc.node("bus").params["archive"]
    assert stored == {"pattern": {"source": ["shop"]}, "retention": 3600}
    archive.text.clearFocus()
    window.doc.undo_stack.undo()
    ui.process()
    assert "archive" not in window.doc.node("bus").params


def test_replays_are_added_edited_checked_and_undone_in_the_scenario(window, ui):
    """Add replay makes a replay of the archived bus; a window ending after the replay
    starts is refused with the reader's reason; rules and a name are typed in their cells;
    every accepted edit is a step undo takes back."""
    window.doc.reset(_bus({"retention": 86400}))
    ui.process()
    ui.click_empty()
    replays = ui.form().replays
    replays.add_button.click()
    ui.process()
    assert window.doc.topology.scenario.replays == [Replay("bus", 0, 300, 600)]
    table = ui.form().replays.table
    table.item(0, 2).setText("900")  # To after At
    ui.process()
    assert "at: must be >= to (900)" in ui.form().replays.error.text()
    assert window.doc.topology.scenario.replays == [Replay("bus", 0, 300, 600)]
    table = ui.form().replays.table
    table.item(0, 2).setText("400")
    table.item(0, 5).setText("b")
    table.item(0, 4).setText("recover")
    ui.process()
    expected = Replay("bus", 0, 400, 600, "recover", ("b",))
    assert window.doc.topology.scenario.replays == [expected]
    ui.form().replays.table.item(0, 5).setText("nowhere")
    ui.process()
    assert "has no rule to 'nowhere'" in ui.form().replays.error.text()
    assert window.doc.topology.scenario.replays == [expected]
    window.doc.undo_stack.undo()
    window.doc.undo_stack.undo()
    window.doc.undo_stack.undo()
    ui.process()
    assert window.doc.topology.scenario.replays == [Replay("bus", 0, 300, 600)]


def test_add_replay_without_an_archive_says_what_is_missing(window, ui):
    """With no router keeping an archive, Add replay adds nothing and says so."""
    window.doc.reset(_bus())
    ui.process()
    ui.click_empty()
    replays = ui.form().replays
    replays.add_button.click()
    ui.process()
    assert window.doc.topology.scenario.replays == []
    assert "archive first" in ui.form().replays.error.text()


def test_the_example_shows_its_archive_and_replay(window, ui):
    """The cross-account example's partner bus shows its archive as YAML, and the scenario
    lists its replay with the bus, window, start and name."""
    from designer.paths import EXAMPLES

    assert window.open_file(EXAMPLES / "cross-account-replay.yaml", ask=False)
    ui.process()
    ui.click_empty()
    table = ui.form().replays.table
    cells = [table.item(0, col).text() for col in range(1, 6)]
    assert table.cellWidget(0, 0).currentText() == "partner-bus"
    assert cells == ["540", "960", "1200", "recover-central", ""]
    ui.click_node("partner-bus")
    text = ui.form().fields["archive"].text.toPlainText()
    assert "partner.app" in text and "retention: 86400" in text
