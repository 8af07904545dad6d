"""Documents: save/open, the unsaved-changes prompt, broken files, recent files, exports."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, QUrl
from PySide6.QtGui import QImage
from tests_designer_helpers import ECOMMERCE
from ui_driver import UiDriver

from simulator.files import load


def test_save_open_round_trip(shop, window, prompts, tmp_path):
    """Saving and reopening gives back the same model, and the document is clean."""
    shop.click_node("payments")
    shop.type_param("concurrency", "7")
    target = tmp_path / "shop.yaml"
    prompts.save_paths.append(target)
    window.actions_["save_as"].trigger()
    assert target.exists()
    assert not window.doc.is_dirty and window.doc.path == target.resolve()
    saved = window.doc.topology
    assert window.open_file(target)
    assert window.doc.topology == saved == load(target)
    assert window.doc.node("payments").params["concurrency"] == 7


def test_title_has_star_when_dirty(shop, window):
    """The title gains '*' with the first edit and loses it when undone to the saved state."""
    assert "*" not in window.windowTitle()
    shop.drag_node("bus", 40, 40)
    assert window.windowTitle().startswith("ecommerce.yaml*")
    window.doc.undo_stack.undo()
    assert "*" not in window.windowTitle()


def test_close_with_changes_asks_and_cancel_keeps_window(shop, window, prompts):
    """Closing with unsaved changes asks; 'cancel' keeps the window and the changes."""
    shop.drag_node("bus", 40, 40)
    prompts.unsaved_answers.append("cancel")
    assert window.close() is False
    assert prompts.asked_unsaved == ["ecommerce.yaml"] and window.doc.is_dirty


def test_close_with_changes_save_writes_file(shop, window, prompts, tmp_path):
    """Answering 'save' on close writes the file before closing."""
    target = tmp_path / "copy.yaml"
    window.save_as(target)
    shop.drag_node("bus", 40, 40)
    prompts.unsaved_answers.append("save")
    assert window.close() is True
    assert load(target).node("bus").position == window.doc.node("bus").position


def test_open_with_changes_asks_first(shop, window, prompts):
    """Opening another file with unsaved changes asks; 'cancel' keeps the current design."""
    shop.drag_node("bus", 40, 40)
    prompts.unsaved_answers.append("cancel")
    assert window.open_file(ECOMMERCE) is False
    assert window.doc.is_dirty and prompts.asked_unsaved
    prompts.unsaved_answers.append("discard")
    assert window.open_file(ECOMMERCE) is True and not window.doc.is_dirty


def test_broken_file_lists_errors_and_changes_nothing(shop, window, prompts, tmp_path):
    """A broken file shows every problem (no traceback) and the current design stays."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "format: eventscape/topology\nversion: 1\nnodes:\n"
        "  - {id: q, kind: queue, visibility_timeout: -1}\n  - {id: x, kind: nope}\n"
        "edges: [{from: q, to: zz}]\n"
    )
    assert window.open_file(broken) is False
    _title, summary, problems = prompts.problems_shown[-1]
    assert "3 problems" in summary and len(problems) == 3
    assert any("visibility_timeout" in p for p in problems)
    assert window.doc.topology.name == "E-commerce orders"
    (tmp_path / "bad.json").write_text("{not json")
    assert window.open_file(tmp_path / "bad.json") is False
    assert prompts.problems_shown[-1][2]


def test_recent_files_remembered(window, tmp_path):
    """Opened files go to the top of the recent list, kept in the settings."""
    second = tmp_path / "second.yaml"
    second.write_text(ECOMMERCE.read_text())
    window.open_file(ECOMMERCE)
    window.open_file(second)
    assert window.recent_files()[:2] == [second.resolve(), ECOMMERCE.resolve()]
    window.fill_recent_menu()
    assert window.recent_menu.actions()[0].text().startswith("second.yaml")


def test_drop_file_on_window_opens_it(window, shop_file):
    """Dropping a topology file onto the canvas opens it."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(shop_file))])
    window.view.filesDropped.emit([u.toLocalFile() for u in data.urls()])
    assert window.doc.path == shop_file.resolve()


def test_new_document_is_blank_and_from_example(window):
    """New gives an empty canvas; New from example copies the example, unsaved."""
    window.new_document()
    assert window.doc.topology.nodes == [] and window.doc.path is None
    window.new_document(ECOMMERCE)
    assert len(window.doc.topology.nodes) == 9 and window.doc.path is None


def test_exports_write_every_format(shop, window, prompts, tmp_path):
    """Each CLI export format and the PNG/SVG pictures are written from the File menu."""
    for fmt in ("json", "yaml", "graphml", "mermaid", "dot"):
        path = tmp_path / f"out.{fmt}"
        prompts.export_paths.append(path)
        assert window.export_text(fmt)
        assert path.read_text().strip()
    assert "flowchart" in (tmp_path / "out.mermaid").read_text()
    assert window.export_picture("png", tmp_path / "canvas.png")
    image = QImage(str(tmp_path / "canvas.png"))
    assert image.width() > 1000 and image.height() > 600
    assert window.export_picture("svg", tmp_path / "canvas.svg")
    svg = (tmp_path / "canvas.svg").read_text()
    assert "<svg" in svg and "Payment service" in svg


def test_edit_then_save_cleans_document(window, shop_file):
    """An edit after opening makes the document dirty; saving writes it and cleans it."""
    window.open_file(shop_file)
    UiDriver(window).drop_kind("queue", QPointF(900, 300))
    assert window.doc.is_dirty
    assert window.save() and not window.doc.is_dirty
    assert len(load(shop_file).nodes) == 10


def test_sam_export_of_a_design_across_accounts_asks_which_side(window, prompts, tmp_path):
    """A design in two accounts and Regions: File > Export > SAM asks which side the
    template holds (the scenario's first); cancelling writes nothing."""
    from simulator.iac.cfn_decode import read_template

    source = ECOMMERCE.parent / "cross-account-replay.yaml"
    copy = tmp_path / "cross.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_file(copy, ask=False)
    out = tmp_path / "west.yaml"
    prompts.side_answers.append(1)
    prompts.export_paths.append(out)
    assert window.export_text("sam")
    assert prompts.sides_offered[-1] == [
        "111111111111 / us-east-1 (the scenario's)",
        "222222222222 / us-west-2",
    ]
    resources = read_template(out).data["Resources"]
    assert "PartnerBusEventBus" in resources and "CentralBusEventBus" not in resources
    prompts.side_answers.append(None)
    prompts.export_paths.append(tmp_path / "never.yaml")
    assert not window.export_text("sam")
    assert prompts.export_paths == [tmp_path / "never.yaml"]  # never asked for a file
