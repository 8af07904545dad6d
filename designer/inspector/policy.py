"""The resource-policy editor of routers and topics (issue 16): a list of statements, each
an effect, the principals (accounts, or * for every account), the actions (publish,
subscribe) and an optional condition (an event pattern, typed as YAML or JSON).

Statements are numbered from 0, as the validation messages and the audit's
`policy bus statement 1 (Deny)` number them. A policy is set only when every statement
checks out; otherwise the reasons show under the list and the model keeps its value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.document import UNSET
from designer.inspector.access import FocusCombo
from designer.inspector.editors import FieldEditor, _SessionFilter
from designer.inspector.structured import dump, parse
from simulator.model import POLICY_ACTIONS, POLICY_EFFECTS, Param, check_policy

CONDITION_HINT = "optional event pattern, e.g. {source: [partner.shop]}"


class StatementRow(QFrame):
    """One statement's fields."""

    changed = Signal()
    removeRequested = Signal(object)  # this row

    def __init__(self, owner: FieldEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setProperty("role", "muted")
        self.effect = FocusCombo()
        self.effect.addItems(list(POLICY_EFFECTS))
        self.action_boxes = {name: QCheckBox(name) for name in POLICY_ACTIONS}
        self.principals = QLineEdit()
        self.principals.setPlaceholderText("111122223333, partner-team, * (every account)")
        self.condition = QLineEdit()
        self.condition.setPlaceholderText(CONDITION_HINT)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this statement")
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))
        self._lay_out()
        self.effect.activated.connect(lambda _i: self._structural(owner))
        for box in self.action_boxes.values():
            box.clicked.connect(lambda _c: self._structural(owner))
        for line in (self.principals, self.condition):
            line.textEdited.connect(lambda _t: self.changed.emit())
            line.editingFinished.connect(owner.new_session)
            line.installEventFilter(_SessionFilter(owner))

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 6)
        grid.setVerticalSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.effect)
        for box in self.action_boxes.values():
            top.addWidget(box)
        top.addStretch(1)
        top.addWidget(self.remove)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(QLabel("Principals"), 1, 0)
        grid.addWidget(self.principals, 1, 1)
        grid.addWidget(QLabel("Condition"), 2, 0)
        grid.addWidget(self.condition, 2, 1)

    def _structural(self, owner: FieldEditor) -> None:
        owner.new_session()  # a pick or a tick is an undo step of its own
        self.changed.emit()

    def show_statement(self, index: int, statement: Any) -> None:
        """Show a statement from the model (whatever it holds: the checks say what is wrong)."""
        raw = statement if isinstance(statement, dict) else {}
        self.title.setText(f"Statement {index}")
        effect = self.effect.findText(str(raw.get("effect", "Allow")))
        self.effect.setCurrentIndex(max(0, effect))
        actions = _listed(raw.get("actions"))
        for name, box in self.action_boxes.items():
            box.setChecked(name in actions)
        self.principals.setText(", ".join(str(p) for p in _listed(raw.get("principals"))))
        condition = raw.get("condition")
        self.condition.setText("" if condition is None else _one_line(condition))

    def statement(self) -> tuple[dict[str, Any], list[str]]:
        """The statement the fields say, and why the condition cannot be read (if so)."""
        statement: dict[str, Any] = {
            "effect": self.effect.currentText(),
            "principals": [p.strip() for p in self.principals.text().split(",") if p.strip()],
            "actions": [name for name, box in self.action_boxes.items() if box.isChecked()],
        }
        text = self.condition.text().strip()
        if not text:
            return statement, []
        value, reason = parse(text, "yaml")
        if reason:
            return statement, [f".condition: {reason}"]
        statement["condition"] = value
        return statement, []


class PolicyEditor(FieldEditor):
    """The statements of a policy, one box each, with Add statement under them."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.rows: list[StatementRow] = []
        self.list = QVBoxLayout()
        self.list.setSpacing(6)
        self.empty = QLabel("No statements: only the owner's own account may publish and subscribe")
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "muted")
        self.add = QPushButton("Add statement")
        self.add.setToolTip("A new Allow statement; pick the accounts and actions it is about")
        self.add.clicked.connect(self._add_statement)
        self._outer.addWidget(self.empty)
        self._outer.addLayout(self.list)
        self._outer.addWidget(self.add)
        self.finish_layout()

    def current(self) -> tuple[Any, list[str]]:
        """The policy the rows say (UNSET when there are none) and its problems."""
        if not self.rows:
            return UNSET, []
        statements, problems = [], []
        for i, row in enumerate(self.rows):
            statement, reasons = row.statement()
            statements.append(statement)
            problems += [f"statement {i} {r.lstrip('.')}" for r in reasons]
        problems += [_numbered(p) for p in check_policy(statements)]
        return (None, problems) if problems else (statements, [])

    def _edited(self) -> None:
        value, problems = self.current()
        self.show_problems(problems)
        if not problems:
            self.emit_value(value)

    def _add_statement(self) -> None:
        self.new_session()
        row = self._new_row()
        row.show_statement(len(self.rows) - 1, {"effect": "Allow", "actions": ["publish"]})
        row.principals.setFocus()
        self.empty.hide()
        self._edited()

    def _remove(self, row: StatementRow) -> None:
        self.new_session()
        self.rows.remove(row)
        row.deleteLater()
        for i, other in enumerate(self.rows):
            other.title.setText(f"Statement {i}")
        self.empty.setVisible(not self.rows)
        self._edited()

    def _new_row(self) -> StatementRow:
        row = StatementRow(self)
        row.changed.connect(self._edited)
        row.removeRequested.connect(self._remove)
        self.rows.append(row)
        self.list.addWidget(row)
        return row

    def set_value(self, value: Any) -> None:
        """Show the model's statements, unless the rows already say them."""
        if self.is_typing_over(value) or self.is_typing_over(UNSET if value is None else value):
            return
        statements = value if isinstance(value, list) else []
        while len(self.rows) > len(statements):
            self.rows.pop().deleteLater()
        while len(self.rows) < len(statements):
            self._new_row()
        for i, (row, statement) in enumerate(zip(self.rows, statements, strict=True)):
            row.show_statement(i, statement)
        self.empty.setVisible(not self.rows)
        self.show_problems([])


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _numbered(problem: str) -> str:
    """`[1].effect: ...` -> `statement 1 effect: ...`."""
    if problem.startswith("[") and "]" in problem:
        index, rest = problem[1:].split("]", 1)
        return f"statement {index}{rest.replace('.', ' ', 1) if rest.startswith('.') else rest}"
    return problem


def _one_line(value: Any) -> str:
    """A pattern as one line of YAML flow style (JSON-like, readable)."""
    import yaml

    text: str = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10_000)
    return text.strip() or dump(value, "json")
