"""Getting going again after a data file could not be read: restore or start afresh.

Nothing here deletes: the unreadable file (and its journal) are renamed aside
with a timestamp, so they can still be examined or recovered by hand.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from coach.storage.backups import Backup, newest_good, set_aside
from coach.storage.files import replace_atomically
from coach.storage.layout import DATA_NAME, JOURNAL_NAME
from coach.storage.lock import WriterLock


def recover(directory: Path, action: str) -> str:
    """Restore the newest good backup ("restore") or start afresh ("afresh"), keeping the
    unreadable files aside; says what was done.  Raises OSError or StoreError."""
    if action == "restore":
        backup, aside = restore_newest_backup(directory)
        done = f"Restored the backup of {backup.describe()}."
    else:
        aside = start_afresh(directory)
        done = "Started afresh."
    kept = ", ".join(str(path) for path in aside)
    return f"{done} The unreadable file is kept as {kept}." if kept else done


def restore_newest_backup(directory: Path) -> tuple[Backup, list[Path]]:
    """Put the newest readable backup in place; returns it and where the old files went."""
    backup = newest_good(directory)
    if backup is None:
        raise FileNotFoundError("there is no readable backup")
    return backup, restore_backup(directory, backup)


def restore_backup(directory: Path, backup: Backup, why: str = "damaged") -> list[Path]:
    """Put `backup` in place of the data, moving the current files aside (never deleting).

    The data file and its journal are renamed with `why` and a timestamp; the lock
    is held throughout, so this refuses (DataInUseError) while a coach is open.
    Returns where the previous files went.
    """
    raw = backup.path.read_bytes()
    lock = WriterLock(directory)
    lock.acquire()
    try:
        aside = _set_aside(directory, why)
        replace_atomically(directory / DATA_NAME, raw)
    finally:
        lock.release()
    return aside


def start_afresh(directory: Path) -> list[Path]:
    """Move the unreadable files aside so coach starts with no data."""
    lock = WriterLock(directory)
    lock.acquire()
    try:
        return _set_aside(directory, "damaged")
    finally:
        lock.release()


def _set_aside(directory: Path, why: str) -> list[Path]:
    now = datetime.now()
    moved = [set_aside(directory / name, now, why) for name in (DATA_NAME, JOURNAL_NAME)]
    return [path for path in moved if path is not None]
