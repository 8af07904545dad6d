"""Graphics items of the state diagram: a state box, a block frame, a transition."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer import style
from designer.workflow.diagram_layout import HEAD, Box, Frame, Link
from designer.workflow.label_place import LABEL_H, label_width

TYPE_COLORS = {
    "Task": "#1C7ED6",
    "Choice": "#E8590C",
    "Parallel": "#7C5CFF",
    "Map": "#7C5CFF",
    "Pass": "#868E96",
    "Wait": "#0CA678",
    "Succeed": "#2B8A3E",
    "Fail": "#E03131",
    "Start": "#495057",
    "End": "#495057",
    "Missing": "#E03131",
    "Invalid": "#E03131",
}
LINK_COLORS = {"catch": "#E03131"}
RADIUS = 7.0
ARROW = 8.0
BADGE_H = 18.0
LOOP = 11.0  # how far a retry loop reaches out of the box


def type_color(kind: str) -> QColor:
    """The accent colour of a state type."""
    return QColor(TYPE_COLORS.get(kind, "#5C7CFA"))


class StateItem(QGraphicsItem):
    """A state: coloured accent bar, name, type and detail, retry badge, run figures."""

    def __init__(self, box: Box) -> None:
        super().__init__()
        self.box = box
        self.figures = ""
        self.figures_alarm = False
        self.problem = ""
        self.details = ""
        self.setPos(box.x, box.y)
        self.setZValue(2 + box.depth * 2)
        pseudo = box.type in ("Start", "End")
        if not pseudo:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setAcceptHoverEvents(True)
        tip = f"{box.name} · {box.type}" + (f"\n{box.detail}" if box.detail else "")
        if box.retry_tip:
            tip += "\nRetry:\n" + box.retry_tip
        self.base_tip = tip
        self.details = ""
        self._update_tip()

    @property
    def key(self) -> str:
        """The layout key of the state."""
        return self.box.key

    def set_figures(self, text: str, alarm: bool = False, details: str = "") -> None:
        """Show run figures in the box ('' hides them); `details` go in the tooltip."""
        if (text, alarm) != (self.figures, self.figures_alarm):
            self.figures, self.figures_alarm = text, alarm
            self.update()
        self.details = details
        self._update_tip()

    def set_problem(self, text: str) -> None:
        """Mark the state as having a validation problem ('' clears it)."""
        if text != self.problem:
            self.problem = text
            self._update_tip()
            self.update()

    def _update_tip(self) -> None:
        tip = self.base_tip + (f"\n⚠ {self.problem}" if self.problem else "")
        self.setToolTip(tip + (f"\n\nRun:\n{self.details}" if self.details else ""))

    def boundingRect(self) -> QRectF:
        """The box, its retry badge above the right corner and its retry loop at the right."""
        loop = LOOP + 4 if self.box.retry else 3
        return QRectF(-3, -BADGE_H / 2 - 3, self.box.w + 3 + loop, self.box.h + BADGE_H / 2 + 6)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the state."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.box
        rect = QRectF(0, 0, box.w, box.h)
        color = type_color(box.type)
        if box.type in ("Start", "End"):
            self._paint_mark(painter, rect, color)
            return
        border = QColor(style.SELECTION) if self.isSelected() else QColor(style.NODE_BORDER)
        if self.problem:
            border = QColor(style.ERROR)
        pen = QPen(border, 2.0 if self.isSelected() or self.problem else 1.0)
        if box.type == "Missing":
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setColor(QColor(style.ERROR))
        painter.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(14 if box.block else 0)
        painter.setBrush(QBrush(fill if box.block else QColor(style.NODE_FILL)))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        self._paint_accent(painter, rect, color)
        self._paint_text(painter, rect, color)
        if box.retry:
            self._paint_retry_loop(painter, rect, color)
            self._paint_badge(painter, box.retry, QPointF(box.w - 8, 0), color, right=True)
        if self.figures:
            self._paint_figures(painter, rect)

    def _paint_retry_loop(self, painter: QPainter, rect: QRectF, color: QColor) -> None:
        """A small arrow leaving the right side and coming back: the state runs again."""
        top = min(rect.height() * 0.3, 16.0)
        bottom = rect.height() - top if not self.box.block else top + 20.0
        x = rect.width()
        path = QPainterPath(QPointF(x, top))
        path.cubicTo(
            QPointF(x + LOOP * 1.4, top), QPointF(x + LOOP * 1.4, bottom), QPointF(x + 3, bottom)
        )
        painter.setPen(QPen(color, 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        tip = QPointF(x, bottom)
        painter.drawPolygon(
            QPolygonF([tip, QPointF(x + 6, bottom - 3.5), QPointF(x + 6, bottom + 3.5)])
        )

    def _paint_mark(self, painter: QPainter, rect: QRectF, color: QColor) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(style.font(8, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.box.name)

    def _paint_accent(self, painter: QPainter, rect: QRectF, color: QColor) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, RADIUS, RADIUS)
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(QRectF(0, 0, 5, rect.height()), color)
        painter.restore()

    def _paint_text(self, painter: QPainter, rect: QRectF, color: QColor) -> None:
        box = self.box
        left, room = 14.0, rect.width() - 22.0
        title_font = style.font(9, bold=True)
        small = style.font(7.5)
        name_h = 18.0
        top = 7.0 if not box.block else 6.0
        painter.setFont(title_font)
        painter.setPen(QColor(style.TEXT))
        name = QFontMetricsF(title_font).elidedText(box.name, Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(left, top, room, name_h), Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(small)
        line = box.type + (f" · {box.detail}" if box.detail else "")
        line = QFontMetricsF(small).elidedText(line, Qt.TextElideMode.ElideRight, room)
        painter.setPen(
            QColor(color) if box.type in ("Missing", "Invalid") else QColor(style.TEXT_MUTED)
        )
        if box.block:  # name and detail share the title strip (with the figures, if any)
            width = QFontMetricsF(title_font).horizontalAdvance(name) + 10
            room -= rect.width() * 0.45 if self.figures else 0
            rest = QFontMetricsF(small).elidedText(line, Qt.TextElideMode.ElideRight, room - width)
            painter.drawText(
                QRectF(left + width, top, room - width, name_h), Qt.AlignmentFlag.AlignVCenter, rest
            )
            return
        painter.drawText(QRectF(left, top + name_h, room, 16), Qt.AlignmentFlag.AlignVCenter, line)

    def _paint_badge(
        self, painter: QPainter, text: str, at: QPointF, color: QColor, right: bool
    ) -> None:
        font = style.font(7.5, bold=True)
        width = QFontMetricsF(font).horizontalAdvance(text) + 12
        x = at.x() - width if right else at.x()
        rect = QRectF(x, at.y() - BADGE_H / 2, width, BADGE_H)
        painter.setPen(QPen(color, 1))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(rect, BADGE_H / 2, BADGE_H / 2)
        painter.setPen(color)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_figures(self, painter: QPainter, rect: QRectF) -> None:
        """Run figures: a pill on the last line of a state, at the right of a block's title."""
        font = style.font(7.5, bold=True)
        metrics = QFontMetricsF(font)
        room = rect.width() - 22 if not self.box.block else rect.width() * 0.45
        text = metrics.elidedText(self.figures, Qt.TextElideMode.ElideRight, room - 10)
        width = min(room, metrics.horizontalAdvance(text) + 12)
        if self.box.block:
            badge = QRectF(rect.width() - width - 8, (HEAD - BADGE_H) / 2, width, BADGE_H)
        else:
            badge = QRectF(12, rect.height() - BADGE_H - 5, width, BADGE_H)
        color = QColor(style.ERROR if self.figures_alarm else "#364FC7")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)


