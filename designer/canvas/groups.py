"""Region and account group boxes on the canvas, and dropping a node into another group.

The boxes are computed from the nodes (each node's `region` and `account`, the scenario's
defaults otherwise): a Region box around the boxes of the accounts it holds, an account
box around its cards. They are drawn only when the design uses more than one Region or
account, or when View > Region and Account Boxes is switched on. The boxes are frozen
while the mouse drags cards: dropping a card whose centre lies in another group's box sets
its Region (and account, for an account box) together with the move, as one undo step;
a drop on empty canvas, or inside the card's own group, changes only the position.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from designer import style
from designer.canvas.node_item import HEIGHT, WIDTH
from designer.commands import SetValueCommand
from designer.document import UNSET
from simulator.model import DEFAULT_ACCOUNT, DEFAULT_REGION, Node, Topology

if TYPE_CHECKING:
    from designer.canvas.scene import TopologyScene

PAD = 18.0  # room around the cards in an account box
LABEL = 22.0  # the label band at the top of a box
BADGE = 28.0  # room above a card for its run badge, so that badges never cover a label
LEGIBLE = 8.0  # screen pixels: the smallest label size drawn
COLOURS = {"region": "#1C7ED6", "account": "#E8590C"}
SETTING = "canvas/group_boxes"


def placement(topology: Topology, node: Node) -> tuple[str, str]:
    """The node's (account, Region): its own keys, else the scenario's defaults (as
    `Topology.account_of/region_of` resolve them, without looking the node up again)."""
    default_account, default_region = default_placement(topology)
    account = node.params.get("account") or default_account
    region = node.params.get("region") or default_region
    return str(account), str(region)


def default_placement(topology: Topology) -> tuple[str, str]:
    """The scenario's default (account, Region)."""
    scenario = topology.scenario
    return (
        str(getattr(scenario, "account", None) or DEFAULT_ACCOUNT),
        str(getattr(scenario, "region", None) or DEFAULT_REGION),
    )


@dataclass(frozen=True)
class Group:
    """One box: a Region (`account` None) or an account within a Region."""

    region: str
    account: str | None
    rect: QRectF
    bottom: bool = False  # label along the bottom edge (a card covers the top one)

    @property
    def level(self) -> int:
        """0 for a Region box, 1 for an account box (drawn inside it)."""
        return 0 if self.account is None else 1

    def title(self) -> str:
        """The box's label."""
        return f"Region {self.region}" if self.account is None else f"Account {self.account}"

    def short_title(self) -> str:
        """The label for a box too narrow for the title: the code or id alone (the border,
        dashed or dotted, tells a Region from an account)."""
        return self.region if self.account is None else self.account


class GroupBox(QGraphicsItem):
    """A labelled rectangle behind the cards; it takes no clicks (rubber bands pass)."""

    def __init__(self, group: Group) -> None:
        super().__init__()
        self.info = group
        self.setZValue(-10 + group.level)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def set_group(self, group: Group) -> None:
        """Take a new rectangle or label."""
        if group != self.info:
            self.prepareGeometryChange()
            self.info = group
            self.update()

    def boundingRect(self) -> QRectF:
        """The box and room around it for a label enlarged when zoomed out."""
        return self.info.rect.adjusted(-1, -40, 1, 40)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Tinted body, dashed (Region) or dotted (account) border, label top left (bottom
        left when a card covers the top)."""
        rect = self.info.rect
        colour = QColor(COLOURS["account" if self.info.level else "region"])
        fill = QColor(colour)
        fill.setAlpha(14 if self.info.level else 10)
        pen = QPen(colour, 1.6 if self.info.level == 0 else 1.2)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine if self.info.level == 0 else Qt.PenStyle.DotLine)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 10, 10)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        font, text = self._label(lod, rect.width() - 20)
        painter.setFont(font)
        dark = QColor(style.CANVAS_BG).lightness() < 128  # the dark theme: lighter labels
        painter.setPen(colour.lighter(135) if dark else colour.darker(115))
        text_height = QFontMetricsF(font).height()  # a big label grows out of the box
        if self.info.bottom:
            band = QRectF(rect.left() + 10, rect.bottom() - PAD, 0, max(PAD, text_height))
        else:
            high = max(LABEL, text_height)
            band = QRectF(rect.left() + 10, rect.top() + LABEL - high, 0, high)
        band.setWidth(rect.width() - 20)
        painter.drawText(band, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def _label(self, lod: float, room: float) -> tuple[QFont, str]:
        """The label's font and text (see `label_font`)."""
        base = 10.0 if self.info.level == 0 else 9.0
        return label_font((self.info.title(), self.info.short_title()), lod, room, base)


