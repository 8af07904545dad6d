"""The whole user session: the e-commerce example rebuilt from a blank canvas by mouse."""

from __future__ import annotations

import copy

from tests_designer_helpers import ECOMMERCE
from ui_driver import SessionBuilder

from simulator.files import load


def test_build_ecommerce_from_blank_save_reopen_undo_redo(ui, window, tmp_path):
    """Drops, port drags and inspector typing rebuild the example exactly; save/reopen/undo."""
    example = load(ECOMMERCE)
    SessionBuilder(ui).build(example)
    built = copy.deepcopy(window.doc.topology)
    assert built == example
    target = tmp_path / "rebuilt.yaml"
    assert window.save_as(target)
    assert window.open_file(target) and window.doc.topology == example
    window.new_document()
    assert window.open_file(target)
    window.editor.delete(["payments"])
    window.doc.undo_stack.undo()
    assert window.doc.topology == example
    window.doc.undo_stack.redo()
    assert not window.doc.topology.has_node("payments")
