"""Scrolling a page with the wheel never changes a drop-down or number box under the
pointer: an unfocused field passes the wheel turn to the page's scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget


class WheelGuard(QObject):
    """Sends a wheel turn over an unfocused field to the page's scroll bar."""

    def __init__(self, page: QScrollArea) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Wheel over a field without the focus: scroll the page, leave the value."""
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus():
            return False
        QApplication.sendEvent(self.page.verticalScrollBar(), event)
        return True
