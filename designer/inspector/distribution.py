"""The distribution editor: a family and its numbers, e.g. exponential with mean 0.2 s.

Hyperexponential phases are typed as comma-separated lists (`0.9, 0.1` and `0.1, 2`); an
empirical distribution takes a file name, read relative to the design's folder for the
preview (sample count, mean, spread and median).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from designer.document import UNSET
from designer.inspector.editors import FieldEditor, _SessionFilter, parse_number
from simulator.model import DIST_KEYS, Distribution, Param, check_distribution, fmt, is_number
from simulator.model import describe_distribution as describe_dist

DEFAULT_CHOICE = "default"
NONE_CHOICE = "none"
LIST_KEYS = ("probs", "means")  # hyperexponential: one number per phase
SPREAD_FAMILIES = ("gamma", "weibull", "pareto", "hyperexponential", "empirical")
# keys that are not durations (no "(s)" in their label): probabilities, shapes, file keys
UNITLESS_KEYS = frozenset({"probs", "shape", "file", "column", "unit"})
TEXT_KEYS = ("file",)  # empirical
Context = Callable[[], tuple[float, Path | None]]  # (preview span, the design's folder)


def parse_key(key: str, text: str) -> tuple[Any, str | None]:
    """The value of one distribution key typed as text, or the reason it is not one."""
    if key in TEXT_KEYS:
        return (text, None) if text else (None, "is empty")
    if key not in LIST_KEYS:
        return parse_number(text, False)
    numbers = []
    for part in text.replace(";", ",").split(","):
        number, reason = parse_number(part.strip(), False)
        if reason:
            return None, f"{part.strip() or 'an empty item'}: {reason}"
        numbers.append(number)
    return numbers, None


def show_key(value: Any) -> str:
    """A key's value as the field shows it."""
    if isinstance(value, list):
        return ", ".join(fmt(x) for x in value)
    return value if isinstance(value, str) else fmt(value)


def preview(value: Any, unit: str, base_dir: Path | None) -> str:
    """What the distribution gives: its mean (heavy-tailed and multi-modal families: their
    spread too, as sd and coefficient of variation)."""
    try:
        dist = Distribution.parse(value, base_dir)
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError) as exc:
        return f"no preview: {exc}"
    if math.isinf(dist.mean):
        return "mean infinite (pareto shape <= 1: a tail too heavy for an average)"
    text = f"mean {fmt(round(dist.mean, 6))} {unit}"
    if dist.name in SPREAD_FAMILIES and dist.mean:
        sd = dist.variance**0.5
        if math.isinf(sd):
            text += ", sd infinite (a very heavy tail)"
        else:
            text += f", sd {fmt(round(sd, 6))} (cv {sd / dist.mean:.2g})"
    if dist.name == "empirical":
        median = statistics.median(dist.values)
        text += f", median {fmt(round(median, 6))}, {len(dist.values):,} samples"
    return text


