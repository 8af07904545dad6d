"""The designer with hostile files and clipboards: never stuck, never a traceback, no lost work."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from designer import clipboard
from simulator.files import load

HOSTILE = Path(__file__).resolve().parents[1] / "hostile" / "files"


def _bomb_fragment() -> str:
    levels = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return (
        "format: eventscape/fragment\n"
        f"nodes:\n  - {{id: x, kind: router, label: [{', '.join(levels)}]}}\nedges: []\n"
    )


def test_pasting_an_alias_bomb_is_refused_quickly(window):
    """A 'billion laughs' fragment on the clipboard: a status message within a second."""
    QApplication.clipboard().setText(_bomb_fragment())
    started = time.perf_counter()
    window.actions_["paste"].trigger()
    assert time.perf_counter() - started < 1.0
    assert "aliases" in window.statusBar().currentMessage()
    assert not window.doc.topology.nodes


def test_paste_past_the_node_cap_is_refused(window):
    """2 x 2,600 nodes: the second paste would pass 5,000 nodes (unopenable): refused."""
    nodes = "\n".join(f"  - {{id: n{i}, kind: router}}" for i in range(2600))
    text = f"format: eventscape/fragment\nnodes:\n{nodes}\nedges: []\n"
    assert len(window.editor.paste(text)) == 2600
    QApplication.clipboard().setText(text)
    window.actions_["paste"].trigger()
    assert "more than a file may hold (5,000)" in window.statusBar().currentMessage()
    assert len(window.doc.topology.nodes) == 2600


def test_clipboard_reader_refuses_deep_nesting():
    """The fragment reader is the file reader: 900 levels is an error, not RecursionError."""
    deep = "{a: " * 900 + "1" + "}" * 900
    text = f"format: eventscape/fragment\nnodes:\n  - {{id: x, kind: router, label: {deep}}}\n"
    try:
        clipboard.parse_fragment(text)
    except ValueError as exc:
        assert "nested deeper than 64 levels" in str(exc)
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("deep nesting was accepted")


def test_opening_every_hostile_file_shows_problems_never_a_traceback(window, prompts):
    """Each file of tests/hostile/files opens or lists its problems; none raises."""
    for path in sorted(HOSTILE.glob("*.y*ml")) + sorted(HOSTILE.glob("*.json")):
        prompts.problems_shown.clear()
        opened = window.open_file(path, ask=False)
        if not opened:
            assert prompts.problems_shown, path.name
            assert all("Traceback" not in p for p in prompts.problems_shown[0][2])
    assert load(HOSTILE / "ok.yaml")  # sanity: the good one still loads
