"""Entry point: `eventscape [FILE] [--screenshot OUT.png]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SCREENSHOT_SIZE = (1400, 900)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="eventscape", description="Eventscape designer")
    parser.add_argument("file", nargs="?", type=Path, help="topology file to open (.yaml/.json)")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="render the window at 1400x900 to OUT.png and exit",
    )
    parser.add_argument(
        "--run",
        action="store_true",
        help="run the file's scenario at once (with --screenshot: to completion, then render)",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE.ini",
        help="keep settings (layout, recent files) in this file",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the designer; with --screenshot, save a picture of the window and exit."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.screenshot and "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from designer.main_window import MainWindow
    from designer.style import apply_theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["eventscape"])
    app.setApplicationName("Eventscape")
    app.setOrganizationName("Eventscape")
    apply_theme(app)
    if args.screenshot:
        return _screenshot(args, MainWindow)
    settings = (
        QSettings(str(args.settings), QSettings.Format.IniFormat)
        if args.settings
        else QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Eventscape", "designer"
        )
    )
    window = open_main_window(app, settings, MainWindow)
    window.start(args.file)
    if args.run:
        window.run_ui.start()
    return app.exec()


def _screenshot(args: argparse.Namespace, window_class) -> int:
    """Open FILE in a window with default layout, render it, save OUT.png."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from designer.prompts import Prompts

    class _Quiet(Prompts):
        """Never block: report problems on stderr instead of in dialogs."""

        def show_problems(self, title: str, summary: str, problems: list[str]) -> None:
            print(summary, *problems, sep="\n", file=sys.stderr)

        def recover(self, description: str) -> bool:
            return False

    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = window_class(settings, _Quiet(), Path(tmp) / "recovery", restore_layout=False)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        if args.file is None:
            window.start(None)  # fresh settings: what a first launch shows (the example)
        elif not window.open_file(args.file, ask=False):
            return 1
        for _ in range(3):
            QApplication.processEvents()
        window.validator.run_now()
        window.view.fit()
        QApplication.processEvents()
        if args.run and not _run_to_end(window):
            return 1
        image = window.grab()
        ok = image.save(str(args.screenshot))
        window.doc.undo_stack.setClean()
        window.close()
    if not ok:
        print(f"cannot write {args.screenshot}", file=sys.stderr)
        return 1
    return 0


def _run_to_end(window) -> bool:
    """--run with --screenshot: simulate the scenario in the window until it finishes."""
    from designer.run import run_to_end

    if run_to_end(window):
        return True
    print("the run did not finish", file=sys.stderr)
    return False


if __name__ == "__main__":
    raise SystemExit(main())


def open_main_window(app, settings, window_class):
    """Show the main window, then apply the chosen theme (View > Theme; System follows the
    desktop): a theme reaches the windows on screen, so a window shown after it kept the
    light toolbar icons and white charts of its construction."""
    window = window_class(settings)
    window.show()
    follow_theme(app, settings)
    return window


def follow_theme(app, settings) -> None:
    """Apply the chosen theme now, and again when the desktop's scheme changes."""
    from designer import theme

    theme.set_theme(app, theme.saved_choice(settings))
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(
        lambda _scheme: theme.saved_choice(settings) == "system" and theme.set_theme(app, "system")
    )
