"""A router's archive and the scenario's replays in the inspector (issue 16).

The archive is a small YAML box (`pattern` and `retention`, both optional; `{}` keeps every
event for ever; empty: no archive), checked as the file reader checks it. The replays are a
table like the faults': the bus to replay into, the window [from, to) of archive time, the
time `at` the replay starts, an optional name (the `replay-name` its events carry) and an
optional list of the bus's rule targets to replay to (EventBridge's FilterArns; empty:
every rule).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from designer.inspector.editors import parse_number
from designer.inspector.rows import RowsEditor
from designer.inspector.structured import StructuredEditor
from simulator.model import Param, Replay, Topology, check_archive, fmt

ARCHIVE_EXAMPLE = "pattern: {source: [partner.app]}\nretention: 86400\n# {} keeps every event"
COLUMNS = ("Bus", "From", "To", "At", "Name", "Rules")
COLUMN_TIPS = (
    "The router whose archive is replayed into it (it needs an archive)",
    "Start of the window of archive time replayed (s)",
    "End of the window (s, excluded)",
    "When the replay starts (s, not before To); it takes as long as its window",
    "Optional name: the replay-name its events carry (patterns can test it)",
    "Optional: the targets of the bus's rules to replay to, comma-separated (empty: all)",
)


class ArchiveEditor(StructuredEditor):
    """A router's `archive` as YAML (empty: none)."""

    def __init__(self, param: Param) -> None:
        super().__init__("yaml", check_archive, ARCHIVE_EXAMPLE, height=96)
        self.param = param
        self.text.setToolTip(param.doc)


class ReplaysEditor(RowsEditor):
    """Rows of replays; `edited(list[Replay])` when every row reads."""

    def __init__(self) -> None:
        super().__init__(COLUMNS, COLUMN_TIPS, "Add replay")
        self.table.setMinimumHeight(90)
        self.routers: list[str] = []
        self.archived: list[str] = []  # routers with an archive

    def set_replays(self, replays: list[Replay], topology: Topology) -> None:
        """Show the model's replays; the Bus lists the design's routers."""
        self.routers = [n.id for n in topology.nodes if n.kind == "router"]
        self.archived = [
            n.id for n in topology.nodes if n.kind == "router" and "archive" in n.params
        ]
        self._show_rows(replays)

    def _append(self, replay: Replay) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        bus = QComboBox()
        bus.addItems(self.routers if replay.router in self.routers else [replay.router])
        bus.setCurrentText(replay.router)
        bus.activated.connect(lambda _i: self._changed())
        self.table.setCellWidget(row, 0, bus)
        rules = ", ".join(replay.rules) if replay.rules is not None else ""
        texts = (fmt(replay.start), fmt(replay.end), fmt(replay.at), replay.name or "", rules)
        for col, text in enumerate(texts, start=1):
            self.table.setItem(row, col, QTableWidgetItem(text))

    def add_row(self) -> None:
        """Append a replay of the first archived bus: the first 5 minutes, at t=600."""
        if not self.archived:
            self.show_problems(["give a router an archive first (its Archive box)"])
            return
        self._add(Replay(self.archived[0], 0, 300, 600))

    def replays(self) -> tuple[list[Replay], list[str]]:
        """The rows as replays, or the reasons they cannot be read."""
        replays, problems = [], []
        for row in range(self.table.rowCount()):
            times: list[float] = []
            for col in (1, 2, 3):
                text = self._text(row, col)
                value, reason = parse_number(text, False) if text else (None, "is empty")
                if reason or value is None:
                    problems.append(f"row {row + 1}, {COLUMNS[col].lower()}: {reason}")
                else:
                    times.append(value)
            if len(times) < 3:
                continue
            name = self._text(row, 4) or None
            listed = [r.strip() for r in self._text(row, 5).split(",") if r.strip()]
            rules = tuple(listed) if listed else None
            replays.append(Replay(self._choice(row, 0), times[0], times[1], times[2], name, rules))
        return replays, problems

    def read(self) -> tuple[list[Replay], list[str]]:
        return self.replays()