class FrameItem(QGraphicsItem):
    """A Parallel branch or a Map's item processor: a dashed frame with a small label."""

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame
        self.setPos(frame.x, frame.y)
        self.setZValue(1 + frame.depth * 2)

    def boundingRect(self) -> QRectF:
        """The frame."""
        return QRectF(-1, -1, self.frame.w + 2, self.frame.h + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the frame and its label."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#ADB5BD"), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(255, 255, 255, 150))
        painter.drawRoundedRect(QRectF(0, 0, self.frame.w, self.frame.h), 5, 5)
        painter.setPen(QColor(style.TEXT_MUTED))
        painter.setFont(style.font(7.5))
        painter.drawText(
            QRectF(8, 2, self.frame.w - 16, 18), Qt.AlignmentFlag.AlignVCenter, self.frame.label
        )


class LinkItem(QGraphicsItem):
    """A transition: an orthogonal polyline with rounded corners, an arrow and a label."""

    def __init__(self, link: Link, depth: int) -> None:
        super().__init__()
        self.link = link
        self.color = QColor(LINK_COLORS.get(link.kind, style.EDGE))
        self.setZValue(2 + depth * 2 + 1)
        self._path = _rounded(link.points)
        self._arrow = _arrow(link.points)
        self._font = style.font(7.5)
        self._label_rect = self._place_label()
        tip = {"catch": "Catch", "default": "Default", "choice": "Choice rule"}.get(link.kind, "")
        full = link.tip or link.label
        if full:
            self.setToolTip(f"{tip}: {full}" if tip else full)

    def _place_label(self) -> QRectF:
        """The label where the layout put it (its width as the font measures it)."""
        points = self.link.points
        if not self.link.label or len(points) < 2:
            return QRectF()
        metrics = QFontMetricsF(self._font)
        width = min(label_width(self.link.label), metrics.horizontalAdvance(self.link.label) + 8)
        if self.link.label_at is not None:
            x, y = self.link.label_at
        else:
            x, y = points[-2] if len(points) > 2 else points[0]
            x, y = x + 4, y + 2
        return QRectF(x, y, width, LABEL_H)

    def boundingRect(self) -> QRectF:
        """The polyline, its arrow and its label."""
        rect = self._path.boundingRect().united(self._arrow.boundingRect())
        return rect.united(self._label_rect).adjusted(-3, -3, 3, 3)

    def shape(self) -> QPainterPath:
        """A band around the line (for hovering)."""
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(self._path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the line, the arrow and the label."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.color, 1.4)
        if self.link.kind in ("catch", "default"):
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.color)
        painter.drawPolygon(self._arrow)
        if not self._label_rect.isNull():
            painter.setBrush(QColor(255, 255, 255, 225))
            painter.drawRoundedRect(self._label_rect, 3, 3)
            painter.setPen(self.color if self.link.kind == "catch" else QColor(style.TEXT_MUTED))
            painter.setFont(self._font)
            text = QFontMetricsF(self._font).elidedText(
                self.link.label, Qt.TextElideMode.ElideRight, self._label_rect.width() - 6
            )
            painter.drawText(
                self._label_rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text
            )


