"""Run menu: which prices a run's cost uses (issue 14), as `--pricing` and `--free-tier` do.

*Price table…* sets the design's `scenario.pricing` (saved with the design, undoable; a file
in the design's folder is kept relative to it); *Use the shipped price table* clears it.
The menu names the table in use by its Region and date. *Take the free tier off the
monthly cost* is a setting of the window (kept in the settings file), as `--free-tier` is
an option of one command rather than part of the design.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMenu

from designer.look.prices import use_prices
from simulator.cost import DEFAULT_PATH, PriceTable, PricingError, load_prices
from simulator.engine import resolve_prices
from simulator.problems import TopologyError

if TYPE_CHECKING:
    from designer.main_window import MainWindow

FREE_TIER_KEY = "cost/free_tier"
PRICE_FILTER = "Price tables (*.yaml *.yml *.json);;All files (*)"


class PricingActions(QObject):
    """The price-table and free-tier entries of the Run menu."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        # where to ask for a file; tests replace it (directory -> path, "" when cancelled)
        self.ask_path: Callable[[str], str] = self._ask_path
        self.table_action = menu.addAction("Price table…", self.choose)
        self.shipped_action = menu.addAction("Use the shipped price table", self.use_shipped)
        self.free_tier_action = menu.addAction("Take the free tier off the monthly cost")
        self.free_tier_action.setCheckable(True)
        on = window.settings.value(FREE_TIER_KEY, False, type=bool)
        self.free_tier_action.setChecked(bool(on))
        self.free_tier_action.toggled.connect(self._free_tier_toggled)
        window.doc.scenarioChanged.connect(self.refresh)
        window.doc.topologyReset.connect(self.refresh)
        self.refresh()

    @property
    def free_tier(self) -> bool:
        """Whether runs take the monthly free amounts off the monthly cost."""
        return self.free_tier_action.isChecked()

    def current(self) -> tuple[PriceTable | None, str]:
        """The design's price table, or None and why it cannot be used."""
        try:
            return resolve_prices(self.window.doc.topology), ""
        except TopologyError as exc:
            return None, str(exc)

    def refresh(self) -> None:
        """Name the table in use (Region and date; its file in the tooltip)."""
        table, problem = self.current()
        pricing = self.window.doc.topology.scenario.pricing
        use_prices(table if pricing is not None else None)  # the inspector's price notes
        if table is None:
            self.table_action.setText("Price table: cannot be read…")
            self.table_action.setToolTip(problem)
        else:
            which = "shipped" if pricing is None else Path(pricing).name
            self.table_action.setText(f"Price table: {table.region}, {table.date} ({which})…")
            self.table_action.setToolTip(str(DEFAULT_PATH) if pricing is None else pricing)
        self.shipped_action.setEnabled(pricing is not None)

    def choose(self) -> None:
        """Ask for a price table file; a readable one becomes the design's."""
        base = self.window.doc.topology.base_dir
        path = self.ask_path(str(base or DEFAULT_PATH.parent))
        if not path:
            return
        try:
            load_prices(path)
        except PricingError as exc:
            self.window.prompts.error("Cannot use this price table", str(exc))
            return
        self._set(_stored(Path(path), base))

    def use_shipped(self) -> None:
        """Price with the shipped us-east-1 table again."""
        self._set(None)

    def _set(self, value: str | None) -> None:
        problems = self.window.editor.set_scenario("pricing", value)
        if problems:
            self.window.prompts.error("Cannot use this price table", "\n".join(problems))
        self.refresh()

    def _free_tier_toggled(self, on: bool) -> None:
        self.window.settings.setValue(FREE_TIER_KEY, on)

    def _ask_path(self, directory: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, "Price table", directory, PRICE_FILTER)
        return path


def _stored(path: Path, base: Path | None) -> str:
    """The path as the design keeps it: relative to the design's folder when inside it."""
    path = path.resolve()
    if base is not None:
        try:
            return path.relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


__all__ = ["FREE_TIER_KEY", "PricingActions"]
