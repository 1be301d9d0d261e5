"""A check-up of a data directory: the data file, the journal, permissions, the lock, backups.

Nothing here changes a file, except that finding out whether the lock is free
means taking it for a moment (and the lock file is created if it is missing).
Each finding says in words what was found and, when something is wrong, what
to do about it.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from coach.errors import DataInUseError, StoreError
from coach.storage import backups, datafile, parts
from coach.storage.files import (
    PRIVATE_DIR,
    PRIVATE_FILE,
    TEMP_SUFFIX,
    folder_refusal,
    read_own_file,
)
from coach.storage.journal import JournalDamaged, apply_changes, read_journal
from coach.storage.layout import (
    COMMITMENTS,
    CONVERSATIONS,
    DATA_NAME,
    JOURNAL_NAME,
    KEY_NAME,
    LOCK_NAME,
    PARTS_DIR,
    PEOPLE,
)
from coach.storage.loading import lost_data_file
from coach.storage.lock import WriterLock
from coach.storage.unlocking import DATA_ROLE, is_encrypted, journal_opener, key_file_bytes, unseal

OK, NOTE, PROBLEM = "ok", "note", "problem"


@dataclass
class Finding:
    """One line of the check-up."""

    topic: str  # "data file", "journal", "permissions", "lock", "backups"
    level: str  # OK, NOTE (worth knowing, nothing wrong) or PROBLEM
    text: str


def check(directory: Path) -> list[Finding]:
    """Every finding about the data in `directory`, in a fixed order."""
    if not directory.exists():
        return [Finding("data file", OK, f"no data yet: {directory} does not exist")]
    generation = -1
    findings = []
    data, generation, snapshot = _check_data_file(directory)
    findings.append(data)
    findings.append(_check_journal(directory, generation))
    if snapshot is not None and snapshot.parts:
        findings.append(_check_parts(directory, snapshot))
    findings.append(_check_encryption(directory))
    findings.append(_check_permissions(directory))
    if folder_refusal(directory):  # taking the lock would create a file there
        findings.append(Finding("lock", NOTE, "not checked: coach will not use this folder"))
    else:
        findings.append(_check_lock(directory))
    findings.append(_check_backups(directory, damaged=data.level == PROBLEM))
    leftovers = sorted(
        path.name for path in directory.rglob(f"*{TEMP_SUFFIX}") if path.name.startswith(".")
    )
    if leftovers:
        findings.append(
            Finding(
                "temporary files",
                NOTE,
                f"{len(leftovers)} left by a coach that was stopped; the next start removes them",
            )
        )
    return findings


def _check_data_file(directory: Path) -> tuple[Finding, int, datafile.Snapshot | None]:
    path = directory / DATA_NAME
    try:
        raw = read_own_file(path)
        plain = None if raw is None else unseal(directory, path, raw, DATA_ROLE)
        snapshot = None if plain is None else datafile.decode(path, plain)
    except OSError as error:
        return Finding("data file", PROBLEM, f"{path} cannot be read: {error.strerror}"), -1, None
    except StoreError as error:
        return Finding("data file", PROBLEM, str(error)), -1, None
    if raw is None or snapshot is None:
        if os.path.lexists(directory / JOURNAL_NAME):
            missing = f"{path} is missing, but its journal is not"
            return Finding("data file", PROBLEM, missing), -1, None
        lost = lost_data_file(path)
        if lost:
            return Finding("data file", PROBLEM, f"{path} {lost}"), -1, None
        return Finding("data file", OK, "no data yet"), -1, None
    tables = _with_journal(directory, snapshot)
    counts = ", ".join(
        f"{len(tables.get(name, {})):,} {name}" for name in (PEOPLE, CONVERSATIONS, COMMITMENTS)
    )
    text = f"{path.name}, format version {snapshot.schema_version}, {_size(len(raw))}: {counts}"
    return Finding("data file", OK, text), snapshot.generation, snapshot


def _check_encryption(directory: Path) -> Finding:
    """Whether the data is sealed, and with what (its every part is read in `parts`)."""
    if not is_encrypted(directory):
        return Finding(
            "encryption",
            OK,
            "off: only who may read the files protects them (coach encrypt turns it on)",
        )
    try:
        document = json.loads(key_file_bytes(directory))
        kdf = document["kdf"]
        how = f"scrypt N={kdf['n']}, r={kdf['r']}, p={kdf['p']}"
    except (StoreError, ValueError, KeyError, TypeError):
        return Finding("encryption", PROBLEM, f"on, but the key file {KEY_NAME} cannot be read")
    return Finding(
        "encryption",
        OK,
        f"on: AES-256-GCM, its key wrapped by the passphrase ({how}) in {KEY_NAME}; "
        "every file opened with it",
    )


def _check_parts(directory: Path, snapshot: datafile.Snapshot) -> Finding:
    """Every part of the settled history the data file names: there, whole, as written."""
    damaged, size, records = [], 0, 0
    for ref in sorted(snapshot.parts.values(), key=lambda r: r.key):
        try:
            found = parts.read(directory, ref)
        except StoreError as error:
            damaged.append(str(error))
            continue
        held = sum(len(table) for table in found.values())
        if held != ref.documents:
            damaged.append(f"{ref.file} holds {held} records, not the {ref.documents} written")
        records += held
        size += (parts.folder(directory) / ref.file).stat().st_size
    if damaged:
        return Finding("parts", PROBLEM, "; ".join(damaged))
    months = len(snapshot.parts)
    return Finding(
        "parts",
        OK,
        f"{months} month{'s' if months > 1 else ''} of settled history in {PARTS_DIR}/, "
        f"{records:,} records, {_size(size)}: each read and checked",
    )


def _with_journal(directory: Path, snapshot: datafile.Snapshot) -> dict[str, dict[str, object]]:
    """The tables as coach will open them: the changes in the journal not yet folded into
    the data file applied (a journal that cannot be read has a finding of its own)."""
    tables = snapshot.tables
    try:
        raw = read_own_file(directory / JOURNAL_NAME)
        opener = journal_opener(directory, directory / JOURNAL_NAME)
        journal = read_journal(raw, opener) if raw else None
    except (OSError, StoreError, JournalDamaged):
        return tables
    if journal is not None and journal.generation == snapshot.generation:
        for changes in journal.changes:
            apply_changes(tables, changes)
    return tables


def _size(count: int) -> str:
    """A file size in words: '820 bytes', '18 KB', '12.0 MB'."""
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.0f} KB"
    return f"{count / 1_000_000:.1f} MB"


def _check_journal(directory: Path, generation: int) -> Finding:
    path = directory / JOURNAL_NAME
    try:
        raw = read_own_file(path)
        if raw is None:
            return Finding("journal", OK, "none: every change is in the data file")
        journal = read_journal(raw, journal_opener(directory, path))
    except OSError as error:
        return Finding("journal", PROBLEM, f"{path} cannot be read: {error.strerror}")
    except JournalDamaged as damage:
        return Finding("journal", PROBLEM, f"{path} is damaged: {damage}")
    except StoreError as error:
        return Finding("journal", PROBLEM, str(error))
    if journal is None or (generation >= 0 and journal.generation != generation):
        return Finding(
            "journal", NOTE, "left from before the last full save; the next start removes it"
        )
    text = f"{len(journal.changes)} changes since the last full save"
    if journal.good_length < len(raw):
        return Finding(
            "journal", NOTE, text + "; a change cut short by a crash (never confirmed) is dropped"
        )
    return Finding("journal", OK, text)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)  # of a link itself: its target is not coach's


def _check_permissions(directory: Path) -> Finding:
    refused = folder_refusal(directory)
    if refused:
        return Finding("permissions", PROBLEM, f"coach will not use this folder: {refused}")
    loose, linked = [], []
    if os.name == "posix":
        if stat.S_IMODE(directory.stat().st_mode) != PRIVATE_DIR:
            loose.append(f"{directory} is {stat.S_IMODE(directory.stat().st_mode):04o}")
        folder = backups.backup_dir(directory)
        if folder.is_dir() and not folder.is_symlink() and _mode(folder) != PRIVATE_DIR:
            loose.append(f"{folder} is {_mode(folder):04o}")
        files = [directory / name for name in (DATA_NAME, JOURNAL_NAME, LOCK_NAME)]
        files += [backup.path for backup in backups.list_backups(directory)]
        linked = [str(p) for p in [*files, folder] if p.is_symlink()]
        loose += [
            f"{p} is {_mode(p):04o}"
            for p in files
            if p.exists() and not p.is_symlink() and _mode(p) != PRIVATE_FILE
        ]
    if linked:
        return Finding(
            "permissions",
            PROBLEM,
            "symbolic links where coach keeps its own files: " + "; ".join(linked) + " (coach "
            "never follows them; move them away, then restore a backup if the data is gone)",
        )
    if loose:
        return Finding(
            "permissions",
            PROBLEM,
            "others may read your data: " + "; ".join(loose) + " (coach makes its files private "
            "again the next time it opens the data; a folder it did not just create it leaves "
            "to you: chmod 700 it)",
        )
    return Finding("permissions", OK, "directory 0700, files 0600: only you can read them")


def _check_lock(directory: Path) -> Finding:
    lock = WriterLock(directory)
    try:
        lock.acquire()
    except DataInUseError as error:
        holder = error.holder
        who = f"coach process {holder.pid}" if holder.pid else "another coach"
        where = f" on {holder.host}" if holder.host else ""
        since = f" since {holder.since}" if holder.since else ""
        return Finding("lock", NOTE, f"in use by {who}{where}{since}")
    except OSError as error:
        return Finding("lock", PROBLEM, f"cannot be taken: {error.strerror}")
    lock.release()
    return Finding("lock", OK, "free: no coach has the data open")


def _check_backups(directory: Path, *, damaged: bool) -> Finding:
    found = backups.list_backups(directory)
    good = backups.newest_good(directory)
    if not found:
        level = PROBLEM if damaged else NOTE
        return Finding("backups", level, "none yet (one is taken when coach opens the data)")
    if good is None:
        return Finding("backups", PROBLEM, f"{len(found)}, and none of them can be read")
    text = f"{len(found)}, the newest good one from {good.describe()}"
    if damaged:
        text += "; restore it with: coach doctor --restore"
    return Finding("backups", OK, text)
