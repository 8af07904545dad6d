"""The presentation registry: every kind's look in one entry, a fallback for the rest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from tests_designer_helpers import make_window
from ui_driver import UiDriver

from designer import icons, style
from designer.inspector.node_form import NodeForm
from designer.labels import node_lines
from designer.look import LOOKS, BadgeFacts, Curve, Figures, KindLook, fallback, look
from designer.look.registry import FALLBACK_COLORS, GENERIC_SERIES, register_look
from simulator.model import KINDS, NodeKind, Param, Topology, register


@pytest.fixture
def delay_kind():
    """A `delay` stage registered in the model at run time (and removed afterwards)."""
    kind = NodeKind(
        name="delay",
        title="Delay",
        aws="Step Functions Wait state",
        doc="Holds each event for a fixed time.",
        params=(Param("seconds", "number", 5.0, minimum=0, unit="s", doc="How long"),),
        targets={"flow": frozenset({"*"})},
    )
    register(kind)
    yield kind
    KINDS.pop("delay", None)
    LOOKS.pop("delay", None)


def test_every_entry_has_its_own_colour_and_every_kind_a_look():
    """No two registered kinds share a colour, and every model kind has a look (its entry
    or the fallback) with a colour and an icon name."""
    colors = [entry.color for entry in LOOKS.values()]
    assert len(set(colors)) == len(colors) and len(LOOKS) >= 5
    assert all(look(kind).color and look(kind).icon for kind in KINDS)


def test_unknown_kind_gets_a_stable_fallback_look():
    """A kind without an entry gets a colour from its name (the same every time), generic
    card lines and node-chart curves, no shared-chart curves and a rate badge."""
    entry = look("no-such-kind")
    assert entry == fallback("no-such-kind") and entry.color in FALLBACK_COLORS
    assert entry.series == GENERIC_SERIES and not entry.curves
    text, _ = entry.badge(BadgeFacts(Figures(throughput=12.4)))
    assert text == "12/s"


def test_kind_colour_and_icon_come_from_the_entry(qapp, delay_kind):
    """style.kind_color and icons.kind_icon read the registry entry of the kind."""
    register_look("delay", KindLook(color="#123456", icon="queue"))
    assert style.kind_color("delay") == QColor("#123456")
    expected = icons.pixmap("queue", "#123456", 24).toImage()
    assert icons.kind_icon("delay", 24).toImage() == expected


def test_built_in_badges_say_what_each_kind_does():
    """A queue's badge counts waiting messages, a consumer's its utilization of capacity."""
    figures = Figures(depth=12, busy=3, throughput=7)
    assert look("queue").badge(BadgeFacts(figures))[0] == "12 waiting · 3 in flight"
    assert look("consumer").badge(BadgeFacts(figures, capacity=4))[0] == "75% busy · 12 backlog"
    assert Curve.DEPTH in look("queue").curves and Curve.INSTANCES in look("consumer").curves


def test_kind_registered_at_run_time_shows_in_palette_inspector_and_canvas(
    qtbot, settings, prompts, tmp_path, delay_kind
):
    """A kind added to the model at run time, with no designer code, gets a palette entry,
    an inspector form with its parameter, and a card in its fallback colour showing its
    explicitly set parameters."""
    window = make_window(qtbot, settings, prompts, tmp_path)
    ui = UiDriver(window)
    node_id = ui.drop_kind("delay", QPointF(300, 200))
    form = ui.form()
    assert isinstance(form, NodeForm)  # its parameter, then every kind's placement (issue 16)
    assert list(form.fields) == ["seconds", "account", "region"]
    item = window.scene.node_items[node_id]
    assert item.color == QColor(fallback("delay").color)
    node = window.doc.node(node_id)
    node.params["seconds"] = 2.5
    assert node_lines(node, Topology(nodes=[node])) == ["seconds 2.5"]
    window.doc.undo_stack.setClean()
    window.autosave_timer.stop()