def label_font(titles: tuple[str, str], lod: float, room: float, base: float) -> tuple[QFont, str]:
    """A box label's font and text at zoom `lod` in `room` scene pixels: the title, larger
    when zoomed out, smaller to fit the box; else the short title; never below LEGIBLE
    screen pixels (a one-card account box zoomed out drew its title 3 pixels high), elided
    at that size only when even the short title does not fit."""
    scale = max(lod, 0.05)
    floor = LEGIBLE / scale  # scene pixels that show as LEGIBLE screen pixels
    big = min(40.0, 12.0 / scale) if lod < 0.7 else None
    for title in titles:
        for pixels in (big, None, 10.0, 8.0):
            font = style.font(base, bold=True)
            if pixels is not None:
                font.setPixelSize(round(pixels))
            if _pixels(font) >= floor and QFontMetricsF(font).horizontalAdvance(title) <= room:
                return font, title
    font = style.font(base, bold=True)
    font.setPixelSize(round(max(floor, min(_pixels(font), 8.0))))
    text = QFontMetricsF(font).elidedText(titles[-1], Qt.TextElideMode.ElideRight, room)
    return font, text


def _pixels(font: QFont) -> float:
    """The font's size in scene pixels (points at 96 dots per inch)."""
    return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72


def compute_groups(
    topology: Topology, positions: dict[str, QPointF], force: bool = False
) -> list[Group]:
    """The boxes to draw: Regions when more than one is used (or `force`), accounts when
    more than one is used (or `force`); Region boxes first."""
    members: dict[tuple[str, str], list[QPointF]] = {}
    for node in topology.nodes:
        pos = positions.get(node.id)
        if pos is not None:
            account, region = placement(topology, node)
            members.setdefault((region, account), []).append(pos)
    regions = {region for region, _ in members}
    accounts = {account for _, account in members}
    show_regions = force or len(regions) > 1
    show_accounts = force or len(accounts) > 1
    inner: dict[tuple[str, str], QRectF] = {}
    for key, points in members.items():
        rect = _cards_rect(points)
        if show_accounts:
            rect = rect.adjusted(-PAD, -BADGE - LABEL, PAD, PAD)
        inner[key] = rect
    groups: list[Group] = []
    if show_regions:
        for region in sorted(regions):
            rects = [r for (reg, _), r in inner.items() if reg == region]
            top = LABEL + (PAD if show_accounts else BADGE)
            outer = _union(rects).adjusted(-PAD, -top, PAD, PAD)
            groups.append(Group(region, None, outer))
    if show_accounts:
        groups += [Group(reg, acc, rect) for (reg, acc), rect in sorted(inner.items())]
    cards = [QRectF(p.x(), p.y(), WIDTH, HEIGHT) for p in positions.values()]
    return [_label_side(group, cards) for group in groups]


def _label_side(group: Group, cards: list[QRectF]) -> Group:
    """The group with its label moved to the bottom edge when a card covers the top one
    (boxes of other groups overlap this one) and the bottom one is free."""
    rect = group.rect
    width = min(rect.width() - 20, 7.5 * len(group.title()))
    top = QRectF(rect.left() + 10, rect.top(), width, LABEL)
    if not any(card.intersects(top) for card in cards):
        return group
    bottom = QRectF(rect.left() + 10, rect.bottom() - PAD, width, PAD)
    if any(card.intersects(bottom) for card in cards):
        return group
    return replace(group, bottom=True)


def _cards_rect(points: list[QPointF]) -> QRectF:
    left = min(p.x() for p in points)
    top = min(p.y() for p in points)
    right = max(p.x() for p in points) + WIDTH
    bottom = max(p.y() for p in points) + HEIGHT
    return QRectF(left, top, right - left, bottom - top)


def _union(rects: list[QRectF]) -> QRectF:
    out = QRectF(rects[0])
    for rect in rects[1:]:
        out = out.united(rect)
    return out


def drop_target(groups: list[Group], point: QPointF, own: tuple[str, str]) -> Group | None:
    """The group a card dropped with its centre at `point` joins: the innermost box under
    the point (the smallest when boxes overlap); None on empty canvas or when the card's
    own group is under the point at that depth (`own` is its (account, Region))."""
    under = [g for g in groups if g.rect.contains(point)]
    if not under:
        return None
    depth = max(g.level for g in under)
    deepest = [g for g in under if g.level == depth]
    account, region = own
    if any(g.region == region and g.account in (None, account) for g in deepest):
        return None
    return min(deepest, key=lambda g: g.rect.width() * g.rect.height())


