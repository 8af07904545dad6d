"""Autosave to a recovery file, and finding the files a crashed session left behind."""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from designer.document import Document
from simulator.files import STALE_SECONDS, dumps, load, write_atomic
from simulator.model import Topology

INTERVAL_MS = 60_000


@dataclass(frozen=True)
class Leftover:
    """A recovery file from a session that did not close properly."""

    data: Path
    meta: dict

    @property
    def description(self) -> str:
        """What it holds, for the recovery question."""
        original = self.meta.get("path") or "an unsaved design"
        saved = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.meta.get("time", 0)))
        return f"“{self.meta.get('name', 'Untitled')}” ({original}), autosaved {saved}"

    @property
    def original_path(self) -> Path | None:
        """The file the design was opened from, if any."""
        path = self.meta.get("path")
        return Path(path) if path else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class Recovery:
    """This session's recovery file in `directory`, plus the ones crashed sessions left."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.data = self.directory / f"session-{self.session}.yaml"
        self.meta = self.data.with_suffix(".json")

    def write(self, doc: Document) -> Path | None:
        """Save the document's model if it has unsaved changes; remove the file otherwise."""
        if not doc.is_dirty:
            self.discard()
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(self.data, dumps(doc.topology, "yaml"))
        meta = {
            "pid": os.getpid(),
            "session": self.session,
            "path": str(doc.path) if doc.path else None,
            "name": doc.topology.name,
            "time": time.time(),
        }
        write_atomic(self.meta, json.dumps(meta))
        return self.data

    def discard(self) -> None:
        """Remove this session's recovery file (after a save or a clean exit)."""
        self.data.unlink(missing_ok=True)
        self.meta.unlink(missing_ok=True)

    def leftovers(self) -> list[Leftover]:
        """Recovery files of sessions that are no longer running, newest first.

        Temporary files of autosaves that were interrupted (a crash mid-write) are removed.
        """
        for tmp in self.directory.glob(".session-*.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - tmp.stat().st_mtime > STALE_SECONDS:
                    tmp.unlink()
        found = []
        for meta_path in self.directory.glob("session-*.json"):
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            data = meta_path.with_suffix(".yaml")
            if meta.get("session") == self.session or not data.exists():
                continue
            if _alive(int(meta.get("pid", 0))) and meta.get("pid") != os.getpid():
                continue  # another Eventscape window is still running
            found.append(Leftover(data, meta))
        return sorted(found, key=lambda x: x.meta.get("time", 0), reverse=True)

    @staticmethod
    def load(leftover: Leftover) -> Topology:
        """The design a leftover holds (raises TopologyError when unreadable).

        Read like any file (size cap, regular files only, the safe loader).
        """
        return load(leftover.data)

    @staticmethod
    def remove(leftover: Leftover) -> None:
        """Delete a leftover once offered."""
        leftover.data.unlink(missing_ok=True)
        leftover.data.with_suffix(".json").unlink(missing_ok=True)
