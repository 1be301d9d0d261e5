"""Getting going again after a data file could not be read: restore or start afresh.

Nothing here deletes what is not kept elsewhere, and nothing leaves a moment without a
data file: the current file (and its journal) are first kept under a new name with a
timestamp (a whole copy, or a hard link or a copy as it is, so they can still be
examined or restored), then the backup, or an empty data file, takes the data file's
place by one atomic replace.  A restore killed at any moment leaves either the data as
it was or the backup.  A file to restore is read whole first, the parts it names too:
one that cannot be is refused before anything is changed.

The data file kept aside is kept whole where it can be read, its parts inside it as a
backup holds them (`_kept_whole`; what came after it is in the journal kept beside it):
it needs nothing in parts/, so once the new data file is in place its parts, which no
file coach reads names any more, are removed instead of staying there for good.  A
damaged one is linked as it is, and every part is left where it is.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from coach.errors import StoreError
from coach.storage import datafile, migrations, parts, unlocking
from coach.storage.backups import Backup, free_name, keep_aside, newest_good, sealed_as
from coach.storage.files import (
    fsync_dir,
    read_own_file,
    replace_atomically,
    replace_atomically_from,
)
from coach.storage.journal import JournalDamaged, read_journal
from coach.storage.layout import DATA_NAME, JOURNAL_NAME
from coach.storage.lock import WriterLock
from coach.storage.unlocking import (
    DATA_ROLE,
    journal_opener,
    seal,
    unseal,
)


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


# A data file's list of parts comes last (datafile.chunks); in a whole one, each part is
# kept inside it there.  (Keys of coach's own: in any text a quote would be escaped.)
_PARTS, _INLINE = b',"parts":{', b',"inline":'


def restore_backup(directory: Path, backup: Backup, why: str = "damaged") -> list[Path]:
    """Put `backup` in place of the data, keeping the current files aside (never deleting).

    The data file and its journal are kept under names with `why` and a timestamp;
    the lock is held throughout, so this refuses (DataInUseError) while a coach is
    open.  Returns where the previous files were kept.
    """
    raw = unseal(directory, backup.path, backup.path.read_bytes(), sealed_as(backup.path)[1])
    lock = WriterLock(directory)
    lock.acquire()
    try:
        # Read (and so checked) before anything is changed; the file chosen may be any
        # data file, not only a backup: one that names parts in parts/, which must be
        # there as it wrote them, and stay.
        its_generation, its_parts = _generation_and_parts(directory, raw)
        aside, taken_in = _keep_aside(directory, why)
        generation = max(*_generations(directory), its_generation) + 1
        restored = datafile.restamped(raw, generation)
        _put_in_place(directory, seal(directory, restored, DATA_ROLE))
        _remove_parts(directory, [name for name in taken_in if name not in its_parts])
    finally:
        lock.release()
    return aside


def _generation_and_parts(directory: Path, raw: bytes) -> tuple[int, set[str]]:
    """The generation of the data file `raw` and the part files it names (a backup: none),
    each read and checked: CorruptDataError if one is missing or damaged, so that a file
    that can no longer be read whole is refused.  (Parsed here, and let go on return:
    not held while the file is restamped.)"""
    snapshot = datafile.decode(directory, raw)
    for ref in snapshot.parts.values():
        parts.read_bytes(directory, ref)
    return snapshot.generation, {ref.file for ref in snapshot.parts.values()}


def start_afresh(directory: Path) -> list[Path]:
    """Keep the unreadable files aside and put an empty data file in their place.

    An empty data file rather than none: a directory with backups but no data file
    is one a restore was cut short in, and coach says so instead of starting empty.
    """
    lock = WriterLock(directory)
    lock.acquire()
    try:
        aside, taken_in = _keep_aside(directory, "damaged")
        generation = max(_generations(directory)) + 1
        _put_in_place(directory, seal(directory, datafile.encode({}, generation), DATA_ROLE))
        _remove_parts(directory, taken_in)
    finally:
        lock.release()
    return aside


def _keep_aside(directory: Path, why: str) -> tuple[list[Path], list[str]]:
    """The data file and its journal kept under new names; and the part files the data
    file's copy holds inside it now, if it could be kept whole."""
    now = datetime.now()
    whole = _kept_whole(directory, now, why)
    data = whole[0] if whole else keep_aside(directory / DATA_NAME, now, why)
    kept = [data, keep_aside(directory / JOURNAL_NAME, now, why)]
    return [path for path in kept if path is not None], whole[1] if whole else []


