"""Where command-line output may go: say what is wrong with a path before writing to it."""

from __future__ import annotations

import os
from pathlib import Path


def output_file_problem(path: Path) -> str | None:
    """What is wrong with `path` as a file to write (None when it looks writable)."""
    path = Path(path)
    if path.is_dir():
        return "is a folder; give a file name inside it"
    if path.exists() and not path.is_file():
        return "is not a regular file (a device, pipe or socket); give a file name"
    return _folder_problem(path.parent)


def output_dir_problem(path: Path) -> str | None:
    """What is wrong with `path` as a folder to write files into (None when it looks usable)."""
    path = Path(path)
    if path.exists():
        if not path.is_dir():
            return "exists and is not a folder; give a folder name (it is created if missing)"
        return None if os.access(path, os.W_OK) else "no permission to write in this folder"
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    return _folder_problem(ancestor) if ancestor.exists() else None


def _folder_problem(folder: Path) -> str | None:
    folder = folder if str(folder) else Path(".")
    if not folder.exists():
        return f"folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK):
        return f"no permission to write in folder {folder}"
    return None


def output_error(path: Path, exc: OSError) -> str:
    """A one-line reason for a failed write, naming the path."""
    return f"{path}: cannot write: {exc.strerror or exc}"
