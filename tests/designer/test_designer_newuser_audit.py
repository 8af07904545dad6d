"""Issue #10, second look in a real window: what a new user still tripped over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from designer import file_actions
from designer.paths import EXAMPLES

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_copy_of_an_example_is_never_saved_over_the_examples(
    window, prompts, monkeypatch, tmp_path
):
    """After File > Open of a bundled example and an edit, Ctrl+S suggests a file in the
    home folder (not the example's own path), and choosing a file in the examples folder
    anyway (save or a YAML export) is refused with a message: the example is untouched.
    (The installed examples folder is a copy here, so a regression cannot harm them.)"""
    examples = tmp_path / "examples"
    examples.mkdir()
    example = examples / "bank-account-opening.yaml"
    example.write_bytes((EXAMPLES / example.name).read_bytes())
    monkeypatch.setattr(file_actions, "EXAMPLES", examples)
    before = example.read_bytes()
    suggested: list[str] = []
    monkeypatch.setattr(prompts, "save_path", lambda s: suggested.append(s) or example)
    prompts.open_paths = [example]
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_O, CTRL)
    window.editor.set_label("reviewers", "Changed")
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_S, CTRL)
    assert suggested and Path(suggested[0]).parent == Path.home()
    assert not Path(suggested[0]).resolve().is_relative_to(examples.resolve())
    assert example.read_bytes() == before
    assert window.doc.path is None and window.doc.is_dirty
    title, message = prompts.errors[-1]
    assert title == "Cannot save" and "examples folder installed with Eventscape" in message
    prompts.export_paths = [example]
    assert not window.export_text("yaml")
    assert example.read_bytes() == before
    assert prompts.errors[-1][0] == "Export failed"


def test_fit_to_view_keeps_every_card_clear_of_the_overview_map(shop):
    """With View > Overview Map on (Ctrl+M), Fit to View (Ctrl+0) shows every card with none
    under the map in the canvas's corner (the e-commerce Accounting card was under it)."""
    window, view = shop.window, shop.window.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_M, CTRL)
    QTest.keyClick(view, Qt.Key.Key_0, CTRL)
    shop.process()
    overview = window.overview_map
    assert overview.isVisible()
    corner = overview.geometry().translated(-view.viewport().pos())
    shown = view.viewport().rect()
    for node_id, card in window.scene.node_items.items():
        on_screen = view.mapFromScene(card.sceneBoundingRect()).boundingRect()
        assert shown.contains(on_screen), node_id
        assert not on_screen.intersects(corner), node_id
