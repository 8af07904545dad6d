"""Text editors for structured values (event templates, emits), checked as you type."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from designer.document import UNSET
from designer.inspector.editors import FieldEditor, _SessionFilter
from simulator.files import TopologyError, parse_text
from simulator.model import Param, check_envelope, check_templates

Checker = Callable[[Any], list[str]]


def dump(value: Any, fmt: str) -> str:
    """Value as JSON or YAML text for editing."""
    if value is UNSET or value is None:
        return ""
    if fmt == "json":
        return pretty_json(value)
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=72).rstrip()


def pretty_json(value: Any, indent: int = 0, width: int = 56) -> str:
    """JSON with one key per line, and short values kept on their key's line."""
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if len(flat) + indent <= width or not isinstance(value, dict | list) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {pretty_json(v, indent + 2, width)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [f"{pad}{pretty_json(v, indent + 2, width)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def parse(text: str, fmt: str) -> tuple[Any, str | None]:
    """(value, None) or (None, reason) for edited text, read like a file (the safe loader:
    alias bombs, deep nesting and duplicate keys are refused, not expanded)."""
    try:
        return parse_text(text, fmt), None
    except TopologyError as exc:
        problem = exc.problems[0]
        reason = problem.message.removeprefix(f"malformed {fmt.upper()}: ")
        where = f" ({problem.path})" if problem.path else ""
        return None, f"not valid {fmt.upper()}: {reason}{where}"


class StructuredEditor(FieldEditor):
    """A JSON or YAML text box; a value is emitted only when it parses and checks out."""

    def __init__(
        self,
        fmt: str,
        checker: Checker,
        placeholder: str = "",
        height: int = 150,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.fmt = fmt
        self.checker = checker
        self.text = QPlainTextEdit()
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(placeholder)
        self.text.setFixedHeight(height)
        self.text.setTabChangesFocus(True)
        self.text.textChanged.connect(self._typed)
        self.text.installEventFilter(_SessionFilter(self))
        self._outer.addWidget(self.text)
        self.status = QLabel()
        self.status.setProperty("role", "ok")
        self._outer.addWidget(self.status)
        self.finish_layout()
        self._loading = False

    def _typed(self) -> None:
        if self._loading:
            return
        value, problems = self.current()
        if problems:
            self.status.setText("")
            self.show_problems(problems)
            return
        self.show_problems([])
        self.status.setText(f"✓ valid {self.fmt.upper()}")
        self.emit_value(value)

    def current(self) -> tuple[Any, list[str]]:
        """The parsed, checked value of the text (UNSET when empty) and its problems."""
        raw = self.text.toPlainText()
        if not raw.strip():
            return UNSET, []
        value, reason = parse(raw, self.fmt)
        if reason:
            return None, [reason]
        problems = [p.lstrip(".: ") if p.startswith((".", ":")) else p for p in self.checker(value)]
        return (None, problems) if problems else (value, [])

    def set_value(self, value: Any) -> None:
        """Show the model's value as text, unless the text already means it."""
        if self.is_typing_over(value) or self.is_typing_over(UNSET if value is None else value):
            return
        self._loading = True
        self.text.setPlainText(dump(value, self.fmt))
        self._loading = False
        self.status.setText("")
        self.show_problems([])

    def show_problems(self, problems: list[str]) -> None:
        """Reasons under the text, and a red frame."""
        super().show_problems(problems)
        self.text.setProperty("invalid", bool(problems))
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)


class EventsEditor(StructuredEditor):
    """A producer's weighted event templates, as YAML."""

    def __init__(self, param: Param) -> None:
        example = (
            "- weight: 9\n  source: shop.web\n  detail-type: OrderPlaced\n"
            "  detail: {amount: {$uniform: [5, 500]}}"
        )
        super().__init__("yaml", check_templates, example, height=190)
        self.param = param
        self.text.setToolTip(param.doc)


def emits_editor() -> StructuredEditor:
    """Envelope fields a consumer's edge overrides on the event it publishes."""
    return StructuredEditor(
        "yaml", check_envelope, "source: shop.payments\ndetail-type: PaymentAuthorized", 80
    )
