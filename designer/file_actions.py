"""Document files for the main window: new, open, save, recent files, recovery, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from designer import exporting, file_guard, template_import
from designer.errors import write_failed
from designer.paths import DEFAULT_EXAMPLE, EXAMPLES
from designer.recovery import Recovery
from simulator.files import TopologyError, clean_stale_temps, load, save
from simulator.model import Topology

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow, QMenu

    from designer.canvas.scene import TopologyScene
    from designer.canvas.view import CanvasView
    from designer.document import Document
    from designer.prompts import Prompts
    from designer.validation import Validator

    _Window = QMainWindow  # what the mixin is mixed into, for the type checker
else:
    _Window = object

MAX_RECENT = 10


class FileMixin(_Window):
    """Open/save/recent/recovery/export behaviour of MainWindow (which sets these)."""

    doc: Document
    scene: TopologyScene
    view: CanvasView
    settings: QSettings
    prompts: Prompts
    validator: Validator
    recovery: Recovery
    recent_menu: QMenu
    _disk: file_guard.Stamp | None = None  # the open file on disk when last read or written
    _asking_disk = False

    # --- new and open -------------------------------------------------------------------
    def new_document(self, example: Path | None = None, ask: bool = True) -> bool:
        """A blank design, or a copy of an example (saved under a new name)."""
        if ask and not self.maybe_save():
            return False
        if example is None:
            topology = Topology(name="Untitled")
        else:
            try:
                topology = load(example)
            except TopologyError as exc:
                self.report_broken(example, exc)
                return False
        self.doc.reset(topology, None)
        self._disk = None
        self.view.fit()
        self.statusBar().showMessage(
            f"New design{f' from {example.name}' if example else ''}", 4000
        )
        return True

    def open_dialog(self) -> bool:
        """Ask for a file and open it."""
        if not self.maybe_save():
            return False
        start = self.doc.path.parent if self.doc.path else self._last_dir()
        path = self.prompts.open_path(str(start))
        return self.open_file(path, ask=False) if path else False

    def open_file(self, path: Path | str, ask: bool = True) -> bool:
        """Open a topology file; a broken one lists its problems and changes nothing."""
        path = Path(path)
        if template_import.looks_like_template(path):  # a SAM/CloudFormation template
            return template_import.import_file(self, path, ask=ask)
        if is_bundled_example(path):  # never overwritten: it opens as an untitled copy
            opened = self.new_document(path, ask=ask)
            if opened:
                self.remember_recent(path.resolve())
            return opened
        if ask and not self.maybe_save():
            return False
        clean_stale_temps(path)  # left by a save that was interrupted
        try:
            topology = load(path)
        except TopologyError as exc:
            self.report_broken(path, exc)
            return False
        self.doc.reset(topology, path.resolve())
        self._disk = file_guard.stamp(path)
        self.remember_recent(path.resolve())
        self.view.fit()
        self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def report_broken(self, path: Path, exc: TopologyError) -> None:
        """Show every problem of a file that cannot be opened."""
        problems = [str(p) for p in exc.problems]
        count = len(problems)
        summary = f"{path.name} cannot be opened: {count} problem{'s' * (count != 1)}."
        self.statusBar().showMessage(summary, 8000)
        self.prompts.show_problems("Cannot open file", summary, problems)

    def open_dropped(self, paths: list[str]) -> None:
        """Open the first topology file dropped on the window."""
        for name in paths:
            if Path(name).suffix.lower() in (".yaml", ".yml", ".json"):
                self.open_file(Path(name))
                return
        self.statusBar().showMessage("Drop a .yaml, .yml or .json topology file to open it", 5000)

    # --- save ---------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to replace the document (saved, discarded or clean)."""
        if not self.doc.is_dirty:
            return True
        answer = self.prompts.unsaved_changes(self.doc.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def save(self) -> bool:
        """Save to the document's file (asks for one the first time)."""
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self, path: Path | None = None) -> bool:
        """Save under a new name."""
        if path is None:
            suggested = self.doc.path or self._save_dir() / _file_name(self.doc.topology.name)
            path = self.prompts.save_path(str(suggested))
            if path is None:
                return False
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the model to `path` atomically; report a failure instead of raising.

        Never saves a file that could not be opened again; asks before replacing a file
        another program changed since it was opened, or a read-only file.
        """
        if is_bundled_example(Path(path)):
            self.prompts.error("Cannot save", _in_examples(Path(path)))
            return False
        if not self._may_overwrite(Path(path)):
            return False
        problems = file_guard.reopen_problems(self.doc.topology, Path(path))
        if problems:
            summary = f"{Path(path).name} is not saved: Eventscape could not open it again."
            self.prompts.show_problems("Cannot save", summary, problems)
            return False
        try:
            save(self.doc.topology, path)
        except OSError as exc:
            self.prompts.error("Cannot save", write_failed("save the design", path, exc))
            return False
        except ValueError as exc:
            self.prompts.error("Cannot save", f"Could not write {path}:\n{exc}")
            return False
        self.doc.topology.base_dir = path.resolve().parent
        self.doc.mark_saved(path.resolve())
        self._disk = file_guard.stamp(path)
        self.remember_recent(path.resolve())
        self.recovery.discard()
        errors = sum(1 for i in self.validator.run_now() if i.severity == "error")
        note = f" — {errors} error{'s' * (errors != 1)} remain, see Problems" if errors else ""
        self.statusBar().showMessage(f"Saved {path}{note}", 5000)
        return True

    def _may_overwrite(self, path: Path) -> bool:
        """Ask before replacing a file changed on disk since it was opened, or a read-only one."""
        if path.resolve() == self.doc.path and self.disk_changed():
            answer = self.prompts.file_changed(path.name, saving=True)
            if answer == "reload":
                self.reload_from_disk()
                return False
            if answer != "keep":
                return False
        return not file_guard.read_only(path) or self.prompts.overwrite_read_only(path.name)

    # --- the open file changed on disk -----------------------------------------------------
    def disk_changed(self) -> bool:
        """True when the open file differs on disk from what was last read or written."""
        if self.doc.path is None or self._disk is None:
            return False
        now = file_guard.stamp(self.doc.path)
        return now is not None and now != self._disk

    def check_disk(self) -> None:
        """Notice a change another program made to the open file (called on focus).

        Without unsaved changes here the file is reloaded; otherwise the user chooses
        between reloading it and keeping this version (which the next save writes).
        """
        if self._asking_disk or not self.disk_changed():
            return
        assert self.doc.path is not None
        self._asking_disk = True
        try:
            name = self.doc.path.name
            if not self.doc.is_dirty or self.prompts.file_changed(name, saving=False) == "reload":
                self.reload_from_disk()
            else:
                self._disk = file_guard.stamp(self.doc.path)
        finally:
            self._asking_disk = False

    def reload_from_disk(self) -> bool:
        """Read the open file again, replacing the model (its problems if it is broken)."""
        path = self.doc.path
        if path is None:
            return False
        try:
            topology = load(path)
        except TopologyError as exc:
            self._disk = file_guard.stamp(path)  # ask again only after another change
            self.report_broken(path, exc)
            return False
        self.doc.reset(topology, path)
        self._disk = file_guard.stamp(path)
        self.statusBar().showMessage(f"Reloaded {path.name}: it changed on disk", 6000)
        return True

    # --- recent files -------------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        """Recently opened or saved files, newest first."""
        value = self.settings.value("recent", []) or []
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [Path(str(p)) for p in items]

    def remember_recent(self, path: Path) -> None:
        """Put `path` first in the recent list."""
        paths = [str(path)] + [str(p) for p in self.recent_files() if p != path]
        self.settings.setValue("recent", paths[:MAX_RECENT])
        self.settings.setValue("last_dir", str(path.parent))
        self.settings.sync()

    def fill_recent_menu(self) -> None:
        """Rebuild the Open Recent submenu."""
        self.recent_menu.clear()
        paths = self.recent_files()
        for path in paths:
            action = self.recent_menu.addAction(f"{path.name}  —  {path.parent}")
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _c=False, p=path: self.open_file(p))
        if not paths:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # --- start-up, autosave and recovery --------------------------------------------------
    def start(self, path: Path | None = None) -> None:
        """What to show first: recovered work, FILE, the last file, or the e-commerce example."""
        if self.offer_recovery():
            return
        if path is not None and self.open_file(path, ask=False):
            return
        if path is None:
            recent = [p for p in self.recent_files() if p.exists()]
            launched = self.settings.value("launched", False, type=bool)
            if recent and launched and self.open_file(recent[0], ask=False):
                return
            if DEFAULT_EXAMPLE.exists() and self.new_document(DEFAULT_EXAMPLE):
                self.settings.setValue("launched", True)
                return
        self.settings.setValue("launched", True)

    def autosave(self) -> Path | None:
        """Write the recovery file now (done every minute while there are unsaved changes)."""
        try:
            return self.recovery.write(self.doc)
        except OSError as exc:
            self.statusBar().showMessage(f"Autosave failed: {exc}", 5000)
            return None

    def offer_recovery(self) -> bool:
        """Offer the newest work a crashed session left; True when it was restored."""
        leftovers = self.recovery.leftovers()
        if not leftovers:
            return False
        newest = leftovers[0]  # older ones stay for the next start: nothing goes unoffered
        if not self.prompts.recover(newest.description):
            Recovery.remove(newest)
            return False
        try:
            topology = Recovery.load(newest)
        except TopologyError as exc:  # keep the file: the work may still be saved by hand
            self.report_broken(newest.data, exc)
            self.statusBar().showMessage(f"The recovered work is kept in {newest.data}", 0)
            return False
        original = newest.original_path
        if original is not None:
            topology.base_dir = original.parent
        self.doc.reset(topology, original, dirty=True)
        self._disk = file_guard.stamp(original)
        self.view.fit()
        self.statusBar().showMessage("Recovered unsaved work: save it to keep it", 8000)
        Recovery.remove(newest)
        return True

    # --- export -------------------------------------------------------------------------
    def export_text(self, fmt: str, path: Path | None = None) -> bool:
        """Export the model in one of the CLI's formats."""
        title, file_filter = next((t, f) for f_, t, f in exporting.text_formats() if f_ == fmt)
        topology = self.doc.topology
        side = None
        sides = exporting.sam_sides(topology) if fmt == "sam" else []
        if len(sides) > 1:  # a template deploys to one account and Region: which one?
            chosen = self.prompts.choose_side([exporting.side_label(topology, s) for s in sides])
            if chosen is None:
                return False
            side = sides[chosen]
        if path is None:
            ext = file_filter.split("*")[1].rstrip(")")
            stem = self._export_stem()
            if side is not None and chosen:  # not the scenario's: name the side
                stem = stem.with_name(f"{stem.name}-{side[0]}-{side[1]}")
            path = self.prompts.export_path(str(stem.with_suffix(ext)), file_filter)
            if path is None:
                return False
        if is_bundled_example(Path(path)):
            self.prompts.error("Export failed", _in_examples(Path(path)))
            return False
        try:
            report = exporting.write_text(topology, fmt, path, side)
        except OSError as exc:
            self.prompts.error("Export failed", write_failed(f"export {title}", path, exc))
            return False
        except ValueError as exc:
            self.prompts.error("Export failed", f"Could not export {title}:\n{exc}")
            return False
        if report:
            summary = exporting.report_summary(fmt, path, report)
            self.prompts.show_problems(f"{title}: export report", summary, report)
        self.statusBar().showMessage(f"Exported {title} to {path}", 5000)
        return True

    def export_picture(self, fmt: str, path: Path | None = None) -> bool:
        """Export the canvas as PNG or SVG."""
        if path is None:
            suggested = self._export_stem().with_suffix(f".{fmt}")
            path = self.prompts.export_path(str(suggested), exporting.PICTURE_FORMATS[fmt])
            if path is None:
                return False
        try:
            if fmt == "png":
                exporting.write_png(self.scene, Path(path))
            else:
                exporting.write_svg(self.scene, Path(path), self.doc.topology.name)
        except OSError as exc:
            message = write_failed("export the canvas picture", path, exc)
            self.prompts.error("Export failed", message)
            return False
        self.statusBar().showMessage(f"Exported the canvas to {path}", 5000)
        return True

    def _last_dir(self) -> Path:
        """The folder of the last open or save ("" -> the working folder)."""
        return Path(str(self.settings.value("last_dir", "")))

    def _save_dir(self) -> Path:
        """Where to suggest saving a new file: the last folder, unless that is the installed
        examples folder (a copy of an example would be offered the example's own name)."""
        folder = self._last_dir()
        return Path.home() if is_bundled_example(folder) else folder

    def _export_stem(self) -> Path:
        if self.doc.path:
            return self.doc.path.with_suffix("")
        return self._save_dir() / _file_name(self.doc.topology.name, "")


def _file_name(name: str, suffix: str = ".yaml") -> str:
    import re

    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", name.strip().lower()).strip("-") or "untitled"
    return stem + suffix


def _in_examples(path: Path) -> str:
    """Why a file in the installed examples folder is not written."""
    return (
        f"{path} is in the examples folder installed with Eventscape, which is never "
        "changed (an example opens as an untitled copy). Save your design in another "
        "folder, for example your home folder."
    )


def is_bundled_example(path: Path) -> bool:
    """True for a file inside the installed examples folder."""
    try:
        return path.resolve().is_relative_to(EXAMPLES.resolve())
    except OSError:
        return False
