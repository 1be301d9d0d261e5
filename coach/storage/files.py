"""Durable file primitives: private permissions, atomic replacement, fsync."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
TEMP_SUFFIX = ".tmp"


def ensure_private_dir(path: Path) -> None:
    """Create the directory if needed and make it 0700 whatever the umask."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in this directory durable."""
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals renames itself.
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_private(path: Path, flags: int) -> int:
    """Open (creating if asked) a file that only its owner can read or write."""
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        # The mode given to os.open is filtered by the umask; fchmod is not.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_all(fd: int, data: bytes) -> None:
    """Write every byte: os.write may write fewer than asked."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temp_path_for(path: Path) -> Path:
    """The temporary sibling a new version of `path` is written to."""
    return path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")


def replace_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The bytes go to a private temporary file in the same directory, are flushed to
    disk, renamed over the target, and the directory entry is flushed too.  If any
    step fails the target is untouched and the temporary file is removed.
    """
    temp = temp_path_for(path)
    fd = open_private(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    # The new file is in place and is what every reader now sees; if flushing the
    # directory entry fails, reporting "not saved" would make memory and disk
    # disagree, so the rename stands (only its survival of a power cut is less sure).
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def remove_stale_temp_files(directory: Path, name: str) -> None:
    """Remove temporary files a killed writer of `name` left behind."""
    for leftover in directory.glob(f".{name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
