"""Word-wrapped labels that always get the height their text needs.

Box and form layouts lay a wrapped QLabel out by its plain minimum height, so in a narrow
dock its last lines were cut off (inspector help lines, the Results header). `WrapLabel`
asks for the height of its text at its width; `follow_height` does the same for a QLabel
made elsewhere (a form row's label)."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel

LONG_WORD = 16  # longer words get break points (a CamelCase AWS property name)
_WORD = re.compile(r"\S{%s,}" % LONG_WORD)  # noqa: UP031
_JOINT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[/_.:=-])(?=\w)")
_TAG = re.compile(r"(<[^>]*>)")


def breakable(text: str) -> str:
    """`text` with invisible break points inside long words ("KmsDataKeyReusePeriodSeconds"
    may wrap between its parts instead of running off a narrow label); tags are kept."""
    parts = _TAG.split(text)
    for i in range(0, len(parts), 2):  # the text between tags
        parts[i] = _WORD.sub(lambda m: _JOINT.sub("\u200b", m.group(0)), parts[i])
    return "".join(parts)


class WrapLabel(QLabel):
    """A word-wrapped label whose minimum height is what its text needs at its width."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:
        """At least the wrapped text's height at the current width."""
        hint = super().minimumSizeHint()
        if self.wordWrap() and self.text() and self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Another width: the layout asks for the new minimum height."""
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


class _HeightFollower(QObject):
    """Keeps a wrapped label's minimum height at what its text needs, after each resize."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pass every event on; after a resize set the minimum height."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QLabel):
            needed = watched.heightForWidth(watched.width()) if watched.text() else 0
            if needed > 0 and needed != watched.minimumHeight():
                watched.setMinimumHeight(needed)
        return False


_FOLLOWER: list[_HeightFollower] = []


def follow_height(label: QLabel) -> None:
    """Make a word-wrapped QLabel made elsewhere keep the height its text needs."""
    if not _FOLLOWER:
        _FOLLOWER.append(_HeightFollower())
    label.installEventFilter(_FOLLOWER[0])


class HelpLabel(WrapLabel):
    """A WrapLabel for help texts whose long words may also wrap between their parts."""

    def __init__(self, text: str = "") -> None:
        super().__init__(breakable(text))

    def setText(self, text: str) -> None:
        """Show `text`, long words made breakable."""
        super().setText(breakable(text))
