"""Dialog answers for a main window under test: nothing ever blocks."""

from __future__ import annotations

from pathlib import Path


class Prompts:
    """Every question answered without a dialog."""

    def export_path(self, suggested: str, file_filter: str) -> Path | None:
        return None

    def unsaved_changes(self, name: str) -> str:
        return "discard"

    def show_problems(self, title: str, summary: str, problems: list[str]) -> None:
        pass

    def recover(self, description: str) -> bool:
        return False

    def error(self, title: str, message: str) -> None:
        pass
