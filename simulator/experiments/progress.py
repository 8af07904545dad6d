"""A progress bar with an ETA on stderr (rich), shown only when stderr is a terminal."""

from __future__ import annotations

from types import TracebackType
from typing import Any


class Bar:
    """`with Bar("sweep", total) as bar: bar.update(done, total)`; silent off a terminal."""

    def __init__(self, title: str, total: int | None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=False,
        )
        self._task = self._progress.add_task(title, total=total)

    def update(self, done: int, total: int | None = None, note: str | None = None) -> None:
        """Show `done` of `total` finished replications (and a note in the description)."""
        changes: dict[str, Any] = {"completed": done}
        if total is not None:
            changes["total"] = total
        if note is not None:
            changes["description"] = note
        self._progress.update(self._task, **changes)

    def __enter__(self) -> Bar:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()


__all__ = ["Bar"]
