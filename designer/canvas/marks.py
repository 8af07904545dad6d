"""Problem marks shared by cards and edges: severity, messages and the tooltip showing them."""

from __future__ import annotations

from designer import style


class ProblemMarks:
    """Mixin for canvas items marked by live validation (call `init_marks` in __init__)."""

    def init_marks(self) -> None:
        """Start unmarked, with an empty tooltip head."""
        self.problems: list[str] = []
        self.severity: str | None = None
        self.tooltip_head = ""

    def set_problems(self, severity: str | None, messages: list[str]) -> None:
        """Mark the item as invalid ('error') or suspicious ('warning'); None clears."""
        if (severity, messages) == (self.severity, self.problems):
            return
        self.severity, self.problems = severity, list(messages)
        self.refresh_tooltip()
        self.update()  # type: ignore[attr-defined]

    def refresh_tooltip(self) -> None:
        """The tooltip: its head, then the problems in the severity's colour."""
        marks = "".join(f"<br>• {p}" for p in self.problems)
        colour = style.ERROR if self.severity == "error" else style.WARNING
        tail = f"<span style='color:{colour}'>{marks}</span>" if marks else ""
        self.setToolTip(self.tooltip_head + tail)  # type: ignore[attr-defined]
