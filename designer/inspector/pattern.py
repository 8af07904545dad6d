"""The pattern/filter editor: JSON checked as you type, and a sample event to test it on."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from designer.document import UNSET
from designer.inspector.structured import StructuredEditor, pretty_json
from simulator.model import pattern_problems
from simulator.patterns import PatternError, compile_pattern


class PatternEditor(StructuredEditor):
    """An EventBridge pattern (sns=False) or SNS filter policy (sns=True) with a tester."""

    def __init__(self, sns: bool, sample: dict[str, Any]) -> None:
        self.sns = sns
        placeholder = '{"country": ["US"]}' if sns else '{"detail-type": ["OrderPlaced"]}'
        super().__init__("json", lambda v: pattern_problems(v, sns=sns), placeholder, height=110)
        caption = QLabel(
            "Sample event (the filter sees its detail)"
            if sns
            else "Sample event to test the pattern"
        )
        caption.setProperty("role", "muted")
        self._outer.addWidget(caption)
        self.sample = QPlainTextEdit(pretty_json(sample))
        self.sample.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.sample.setFont(self.text.font())
        self.sample.setFixedHeight(170)
        self.sample.setTabChangesFocus(True)
        self.sample.textChanged.connect(self.run_test)
        self._outer.addWidget(self.sample)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self._outer.addWidget(self.verdict)
        self.text.textChanged.connect(self.run_test)

    def run_test(self) -> None:
        """Match the sample event against the current text and say the result."""
        verdict, ok = self.test_result()
        self.verdict.setText(verdict)
        self.verdict.setProperty("role", {True: "ok", False: "error", None: "muted"}[ok])
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)

    def test_result(self) -> tuple[str, bool | None]:
        """(message, matched?) for the sample; None when it cannot be tested."""
        try:
            event = json.loads(self.sample.toPlainText())
        except json.JSONDecodeError as exc:
            return f"Sample is not valid JSON: {exc.msg} (line {exc.lineno})", None
        if not isinstance(event, dict):
            return "The sample must be a JSON object", None
        raw = self.text.toPlainText().strip()
        if not raw:
            return "✓ No pattern: every event is delivered", True
        try:
            matcher = compile_pattern(raw, sns=self.sns)
        except PatternError as exc:
            return f"Cannot test: {exc}", None
        subject = event.get("detail", {}) if self.sns else event
        if matcher.matches(subject if isinstance(subject, dict) else {}):
            return "✓ The sample event matches: it is delivered on this edge", True
        return "✗ The sample event does not match: it is not delivered here", False

    def set_value(self, value: Any) -> None:
        """Show the model's pattern and re-run the test."""
        super().set_value(UNSET if value is None else value)
        self.run_test()
