"""The load-profile editor: profile, its numbers, and a preview plot of the rate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

from designer import style
from designer.document import UNSET
from designer.inspector.editors import FieldEditor, _SessionFilter, parse_number, title_of
from designer.wraplabel import WrapLabel
from simulator.model import (
    PROFILE_KEYS,
    TRACE_MODES,
    LoadProfile,
    Param,
    check_load,
    describe_load,
    fmt,
)

Context = Callable[[], tuple[float, Path | None]]  # -> (preview duration, base dir)
SAMPLES = 400


def _steps_text(steps: Any) -> str:
    if not isinstance(steps, list):
        return ""
    return ", ".join(f"{fmt(t)}:{fmt(r)}" for t, r in steps)


def _parse_steps(text: str) -> tuple[Any, str | None]:
    steps = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        time, sep, rate = part.partition(":")
        t, bad_t = parse_number(time.strip(), False)
        r, bad_r = parse_number(rate.strip(), False)
        if not sep or bad_t or bad_r:
            return None, f"write steps as time:rate, e.g. 0:10, 300:50 (bad: {part!r})"
        steps.append([t, r])
    return steps, None


class LoadEditor(FieldEditor):
    """A producer's arrival process, with the rate over time drawn underneath."""

    def __init__(self, param: Param, context: Context | None = None) -> None:
        super().__init__()
        self.param = param
        self.context = context or (lambda: (600.0, None))
        self.combo = QComboBox()
        for name in PROFILE_KEYS:
            self.combo.addItem(name, name)
        self.combo.activated.connect(self._profile_chosen)
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Profile", self.combo)
        self._outer.addLayout(self.form)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self._value: Any = None
        self.summary = WrapLabel()  # a long summary never widens the inspector
        self.summary.setProperty("role", "muted")
        self._outer.addWidget(self.summary)
        self.plot = _make_plot()
        self._outer.addWidget(self.plot)
        self.finish_layout()

    # --- fields -------------------------------------------------------------------------
    def _build_fields(self, profile: str) -> None:
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self.fields = {}
        for key, (required, _, _) in PROFILE_KEYS[profile].items():
            if key == "mode":
                combo = QComboBox()
                for mode in TRACE_MODES:
                    combo.addItem(mode)
                combo.activated.connect(lambda _i: self._typed())
                widget: QLineEdit | QComboBox = combo
            else:
                widget = QLineEdit()
                widget.textEdited.connect(lambda _t: self._typed())
                widget.editingFinished.connect(self.new_session)
                widget.installEventFilter(_SessionFilter(self))
                if not required:
                    widget.setPlaceholderText("optional")
                if key == "steps":
                    widget.setPlaceholderText("time:rate, e.g. 0:10, 300:50")
            self.fields[key] = widget
            self.form.addRow(title_of(key) + _unit(key), widget)

    def _profile_chosen(self, _index: int) -> None:
        self.new_session()
        profile = self.combo.currentData()
        old = self._value if isinstance(self._value, dict) else {}
        rate = old.get("rate", 10)
        defaults = {
            "rate": rate,
            "spike_rate": rate * 5,
            "spike_every": 300,
            "spike_duration": 30,
            "amplitude": rate / 2,
            "end_rate": rate * 3,
            "ramp_time": 300,
            "steps": [[0, rate], [300, rate * 3]],
        }
        self._build_fields(profile)
        value = {"profile": profile}
        for key, (required, _, _) in PROFILE_KEYS[profile].items():
            if key in old:
                value[key] = old[key]
            elif required and key in defaults:
                value[key] = defaults[key]
        self._fill(value)
        self._typed()

    def _fill(self, value: dict[str, Any]) -> None:
        for key, widget in self.fields.items():
            current = value.get(key)
            if isinstance(widget, QComboBox):
                widget.setCurrentText(str(current or TRACE_MODES[0]))
            elif key == "steps":
                widget.setText(_steps_text(current))
            else:
                widget.setText("" if current is None else fmt(current))

    def _collect(self) -> tuple[dict[str, Any] | None, list[str]]:
        profile = self.combo.currentData()
        value: dict[str, Any] = {"profile": profile}
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                value[key] = widget.currentText()
                continue
            text = widget.text().strip()
            if not text:
                continue
            if key == "steps":
                parsed, reason = _parse_steps(text)
            elif key == "file":
                parsed, reason = text, None
            else:
                parsed, reason = parse_number(text, False)
            if reason:
                return None, [f"{key}: {reason}"]
            value[key] = parsed
        problems = [p.lstrip(".: ") for p in check_load(value)]
        return (None, problems) if problems else (value, [])

    def _typed(self) -> None:
        value, problems = self._collect()
        if problems:
            self.show_problems(problems)
            return
        self.show_problems([])
        self._preview(value)
        self.emit_value(value)

    # --- model --------------------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        """Show the model's load profile (or the default one)."""
        shown = self.param.default if value is UNSET else value
        self._value = shown
        if self.is_typing_over(value):
            return
        profile = shown.get("profile", "poisson") if isinstance(shown, dict) else "poisson"
        self.combo.setCurrentIndex(max(0, self.combo.findData(profile)))
        self._build_fields(profile)
        if isinstance(shown, dict):
            self._fill(shown)
        self.show_problems([])
        self._preview(shown)

    def _preview(self, value: Any) -> None:
        duration, base_dir = self.context()
        try:
            profile = LoadProfile.parse(value, base_dir)
            self.summary.setText(
                f"{describe_load(value)} · mean {profile.mean_rate(duration, 500):.3g}/s"
                f" over {fmt(duration)} s"
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.summary.setText(f"no preview: {exc}")
            self.plot.clear()
            return
        times = np.linspace(0.0, duration, SAMPLES)
        if profile.timestamps:
            counts, edges = np.histogram(profile.timestamps, bins=SAMPLES, range=(0, duration))
            rates = counts / max(edges[1] - edges[0], 1e-9)
        else:
            rates = np.array([profile.rate(t) for t in times])
        self.plot.clear()
        self.plot.plot(
            times,
            rates,
            pen={"color": QColor(style.LOAD), "width": 2},
            fillLevel=0,
            brush=_translucent(style.LOAD, 40),
        )
        self.plot.setYRange(0, max(float(rates.max()) * 1.15, 1e-6), padding=0)
        self.plot.setXRange(0, duration, padding=0)


def _unit(key: str) -> str:
    if "rate" in key or key == "amplitude":
        return " (/s)"
    if key in ("spike_every", "spike_duration", "period", "peak", "ramp_time", "start", "bin"):
        return " (s)"
    return ""


def _make_plot() -> Any:  # a pyqtgraph PlotWidget (pyqtgraph has no type hints)
    """A small pyqtgraph plot in the light theme."""
    import pyqtgraph as pg

    plot = pg.PlotWidget(background="#FFFFFF")
    plot.setFixedHeight(120)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    plot.showGrid(x=True, y=True, alpha=0.25)
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTextPen(style.TEXT_MUTED)
        plot.getAxis(axis).setPen(style.NODE_BORDER)
    plot.setLabel("bottom", "time (s)")
    plot.setLabel("left", "events/s")
    return plot


def _translucent(color: str, alpha: int) -> tuple[int, int, int, int]:
    """`color` as an RGBA tuple with `alpha` (0-255)."""
    c = QColor(color)
    return (c.red(), c.green(), c.blue(), alpha)