def _rounded(points: list[tuple[float, float]], r: float = 6.0) -> QPainterPath:
    """A polyline with its corners rounded."""
    if not points:
        return QPainterPath()
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        d1, d2 = math.hypot(bx - ax, by - ay), math.hypot(cx - bx, cy - by)
        k = min(r, d1 / 2, d2 / 2)
        if k <= 0:
            continue
        p1 = QPointF(bx - (bx - ax) / d1 * k, by - (by - ay) / d1 * k)
        p2 = QPointF(bx + (cx - bx) / d2 * k, by + (cy - by) / d2 * k)
        path.lineTo(p1)
        path.quadTo(QPointF(bx, by), p2)
    end = points[-1]
    path.lineTo(QPointF(end[0], end[1] - ARROW + 1) if _downward(points) else QPointF(*end))
    return path


def _downward(points: list[tuple[float, float]]) -> bool:
    return (
        len(points) >= 2
        and abs(points[-1][0] - points[-2][0]) < 0.01
        and points[-1][1] > points[-2][1]
    )


def _arrow(points: list[tuple[float, float]]) -> QPolygonF:
    """An arrow head at the last point, pointing along the last segment."""
    if len(points) < 2:
        return QPolygonF()
    (ax, ay), (bx, by) = points[-2], points[-1]
    angle = math.atan2(by - ay, bx - ax)
    tip = QPointF(bx, by)
    left = QPointF(bx - ARROW * math.cos(angle - 0.42), by - ARROW * math.sin(angle - 0.42))
    right = QPointF(bx - ARROW * math.cos(angle + 0.42), by - ARROW * math.sin(angle + 0.42))
    return QPolygonF([tip, left, right])