def _kept_whole(directory: Path, now: datetime, why: str) -> tuple[Path, list[str]] | None:
    """The data file copied under a new name with every part inside it, as a backup is
    (sealed as the data file is, if the data is: `coach encrypt` and `decrypt` convert it
    as they do every copy kept aside); with the part files it named or had replaced.
    None if it names no parts, or it or any of them cannot be read: it is linked as is."""
    path = directory / DATA_NAME
    try:
        snapshot = datafile.decode(path, unseal(directory, path, path.read_bytes(), DATA_ROLE))
        if not snapshot.parts or snapshot.schema_version != migrations.SCHEMA_VERSION:
            return None
        pieces = datafile.chunks(
            snapshot.tables,
            snapshot.generation,
            parts=snapshot.parts,
            hot_since=snapshot.hot_since,
            inline=lambda ref: parts.read_plain(directory, ref),
        )
        key = unlocking.held(directory)
        if key is not None:
            pieces = key.seal_pieces(pieces, DATA_ROLE)
        aside = free_name(path, now, why)
        replace_atomically_from(aside, pieces)
    except (OSError, StoreError):
        return None  # (a part that cannot be read stops the copy before it is in place)
    fsync_dir(directory)
    named = [ref.file for ref in snapshot.parts.values()]
    return aside, named + [name for name in snapshot.superseded if name not in named]


def _remove_parts(directory: Path, names: list[str]) -> None:
    """Remove the part files that the whole copy kept aside now holds inside it, but for
    those another data file kept aside still names: one kept by an earlier restore as a
    link (by an older coach, or damaged), whose parts the data file may still have named
    (restored from it).  While one of them cannot be read, none is removed."""
    needed = _named_by_copies(directory)
    if needed is None:
        return
    gone = [name for name in names if name not in needed]
    if gone:
        parts.remove_files(directory, gone)
        with contextlib.suppress(OSError):  # (removed; the restore itself is done)
            fsync_dir(parts.folder(directory))


def _named_by_copies(directory: Path) -> set[str] | None:
    """The part files that the data files kept aside name (a whole one names none it needs:
    each holds its parts inside it); None if one of them cannot be read."""
    found: set[str] = set()
    for path in directory.glob(f"{DATA_NAME}.*"):
        try:
            # (Refusing a link, a FIFO or a device: then nothing is removed.)
            raw = unseal(directory, path, read_own_file(path) or b"", DATA_ROLE)
            if raw.find(_INLINE, max(raw.rfind(_PARTS), 0)) >= 0:
                continue  # whole: its parts are inside it (and it is not read further)
            found |= {ref.file for ref in datafile.decode(path, raw).parts.values()}
        except (OSError, StoreError):
            return None
    return found


def _generations(directory: Path) -> list[int]:
    """Every generation the new data file must be later than: no journal may continue it,
    and no fold of it may write a part file under a name one of the files there has (a
    damaged data file's, which it cannot say)."""
    found = [0]
    sources = [(directory / DATA_NAME, False), (directory / JOURNAL_NAME, True)]
    for path, is_journal in sources:
        with contextlib.suppress(OSError, StoreError, JournalDamaged):
            raw = path.read_bytes()
            if is_journal:
                journal = read_journal(raw, journal_opener(directory, path))
                found.append(journal.generation if journal else 0)
            else:
                plain = unseal(directory, path, raw, DATA_ROLE)
                found.append(datafile.decode(path, plain).generation)
    with contextlib.suppress(OSError):
        for name in os.listdir(parts.folder(directory)):
            found.append(parts.generation_of(name) or 0)
    return found


def _put_in_place(directory: Path, raw: bytes) -> None:
    """Replace the data file by `raw` in one step, then drop the journal it makes stale."""
    journal = directory / JOURNAL_NAME
    if journal.exists() and not _readable_journal(journal):
        # A damaged journal would make the new data file unreadable too; it is kept
        # aside already, and the data file it belonged to could not be read anyway.
        journal.unlink()
        fsync_dir(directory)
    replace_atomically(directory / DATA_NAME, raw)
    # The journal continues an older generation now, so it is never replayed; removing it
    # is tidying, and a crash before it only leaves what the next start removes.
    with contextlib.suppress(FileNotFoundError):
        journal.unlink()
    fsync_dir(directory)


def _readable_journal(path: Path) -> bool:
    try:
        read_journal(path.read_bytes(), journal_opener(path.parent, path))
    except (OSError, JournalDamaged):
        return False
    return True