class GroupLayer(QObject):
    """Keeps the scene's group boxes in step with the model; turns drops into edits."""

    def __init__(self, scene: TopologyScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.force = False
        self.groups: list[Group] = []
        self.items: list[GroupBox] = []
        self.frozen = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        scene.doc.changed.connect(self.schedule)

    def set_force(self, on: bool) -> None:
        """Show the boxes even for a design in one Region and account."""
        self.force = on
        self.refresh()

    def forget(self) -> None:
        """The scene was cleared: its items are gone."""
        self.items = []

    def schedule(self) -> None:
        """Refresh once control returns to the event loop (edits come in bursts)."""
        if not self.frozen:
            self._timer.start()

    def refresh(self) -> None:
        """Recompute the boxes from the model's positions and keys."""
        if self.frozen:
            return
        positions = {nid: item.pos() for nid, item in self.scene.node_items.items()}
        self.groups = compute_groups(self.scene.doc.topology, positions, self.force)
        while len(self.items) > len(self.groups):
            self.scene.removeItem(self.items.pop())
        for i, group in enumerate(self.groups):
            if i < len(self.items):
                self.items[i].set_group(group)
            else:
                item = GroupBox(group)
                self.items.append(item)
                self.scene.addItem(item)

    def placement_at(self, origin: QPointF) -> dict[str, str]:
        """The `region` and `account` of a new card with its top-left corner at `origin`:
        those of the innermost box under its centre (none that the defaults give)."""
        centre = QPointF(origin.x() + WIDTH / 2, origin.y() + HEIGHT / 2)
        account, region = default_placement(self.scene.doc.topology)
        group = drop_target(self.groups, centre, (account, region))
        if group is None:
            return {}
        keys = {"region": group.region} if group.region != region else {}
        if group.account not in (None, account):
            keys["account"] = str(group.account)
        return keys

    def freeze(self) -> None:
        """A drag begins: keep the boxes where they are until it ends."""
        self._timer.stop()
        self.frozen = True

    def commit_move(self, moved: dict[str, tuple[float, float]]) -> None:
        """Record a mouse move; cards dropped into another group join it (one undo step)."""
        self.frozen = False
        doc, editor = self.scene.doc, self.scene.editor
        changes: dict[str, Group] = {}
        for node_id, (x, y) in moved.items():
            node = doc.node(node_id)
            centre = QPointF(x + WIDTH / 2, y + HEIGHT / 2)
            target = drop_target(self.groups, centre, placement(doc.topology, node))
            if target is not None:
                changes[node_id] = target
        if not changes:
            editor.move(moved)
            self.schedule()
            return
        doc.undo_stack.beginMacro(_move_text(changes))
        editor.move(moved)
        refused = [self._join(node_id, group) for node_id, group in changes.items()]
        doc.undo_stack.endMacro()
        notes = [text for text in refused if text]
        self.scene.message.emit("; ".join(notes) if notes else _move_text(changes))
        self.schedule()

    def _join(self, node_id: str, group: Group) -> str:
        """Set the node's Region (and account for an account box); why not, when refused."""
        doc = self.scene.doc
        node = doc.node(node_id)
        default_account, default_region = default_placement(doc.topology)
        wanted = {"region": (group.region, default_region)}
        if group.account is not None:
            wanted["account"] = (group.account, default_account)
        for key, (value, default) in wanted.items():
            if node.spec.param(key) is None:
                return f"a {node.kind} has no {key} key"
            new: Any = UNSET if value == default else value
            if node.params.get(key, UNSET) == new:
                continue
            doc.push(SetValueCommand(doc, ("node", node_id), key, new))
        return ""


def _move_text(changes: dict[str, Group]) -> str:
    """The undo step's name, e.g. `Move orders into Region us-west-2`."""
    titles = {group.title() for group in changes.values()}
    what = next(iter(changes)) if len(changes) == 1 else f"{len(changes)} nodes"
    where = next(iter(titles)) if len(titles) == 1 else "other groups"
    return f"Move {what} into {where}"


def install(window: Any) -> None:
    """View > Region and Account Boxes: show the boxes for any design (remembered)."""
    from PySide6.QtGui import QAction

    scene = window.scene
    on = bool(window.settings.value(SETTING, False, type=bool))
    action = QAction("Region and Account &Boxes", window, checkable=True)
    action.setChecked(on)
    action.setStatusTip(
        "Always show Region and account boxes (they show anyway when a design uses several)"
    )

    def toggle(checked: bool) -> None:
        window.settings.setValue(SETTING, checked)
        scene.groups.set_force(checked)

    action.toggled.connect(toggle)
    scene.groups.set_force(on)
    window.actions_["group_boxes"] = action
    view = window.menus["view"]
    overview = window.actions_.get("overview")
    actions = view.actions()
    after = actions.index(overview) + 1 if overview in actions else len(actions)
    view.insertAction(actions[after] if after < len(actions) else None, action)
