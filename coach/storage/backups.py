"""Rotating backups of the data file, and restoring one of them.

A backup is taken when coach opens the data, at most once an hour and only when
something changed, and always before a migration or a restore.  The newest ten
are kept.  Backups are whole data files, so any of them can be opened as is: the
records at hand with every part of the settled history kept inside (see
coach.storage.datafile), written piece by piece from the files as they are.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from coach.errors import StoreError
from coach.storage import datafile, unlocking
from coach.storage.files import (
    ensure_private_dir,
    fsync_dir,
    read_own_file,
    replace_atomically,
    replace_atomically_from,
)
from coach.storage.layout import BACKUP_DIR, CONVERSATIONS, DATA_NAME, PEOPLE

KEEP = 10
INTERVAL = timedelta(hours=1)
_STAMP = "%Y%m%d-%H%M%S"
# Microseconds in backup names keep name order equal to time order.
_PRECISE = "%Y%m%d-%H%M%S-%f"
_PRECISE_LENGTH = len("20261122-093000-123456")


@dataclass
class Backup:
    """One backup file, with what it holds when it could be read."""

    path: Path
    taken: datetime
    people: int = 0
    conversations: int = 0

    def describe(self) -> str:
        """'Sun 22 Nov 2026 09:30 (4 people, 12 conversations)'; '(1 person, 1 conversation)'."""
        when = self.taken.strftime("%a %d %b %Y %H:%M")
        people = "1 person" if self.people == 1 else f"{self.people:,} people"
        talks = f"{self.conversations:,} conversation" + ("" if self.conversations == 1 else "s")
        return f"{when} ({people}, {talks})"


def backup_dir(directory: Path) -> Path:
    """Where the backups of the data in `directory` live."""
    return directory / BACKUP_DIR


def list_backups(directory: Path) -> list[Backup]:
    """Every backup, newest first."""
    found = []
    folder = backup_dir(directory)
    if folder.is_symlink() or not folder.is_dir():
        return []  # a link is never followed (health and take_backup say why)
    for path in folder.glob("coach-*.json"):
        try:
            taken = _taken(path.stem[6 : 6 + _PRECISE_LENGTH])
        except ValueError:
            continue
        found.append(Backup(path=path, taken=taken))
    return sorted(found, key=lambda backup: (backup.taken, backup.path.name), reverse=True)


def _taken(stamp: str) -> datetime:
    """When '20261122-093000-123456' (_PRECISE) was; ValueError if it is no such time.
    Not strptime: every start lists the backups, and strptime's first call compiles the
    patterns of every format it knows (~1 ms)."""
    digits = stamp[:8] + stamp[9:15] + stamp[16:]
    if (
        len(stamp) != _PRECISE_LENGTH
        or stamp[8] + stamp[15] != "--"
        or not (digits.isascii() and digits.isdigit())
    ):
        raise ValueError(f"not a backup's time: {stamp!r}")
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    hour, minute, second = int(digits[8:10]), int(digits[10:12]), int(digits[12:14])
    return datetime(year, month, day, hour, minute, second, int(digits[14:]))  # checks ranges


def sealed_as(path: Path) -> tuple[Path, str]:
    """The data directory whose key opens the file `path` to restore from, and the role it
    was sealed for: a backup's, or a data file's for a copy a restore kept aside beside
    the data (`coach.json.before-restore-…`)."""
    if path.name.startswith(f"{DATA_NAME}."):
        return path.parent, unlocking.DATA_ROLE
    return path.parents[1], unlocking.BACKUP_ROLE


def counted(backup: Backup) -> Backup | None:
    """The backup with what it holds filled in, or None if it cannot be read."""
    try:
        raw = read_own_file(backup.path) or b""
        directory, role = sealed_as(backup.path)
        plain = unlocking.unseal(directory, backup.path, raw, role)
        snapshot = datafile.decode(backup.path, plain)
    except (OSError, StoreError):
        return None
    backup.people = len(snapshot.tables.get(PEOPLE, {}))
    backup.conversations = len(snapshot.tables.get(CONVERSATIONS, {}))
    return backup


def newest_good(directory: Path) -> Backup | None:
    """The newest backup that opens cleanly, with its counts filled in."""
    for backup in list_backups(directory):
        if counted(backup) is not None:
            return backup
    return None


def backup_due(directory: Path, now: datetime) -> bool:
    """Whether the newest backup is old enough that another is worth taking."""
    backups = list_backups(directory)
    return not backups or now - backups[0].taken >= INTERVAL


def take_backup(
    directory: Path,
    raw: bytes | Iterable[bytes],
    now: datetime,
    label: str = "",
    *,
    as_is: bool = False,
) -> Path | None:
    """Save `raw` (a whole data file, or its pieces: the records at hand and every part
    inside, larger than is worth holding in memory) as a new backup, unless it equals
    the newest one; sealed if the data is, unless `as_is` (sealed already, by a
    conversion)."""
    folder = backup_dir(directory)
    ensure_private_dir(folder)
    backups = list_backups(directory)
    path = _new_name(folder, now, label)
    pieces: Iterable[bytes] = (raw,) if isinstance(raw, bytes) else raw
    newest = backups[0].path if backups and not label else None
    key = None if as_is else unlocking.held(directory)
    if key is not None:
        # Sealed, as every file of encrypted data; with a fresh nonce every time, so two
        # backups of the same data never have the same bytes: each is kept.
        pieces, newest = key.seal_pieces(pieces, unlocking.BACKUP_ROLE), None
    if not replace_atomically_from(path, pieces, unless_same_as=newest):
        return None
    for old in list_backups(directory)[KEEP:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
    return path


def _new_name(folder: Path, now: datetime, label: str) -> Path:
    # A later backup always gets a later name, even within the same microsecond.
    newest = list_backups(folder.parent)
    if newest and newest[0].taken >= now:
        now = newest[0].taken + timedelta(microseconds=1)
    return folder / f"coach-{now.strftime(_PRECISE)}{'-' + label if label else ''}.json"


def remove_stale_temp_files(directory: Path) -> None:
    """Remove temporary files left in the backup folder by a killed coach."""
    folder = backup_dir(directory)
    if folder.is_dir() and not folder.is_symlink():
        for leftover in folder.glob(".coach-*.json.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def keep_aside(path: Path, now: datetime, why: str) -> Path | None:
    """Keep the file under a new name as well, leaving it in place; returns the new name.

    A hard link where the file system has them (instant, whatever the size), else a
    copy; either way `path` itself never goes missing, so a crash here loses nothing.
    """
    if not path.exists():
        return None
    aside = free_name(path, now, why)
    try:
        os.link(path, aside, follow_symlinks=False)
    except FileExistsError:
        raise  # never replace a file that is already there
    except OSError:  # no hard links on this file system
        replace_atomically(aside, path.read_bytes())
    fsync_dir(path.parent)
    return aside


def free_name(path: Path, now: datetime, why: str) -> Path:
    """`path`'s name with `why` and the time added (and a serial if that is taken)."""
    aside = path.with_name(f"{path.name}.{why}-{now.strftime(_STAMP)}")
    serial = 1
    while aside.exists():
        serial += 1
        aside = path.with_name(f"{path.name}.{why}-{now.strftime(_STAMP)}-{serial}")
    return aside