class DistributionEditor(FieldEditor):
    """Family combo plus one field per parameter of the family; shows the mean."""

    def __init__(
        self, param: Param, parent: QWidget | None = None, context: Context | None = None
    ) -> None:
        super().__init__(parent)
        self.param = param
        self.context = context
        self.combo = QComboBox()
        self.combo.setToolTip(param.doc)
        if param.optional:
            self.combo.addItem("none", NONE_CHOICE)
        else:
            self.combo.addItem(f"default ({describe_dist(param.default)})", DEFAULT_CHOICE)
        for name in DIST_KEYS:
            self.combo.addItem(name, name)
        self.combo.activated.connect(self._family_chosen)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.addWidget(self.combo, 0, 0, 1, 4)
        self.labels = [QLabel(), QLabel()]
        self.fields = [QLineEdit(), QLineEdit()]
        for i, (label, field) in enumerate(zip(self.labels, self.fields, strict=True)):
            label.setProperty("role", "muted")
            grid.addWidget(label, 1, 2 * i)
            grid.addWidget(field, 1, 2 * i + 1)
            field.textEdited.connect(self._typed)
            field.editingFinished.connect(self.new_session)
            field.installEventFilter(_SessionFilter(self))
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        grid.addWidget(self.summary, 2, 0, 1, 4)
        self._outer.addLayout(grid)
        self.finish_layout()
        self.summary.hide()
        self._show_keys(DEFAULT_CHOICE)

    def family(self) -> str:
        """The chosen family, or default/none."""
        return self.combo.currentData()

    def _show_keys(self, family: str) -> tuple[str, ...]:
        keys = DIST_KEYS.get(family, ((), ()))[0]
        for i, (label, field) in enumerate(zip(self.labels, self.fields, strict=True)):
            shown = i < len(keys)
            label.setVisible(shown)
            field.setVisible(shown)
            if shown:
                timed = self.param.unit == "s" and keys[i] not in UNITLESS_KEYS
                label.setText(keys[i] + (" (s)" if timed else ""))
        return keys

    def _family_chosen(self, _index: int) -> None:
        self.new_session()
        family = self.family()
        keys = self._show_keys(family)
        if family in (DEFAULT_CHOICE, NONE_CHOICE):
            self.emit_value(UNSET)
            return
        current = self._numbers()
        if len(current) < len(keys) or any(v is None for v in current[: len(keys)]):
            mean = self._mean_guess()
            guesses: dict[str, Any] = {
                "value": mean,
                "mean": mean,
                "low": mean / 2,
                "high": mean * 1.5,
                "sd": mean / 4,
                "shape": 2.0,  # weibull/pareto: a moderate tail; scale from the mean
                "scale": mean / 2,
                "probs": [0.9, 0.1],  # hyperexponential: mostly fast, a slow tenth
                "means": [round(mean / 2, 6), round(mean * 5.5, 6)],  # same overall mean
                "file": "durations.csv",
            }
            for field, key in zip(self.fields, keys, strict=False):
                guess = guesses[key]
                field.setText(show_key(round(guess, 6) if isinstance(guess, float) else guess))
        self._typed("")

    def _mean_guess(self) -> float:
        try:
            mean = Distribution.parse(self._last).mean if self._last not in (None, UNSET) else 0.0
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            mean = 0.0
        default = self.param.default if is_number(self.param.default) else 0.1
        return mean or default or 0.1

    def _numbers(self) -> list[Any]:
        values = []
        for field in self.fields:
            value, reason = parse_number(field.text().strip(), False)
            values.append(None if reason else value)
        return values

    def _typed(self, _text: str) -> None:
        family = self.family()
        if family in (DEFAULT_CHOICE, NONE_CHOICE):
            return
        keys = DIST_KEYS[family][0]
        value: dict[str, Any] = {"dist": family}
        for field, key in zip(self.fields, keys, strict=False):
            number, reason = parse_key(key, field.text().strip())
            if reason:
                self.show_problems([f"{key}: {reason}"])
                return
            value[key] = number
        if isinstance(self._last, dict) and self._last.get("dist") == family:
            for key in DIST_KEYS[family][1]:  # optional keys (empirical column, unit) stay
                if key in self._last:
                    value[key] = self._last[key]
        problems = check_distribution(value)
        if problems:
            self.show_problems([p.lstrip(".: ") for p in problems])
            return
        self._summarise(preview(value, self.param.unit, self._base_dir()))
        self.emit_value(value)

    def _base_dir(self) -> Path | None:
        return self.context()[1] if self.context is not None else None

    def set_value(self, value: Any) -> None:
        """Show a model value: a bare number, a distribution object, or unset/none."""
        self._last = value
        if self.is_typing_over(value):
            return
        if value is UNSET or value is None:
            family = NONE_CHOICE if self.param.optional else DEFAULT_CHOICE
            self.combo.setCurrentIndex(self.combo.findData(family))
            self._show_keys(family)
            default = self.param.default
            self._summarise(f"default: {describe_dist(default)}" if default is not None else "")
            self.show_problems([])
            return
        if is_number(value):
            value = {"dist": "constant", "value": value}
        family = value.get("dist", "constant")
        self.combo.setCurrentIndex(max(0, self.combo.findData(family)))
        keys = self._show_keys(family)
        for field, key in zip(self.fields, keys, strict=False):
            field.setText(show_key(value.get(key, "")))
        self._summarise(preview(value, self.param.unit, self._base_dir()))
        self.show_problems([])

    def _summarise(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    _last: Any = UNSET
