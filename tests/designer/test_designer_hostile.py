"""The designer with hostile files and clipboards: never stuck, never a traceback, no lost work."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from designer import clipboard
from simulator.files import load
from simulator.model import Node, Topology

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


def _change_on_disk(path: Path, text: str) -> None:
    """Another program rewrites `path` (its modification time visibly moves on)."""
    before = path.stat().st_mtime
    path.write_text(text, encoding="utf-8")
    os.utime(path, (before + 5, before + 5))


def test_never_saves_a_file_it_could_not_reopen(window, prompts, tmp_path):
    """A design past the 5,000-node cap is not written; the reason is shown."""
    window.doc.reset(Topology(name="big", nodes=[Node(f"n{i}", "router") for i in range(5001)]))
    target = tmp_path / "big.yaml"
    assert not window.save_to(target)
    assert not target.exists()
    _title, summary, problems = prompts.problems_shown[-1]
    assert "could not open it again" in summary and "too many nodes" in problems[0]


def test_change_on_disk_reloads_a_clean_document_on_focus(shop, window, shop_file):
    """Nothing unsaved here: the other program's version is loaded when the window is focused."""
    _change_on_disk(shop_file, shop_file.read_text().replace("name: ", "name: Changed ", 1))
    window.check_disk()
    assert window.doc.topology.name.startswith("Changed")
    assert "changed on disk" in window.statusBar().currentMessage()


def test_change_on_disk_with_unsaved_work_asks_and_keeps_mine(shop, window, prompts, shop_file):
    """Unsaved edits here: asked; 'keep' keeps them, and saving then overwrites on purpose."""
    window.editor.set_label("web", "Mine")
    _change_on_disk(shop_file, shop_file.read_text().replace("name: ", "name: Theirs ", 1))
    prompts.file_changed_answers = ["keep"]
    window.check_disk()
    assert prompts.file_changed_asked == [(shop_file.name, False)]
    assert window.doc.node("web").label == "Mine"
    assert window.save()
    assert "label: Mine" in shop_file.read_text()


def test_save_over_a_file_changed_on_disk_asks_first(shop, window, prompts, shop_file):
    """Saving while the file changed on disk asks; 'cancel' writes nothing, 'reload' reloads."""
    window.editor.set_label("web", "Mine")
    theirs = shop_file.read_text().replace("name: ", "name: Theirs ", 1)
    _change_on_disk(shop_file, theirs)
    prompts.file_changed_answers = ["cancel", "reload"]
    assert not window.save()
    assert shop_file.read_text() == theirs
    assert not window.save()
    assert window.doc.topology.name.startswith("Theirs") and not window.doc.is_dirty
    assert prompts.file_changed_asked == [(shop_file.name, True)] * 2


def test_saving_over_a_read_only_file_asks_first(shop, window, prompts, shop_file):
    """A read-only file is replaced only after a yes, and stays read-only."""
    window.editor.set_label("web", "Mine")
    shop_file.chmod(0o444)
    before = shop_file.read_text()
    assert not window.save()
    assert prompts.read_only_asked == [shop_file.name] and shop_file.read_text() == before
    prompts.read_only_answer = True
    assert window.save()
    assert "label: Mine" in shop_file.read_text()
    assert shop_file.stat().st_mode & 0o777 == 0o444


def test_recovery_keeps_a_file_it_cannot_load_and_says_where(window, prompts, tmp_path):
    """A broken recovery file is reported and kept (its path in the status bar), not deleted."""
    folder = tmp_path / "recovery"
    folder.mkdir(exist_ok=True)
    data = folder / "session-1-dead.yaml"
    data.write_text("format: eventscape/topology\nversion: 1\nnodes: [oops\n", encoding="utf-8")
    meta = {"pid": 2**22 + 1, "session": "1-dead", "path": None, "name": "Lost", "time": 1}
    data.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    prompts.recover_answer = True
    assert not window.offer_recovery()
    assert data.exists() and data.with_suffix(".json").exists()
    assert str(data) in window.statusBar().currentMessage()
    assert prompts.problems_shown and "malformed YAML" in prompts.problems_shown[-1][2][0]


def test_stale_temporary_files_of_interrupted_saves_are_removed(window, shop_file):
    """`.NAME.*.tmp` files older than a minute go on the next open and the next save."""
    stale = [shop_file.parent / f".{shop_file.name}.{tag}.tmp" for tag in ("a1", "b2")]
    fresh = shop_file.parent / f".{shop_file.name}.c3.tmp"
    for tmp in [*stale, fresh]:
        tmp.write_text("half a save")
    for tmp in stale:
        os.utime(tmp, (time.time() - 3600, time.time() - 3600))
    assert window.open_file(shop_file, ask=False)
    assert not any(tmp.exists() for tmp in stale) and fresh.exists()  # a save in progress
    os.utime(fresh, (time.time() - 3600, time.time() - 3600))
    window.editor.set_label("web", "Saved")
    assert window.save()
    assert not fresh.exists()


def test_structured_editors_read_text_like_files():
    """Typing an alias bomb or 900 levels into an events editor: a reason, at once."""
    from designer.inspector.structured import parse

    started = time.perf_counter()
    value, reason = parse(_bomb_fragment(), "yaml")
    assert value is None and "aliases" in reason and "line" in reason
    value, reason = parse("[" * 900 + "]" * 900, "json")
    assert value is None and "nested deeper than 64 levels" in reason
    assert time.perf_counter() - started < 1.0
    assert parse("{a: 1}", "yaml") == ({"a": 1}, None)


def test_start_removes_temporary_files_of_interrupted_autosaves(window, tmp_path):
    """A crash during an autosave leaves `.session-*.tmp`: the next start removes it."""
    folder = tmp_path / "recovery"
    folder.mkdir(exist_ok=True)
    tmp = folder / ".session-1-dead.yaml.x1.tmp"
    tmp.write_text("half an autosave")
    os.utime(tmp, (time.time() - 3600, time.time() - 3600))
    window.start()
    assert not tmp.exists()
