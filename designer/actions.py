"""Menus, toolbar and shortcuts of the main window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from designer import arrange, icons, template_import, theme
from designer import help as help_
from designer.exporting import PICTURE_FORMATS, text_formats
from designer.find import find_box
from designer.paths import examples

if TYPE_CHECKING:
    from designer.main_window import MainWindow

Keys = QKeySequence.StandardKey


def _action(
    window: MainWindow, text: str, slot: Callable, shortcut=None, icon: str = "", tip: str = ""
) -> QAction:
    action = QAction(text, window)
    if icon:
        action.setIcon(icons.icon(icon))
        action.setProperty("icon-name", icon)  # redrawn in the text colour of a new theme
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def create_actions(w: MainWindow) -> dict[str, QAction]:
    """Every command of the window, by name."""
    a: dict[str, QAction] = {
        "new": _action(w, "&New", w.new_document, Keys.New, "new", "Start a blank design"),
        "open": _action(w, "&Open…", w.open_dialog, Keys.Open, "open", "Open a topology file"),
        "save": _action(w, "&Save", w.save, Keys.Save, "save", "Save the design"),
        "save_as": _action(w, "Save &As…", w.save_as, Keys.SaveAs, "", "Save under a new name"),
        "quit": _action(w, "&Quit", w.close, Keys.Quit),
        "delete": _action(
            w,
            "&Delete",
            w.delete_selection,
            [Keys.Delete, "Backspace"],
            "delete",
            "Delete the selection (with the nodes' edges)",
        ),
        "cut": _action(w, "Cu&t", w.cut, Keys.Cut),
        "copy": _action(w, "&Copy", w.copy, Keys.Copy),
        "paste": _action(w, "&Paste", w.paste, Keys.Paste),
        "duplicate": _action(w, "D&uplicate", w.duplicate, "Ctrl+D"),
        "select_all": _action(w, "Select &All", w.select_all, Keys.SelectAll),
        "rename": _action(w, "&Rename", w.rename_selection, "F2", "", "Rename the selected node"),
        "zoom_in": _action(
            w, "Zoom &In", w.view.zoom_in, [Keys.ZoomIn, "Ctrl+="], "zoom-in", "Zoom in"
        ),
        "zoom_out": _action(w, "Zoom &Out", w.view.zoom_out, Keys.ZoomOut, "zoom-out", "Zoom out"),
        "fit": _action(w, "&Fit to View", w.view.fit, "Ctrl+0", "fit", "Show the whole design"),
        "actual": _action(w, "Actual &Size", lambda: w.view.set_zoom(1.0), "Ctrl+1"),
        "layout": _action(
            w,
            "&Auto-layout",
            w.auto_layout,
            "Ctrl+L",
            "layout",
            "Arrange the nodes in layers, left to right",
        ),
        "snap": _action(w, "&Snap to Grid", w.toggle_snap, None, "grid", "Snap nodes to the grid"),
        "find": _action(
            w,
            "&Find Node…",
            lambda: find_box(w).open(),
            Keys.Find,
            "",
            "Find a node by id or label",
        ),
    }
    for how, text in arrange.ALIGNS.items():
        a[f"align_{how}"] = _action(w, text, lambda h=how: arrange.align(w, h))
    for axis, text in arrange.DISTRIBUTE.items():
        a[f"distribute_{axis}"] = _action(w, text, lambda x=axis: arrange.distribute(w, x))
    w.view.nudged.connect(lambda dx, dy, big: arrange.nudge(w, dx, dy, big))
    a["overview"] = _action(
        w, "&Overview Map", lambda: toggle_overview(w), "Ctrl+M", "", "Show the whole design"
    )
    a["overview"].setCheckable(True)
    a["snap"].setCheckable(True)
    a["snap"].setChecked(w.scene.snap_to_grid)
    undo = w.doc.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcuts([QKeySequence(Keys.Undo)])
    undo.setIcon(icons.icon("undo"))
    undo.setProperty("icon-name", "undo")
    redo = w.doc.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcuts([QKeySequence(Keys.Redo), QKeySequence("Ctrl+Y")])
    redo.setIcon(icons.icon("redo"))
    redo.setProperty("icon-name", "redo")
    a["undo"], a["redo"] = undo, redo
    return a


def create_menus(w: MainWindow, a: dict[str, QAction]) -> dict[str, QMenu]:
    """File, Edit, View, Arrange and Help menus."""
    bar = w.menuBar()
    menus = {
        name: bar.addMenu(title)
        for name, title in (
            ("file", "&File"),
            ("edit", "&Edit"),
            ("view", "&View"),
            ("arrange", "&Arrange"),
            ("help", "&Help"),
        )
    }
    file = menus["file"]
    file.addAction(a["new"])
    from_example = file.addMenu("New from &Example")
    for path in examples():
        from_example.addAction(_action(w, _example_title(path), lambda p=path: w.new_document(p)))
    file.addAction(a["open"])
    file.addAction(
        _action(w, "&Import SAM/CloudFormation…", lambda: template_import.import_dialog(w))
    )
    w.recent_menu = file.addMenu("Open &Recent")
    w.recent_menu.aboutToShow.connect(w.fill_recent_menu)
    file.addSeparator()
    file.addAction(a["save"])
    file.addAction(a["save_as"])
    export = file.addMenu(icons.icon("export"), "&Export")
    for fmt, title, _ in text_formats():
        export.addAction(_action(w, f"{title}…", lambda f=fmt: w.export_text(f)))
    export.addSeparator()
    for fmt, title in PICTURE_FORMATS.items():
        export.addAction(
            _action(w, f"Canvas as {title.split(' (')[0]}…", lambda f=fmt: w.export_picture(f))
        )
    file.addSeparator()
    file.addAction(a["quit"])
    edit = menus["edit"]
    for name in (
        "undo",
        "redo",
        None,
        "cut",
        "copy",
        "paste",
        "duplicate",
        "delete",
        None,
        "rename",
        "select_all",
        None,
        "find",
    ):
        edit.addSeparator() if name is None else edit.addAction(a[name])
    view = menus["view"]
    for name in ("zoom_in", "zoom_out", "fit", "actual", None, "snap", "overview"):
        view.addSeparator() if name is None else view.addAction(a[name])
    view.addSeparator()
    _theme_menu(w, view.addMenu("&Theme"))
    w.panels_menu = view.addMenu("&Panels")
    view.addAction(_action(w, "Reset &Layout", w.reset_layout))
    menus["arrange"].addAction(a["layout"])
    menus["arrange"].addSeparator()
    for how in arrange.ALIGNS:
        menus["arrange"].addAction(a[f"align_{how}"])
    menus["arrange"].addSeparator()
    for axis in arrange.DISTRIBUTE:
        menus["arrange"].addAction(a[f"distribute_{axis}"])
    sheet = _action(w, "&Keyboard Shortcuts", lambda: help_.ShortcutSheet(w).exec(), "Ctrl+/")
    menus["help"].addAction(sheet)
    menus["help"].addAction(
        _action(
            w, "&File Format…", lambda: help_.FormatGuide(w).exec(), "F1", "", "The file format"
        )
    )
    menus["help"].addSeparator()
    menus["help"].addAction(_action(w, "&About Eventscape", lambda: help_.about(w)))
    return menus


def create_toolbar(w: MainWindow, a: dict[str, QAction]) -> QToolBar:
    """The main toolbar."""
    bar = QToolBar("Main toolbar")
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    for name in (
        "new",
        "open",
        "save",
        None,
        "undo",
        "redo",
        "delete",
        None,
        "zoom_in",
        "zoom_out",
        "fit",
        None,
        "layout",
        "snap",
    ):
        bar.addSeparator() if name is None else bar.addAction(a[name])
    help_.add_shortcuts_to_tooltips(list(a.values()))
    return bar


def _example_title(path) -> str:
    """The example's `name:` line, else its file name."""
    import re

    try:
        found = re.search(r"^name:\s*(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        found = None
    return (
        found.group(1).strip().strip("'\"") if found else path.stem.replace("-", " ").capitalize()
    )


def toggle_overview(w: MainWindow) -> None:
    """View > Overview Map: the whole design in the canvas's corner (made on first use)."""
    from designer.canvas.overview import OverviewMap

    overview = getattr(w, "overview_map", None)
    if overview is None:
        overview = OverviewMap(w.view)
        w.overview_map = overview  # type: ignore[attr-defined]
    shown = w.actions_["overview"].isChecked() if hasattr(w, "actions_") else True
    overview.setVisible(shown)
    if shown:
        overview.place()
        overview.refit()


def _theme_menu(w: MainWindow, menu: QMenu) -> None:
    """View > Theme: System (follows the desktop), Light, Dark; remembered."""
    from PySide6.QtGui import QActionGroup
    from PySide6.QtWidgets import QApplication

    group = QActionGroup(menu)
    chosen = theme.saved_choice(w.settings)

    def choose(choice: str) -> None:
        w.settings.setValue(theme.SETTING, choice)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.set_theme(app, choice)

    for choice in theme.CHOICES:
        action = QAction(choice.capitalize(), menu, checkable=True)
        action.setChecked(choice == chosen)
        action.triggered.connect(lambda _c=False, c=choice: choose(c))
        group.addAction(action)
        menu.addAction(action)
    w.theme_actions = {a.text().lower(): a for a in group.actions()}  # type: ignore[attr-defined]
