"""The ASL text editor: JSON with colours, checked while typing, problems naming the state.

The editor never changes a model itself: when typing pauses and the text parses to a
document it emits `edited(document)`; whoever owns the model applies it (one undoable,
merged step) and calls `set_definition` when the model changes for another reason (undo,
an edit in the diagram). The text edit has no undo of its own, so Ctrl+Z always undoes
the document's last step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from designer import style
from designer.workflow import asl_text
from designer.workflow.asl_text import TextProblem

PAUSE_MS = 300
STATE_ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


def _format(color: str, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class JsonHighlighter(QSyntaxHighlighter):
    """Keys, strings, numbers and literals in their own colours."""

    RULES = (
        (r'"(?:[^"\\]|\\.)*"', _format("#2B8A3E")),  # strings
        (r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b", _format("#C2410C")),  # numbers
        (r"\b(?:true|false|null)\b", _format("#7C3AED", bold=True)),
        (r'"(?:[^"\\]|\\.)*"(?=\s*:)', _format("#1C4E80", bold=True)),  # keys (last: wins)
    )

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.rules = [(QRegularExpression(p), f) for p, f in self.RULES]

    def highlightBlock(self, text: str) -> None:
        """Colour one line."""
        for pattern, fmt in self.rules:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(), match.capturedLength(), fmt)


class AslEditor(QWidget):
    """ASL text, a status line and the list of problems."""

    edited = Signal(object)  # the parsed document, when typing pauses on a changed text
    stateFocused = Signal(str)  # the state the cursor is in ('' when none)

    def __init__(self) -> None:
        super().__init__()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setUndoRedoEnabled(False)  # Ctrl+Z belongs to the document
        self.text_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(9)
        self.text_edit.setFont(mono)
        self.text_edit.setTabStopDistance(self.text_edit.fontMetrics().horizontalAdvance("  "))
        self.highlighter = JsonHighlighter(self.text_edit.document())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(self._problem_activated)
        self.problem_list.itemClicked.connect(self._problem_activated)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.text_edit)
        split.addWidget(self.problem_list)
        split.setSizes([700, 110])
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.check_now)
        self.text_edit.textChanged.connect(self._typed)
        self.text_edit.cursorPositionChanged.connect(self._cursor_moved)
        self.document: Any = None  # what the text parses to (None while it does not)
        self.problems: list[TextProblem] = []
        self.design: list[TextProblem] = []  # the design's problems with this node (wiring)
        self._applied: Any = None  # the last document set or emitted
        self._quiet = False
        self._focus = ""

    # --- the model's side ------------------------------------------------------------------
    def set_definition(self, definition: Any) -> None:
        """Show `definition` unless the text already says the same (keeps the user's layout
        and cursor while the model echoes their own edit)."""
        self._applied = definition
        current, _ = asl_text.parse(self.text_edit.toPlainText())
        if current == definition and self.text_edit.toPlainText():
            self.check_now(emit=False)
            return
        cursor_line = self.text_edit.textCursor().blockNumber()
        self._quiet = True
        self.text_edit.setPlainText(asl_text.dump(definition) if definition is not None else "")
        self._quiet = False
        self.go_to_line(cursor_line + 1, select=False)
        self.check_now(emit=False)

    def show_refusal(self, reasons: list[str]) -> None:
        """Say that the last edit was not applied, and why."""
        if reasons:
            self._set_status("Not applied: " + "; ".join(reasons), "error")

    # --- checking --------------------------------------------------------------------------
    def _typed(self) -> None:
        if not self._quiet:
            self.timer.start()

    def check_now(self, emit: bool = True) -> None:
        """Parse and check the text now; emit `edited` for a changed document."""
        self.timer.stop()
        text = self.text_edit.toPlainText()
        document, problems = asl_text.check(text)
        self.document, self.problems = document, problems
        self._show_problems(problems)
        if emit and document is not None and document != self._applied:
            self._applied = document
            self.edited.emit(document)

    def set_design_problems(self, problems: list[TextProblem]) -> None:
        """Problems the design has with this node beyond its text (such as a Task naming a
        consumer the workflow has no edge to): listed after the text's own, as `design:`."""
        self.design = list(problems)
        self._show_problems(self.problems)

    def _show_problems(self, problems: list[TextProblem]) -> None:
        self.problem_list.clear()
        for problem in problems:
            self._add_item(str(problem), problem, style.ERROR)
        body = self.text_edit.toPlainText()
        seen = {(p.state, p.message) for p in problems}
        for problem in self.design:
            if (problem.state, problem.message) in seen:
                continue  # the text's own check says it already
            line = asl_text.state_line(body, problem.state)
            shown = TextProblem(problem.state, problem.message, line)
            self._add_item(f"design: {shown}", shown, style.WARNING)
        self.problem_list.setVisible(bool(problems or self.design))  # no empty box
        if problems:
            count = len(problems)
            self._set_status(f"{count} problem{'s' * (count != 1)}", "error")
        else:
            states = len(asl_text.state_names(self.document))
            extra = f" · {len(self.design)} in the design (see below)" if self.design else ""
            self._set_status(f"Valid ASL: {states} states{extra}", "ok")
        self._mark_lines(problems)

    def _add_item(self, text: str, problem: TextProblem, color: str) -> None:
        item = QListWidgetItem(text)
        item.setData(STATE_ROLE, problem.state)
        item.setData(LINE_ROLE, problem.line)
        item.setForeground(QColor(color))
        self.problem_list.addItem(item)

    def _set_status(self, text: str, role: str) -> None:
        self.status.setText(text)
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _mark_lines(self, problems: list[TextProblem]) -> None:
        marks = []
        for problem in problems:
            if not problem.line:
                continue
            block = self.text_edit.document().findBlockByNumber(problem.line - 1)
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#FFE3E3"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            marks.append(selection)
        self.text_edit.setExtraSelections(marks)

    # --- navigation ------------------------------------------------------------------------
    def _problem_activated(self, item: QListWidgetItem) -> None:
        state, line = item.data(STATE_ROLE), item.data(LINE_ROLE)
        if line:
            self.go_to_line(line)
        if state:
            self.stateFocused.emit(state)

    def go_to_line(self, line: int, select: bool = True) -> None:
        """Put the cursor at the start of `line` (from 1) and show it."""
        block = self.text_edit.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        if select:
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
        self.text_edit.setTextCursor(cursor)
        self.text_edit.centerCursor()

    def go_to_state(self, name: str) -> None:
        """Put the cursor on the line where the state called `name` is defined."""
        line = asl_text.state_line(self.text_edit.toPlainText(), name)
        if (
            line
            and asl_text.state_at(
                self.text_edit.toPlainText(), self.text_edit.textCursor().position(), [name]
            )
            != name
        ):
            self.go_to_line(line)

    def _cursor_moved(self) -> None:
        names = asl_text.state_names(self.document)
        state = asl_text.state_at(
            self.text_edit.toPlainText(), self.text_edit.textCursor().position(), names
        )
        if state != self._focus:
            self._focus = state
            self.stateFocused.emit(state)
