"""File errors in the user's words: what failed, why, and what to do about it."""

from __future__ import annotations

import errno
from pathlib import Path


def write_failed(what: str, path: Path | str, exc: OSError) -> str:
    """`Could not save the summary to /x/y.json: the folder /x does not exist. …`."""
    path = Path(path)
    return f"Could not {what} to {path}: {_why(path, exc)}"


def _why(path: Path, exc: OSError) -> str:
    folder = path.parent
    code = exc.errno
    missing = not folder.exists()  # also for errors without a code (a failed image save)
    if missing or isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return (
            f"the folder {folder} does not exist.\n"
            "Choose an existing folder in the file dialog, or create this one first."
        )
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return (
            f"you may not write in {folder}.\n"
            "Choose a folder of your own (for example your home or Documents folder)."
        )
    if isinstance(exc, IsADirectoryError):
        return "that is a folder, not a file.\nType a file name after the folder."
    if isinstance(exc, NotADirectoryError):
        return f"part of {folder} is a file, not a folder.\nChoose another folder."
    if code == errno.ENOSPC:
        return "the disk is full.\nFree some space, or choose a folder on another disk."
    if code == errno.EROFS:
        return "that disk is read-only.\nChoose a folder on a disk you can write to."
    reason = exc.strerror or str(exc)
    return f"{reason[:1].lower()}{reason[1:]}.\nCheck the folder and the file name, then try again."
