"""A TinyDB Storage that never loses an acknowledged write.

Stock TinyDB rewrites its file in place on every change and re-parses it on every
read.  This storage reads the data once and keeps the committed state in memory.
A change is acknowledged only once it is on disk: appended to the journal and
flushed with fsync (see coach.storage.journal), or, for a new database and at compaction,
written as a whole new data file through an fsynced temporary file and an atomic
rename.  If writing fails the files are left as they were and the in-memory
state is not changed, so memory and disk always agree.

Committed documents are never mutated in place: coach's table class replaces
documents rather than updating them (see coach.store.documents).  A save names
the documents it changes (`change`), so it costs the same with ten conversations
or a hundred thousand: only those documents are written to the journal and put in
memory, and a failed write puts back exactly the ones it replaced.  TinyDB's own
whole-table writes still work: their change is found by comparing document
identity, which costs microseconds a document, not a serialization.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coach.errors import ReadOnlyError, StoreError, reason_for
from coach.storage import backups, datafile, migrations
from coach.storage.files import (
    ensure_user_dir,
    fsync_dir,
    make_private,
    open_private,
    read_own_file,
    remove_stale_temp_files,
    replace_atomically,
    write_all,
)
from coach.storage.journal import Changes, encode_line, header_line
from coach.storage.layout import DATA_NAME, JOURNAL_NAME
from coach.storage.loading import load
from coach.storage.lock import WriterLock

Tables = dict[str, dict[str, Any]]

# Rewrite the data file once the journal outgrows it (and at least this much).
COMPACT_AT_LEAST = 1024 * 1024
# Closing folds the journal into a data file up to this size (a few ms), no larger.
FOLD_ON_CLOSE_UP_TO = 256 * 1024


class DurableStorage(Storage):
    """Durable, locked, versioned storage for one data directory."""

    def __init__(self, directory: Path, *, read_only: bool = False) -> None:
        self.directory = directory
        self.path = directory / DATA_NAME
        self.journal_path = directory / JOURNAL_NAME
        self.read_only = read_only
        self._lock = WriterLock(directory)
        self._state: Tables = {}
        # Inside a transaction: what it changed so far, and how to put memory back.
        self._pending: Changes | None = None
        self._undo: Changes = {}
        self._generation = 0
        self._snapshot_size = 0
        self._journal_fd: int | None = None
        self._journal_size = 0
        self._journal_records = 0
        self._journal_live = False  # the journal on disk continues this generation
        # A failed append could not be cut off again: the journal may end with a change
        # the user was told was not saved, so it must not be appended to or kept.
        self._journal_unsound = False
        # What loading found, for _settle to act on.
        self._torn_tail = False
        self._migrated_from: int | None = None
        self.warnings: list[str] = []  # for the user: opened, but something is not right

    # -- opening --------------------------------------------------------------------

    @classmethod
    def open(
        cls, directory: Path, *, read_only: bool = False, back_up: bool = True
    ) -> DurableStorage:
        """Open the data in `directory`, taking the writer lock unless read-only (and the
        backup that is due, unless not to `back_up` yet)."""
        storage = cls(directory, read_only=read_only)
        if read_only:
            storage._load()
            return storage
        try:
            ensure_user_dir(directory)
            storage._lock.acquire()
        except OSError as error:
            raise StoreError(f"Could not open {directory}: {reason_for(error)}.") from error
        try:
            storage._load()
            storage._settle(back_up=back_up)
        except OSError as error:
            storage._lock.release()
            raise StoreError(f"Could not open {directory}: {reason_for(error)}.") from error
        except BaseException:
            storage._lock.release()
            raise
        return storage

    def _load(self) -> None:
        loaded = load(self.path, self.journal_path)
        self._state = loaded.tables
        self._generation = loaded.generation
        self._snapshot_size = loaded.snapshot_size
        self._journal_live = loaded.journal_live
        self._journal_records = loaded.journal_records
        self._journal_size = loaded.journal_size
        self._torn_tail = loaded.torn_tail
        self._migrated_from = loaded.migrated_from

    def _settle(self, *, back_up: bool) -> None:
        """After loading as the writer: tidy what a crash left, migrate, back up."""
        remove_stale_temp_files(self.directory, DATA_NAME)
        remove_stale_temp_files(self.directory, JOURNAL_NAME)
        backups.remove_stale_temp_files(self.directory)
        for path in (self.path, self.journal_path):
            if path.exists():  # loading refused a link or a special file there
                make_private(path)
        if not self.path.exists():
            return
        if self._migrated_from is not None:
            # The file is as loaded: this process holds the lock and has not written yet.
            backups.take_backup(
                self.directory,
                read_own_file(self.path) or b"",
                datetime.now(),
                label=f"before-upgrade-v{self._migrated_from}",
            )
            self.compact()
        elif not self._journal_live:
            self._drop_journal()  # stale (from before a finished compaction) or torn
        elif self._torn_tail:
            # The torn line was never acknowledged; cut it so appends follow sound lines.
            fd = open_private(self.journal_path, os.O_WRONLY)
            try:
                os.ftruncate(fd, self._journal_size)
                os.fsync(fd)
            finally:
                os.close(fd)
        if back_up:
            self.back_up_if_due()

    def back_up_if_due(self) -> None:
        """Take a backup if the newest is old enough; a failure becomes a warning."""
        now = datetime.now()
        if backups.backup_due(self.directory, now):
            try:
                if not self.path.exists():
                    return
                # From memory, journal included: the data file itself is left alone, so
                # a backup never costs a rewrite of the history as well.
                raw = self.path_bytes() if not self._journal_records else None
                backups.take_backup(
                    self.directory, raw or datafile.encode(self._state, self._generation), now
                )
            except (OSError, StoreError) as error:
                # The data itself is sound: open it, and say the backup is missing.
                reason = reason_for(error) if isinstance(error, OSError) else str(error)
                self.warnings.append(f"Could not make today's backup: {reason}")

    def path_bytes(self) -> bytes | None:
        """The data file's bytes as they are on disk (None if there is none)."""
        return read_own_file(self.path)

    # -- the TinyDB Storage interface ----------------------------------------------

    def read(self) -> Tables:
        """The state in memory (a transaction's changes included), as a new outer dict
        TinyDB may edit; the tables themselves are only read (see `write`)."""
        return dict(self._state)

    def write(self, data: Tables) -> None:
        """Make `data` the committed state, durably, or raise and change nothing."""
        self._save(_changes_between(self._state, data))

    def change(self, table: str, documents: dict[str, Any]) -> None:
        """Put each document (or remove it, for None) in `table`, durably, or raise and
        change nothing: one edit's change, found without looking at the rest."""
        if documents:
            self._save({table: dict(documents)})

    def close(self) -> None:
        """Fold the journal in if that is quick, then give up the lock.

        With a long history folding would rewrite all of it on every quit (a second at
        20,000 conversations), so the journal then stays for the next start to read,
        and is folded in once it has grown (see `_commit`).  A journal that may end
        with a change never acknowledged is always folded in: it must not be carried on.
        """
        quick = self._snapshot_size <= FOLD_ON_CLOSE_UP_TO
        if not self.read_only and (self._journal_unsound or (self._journal_records and quick)):
            with contextlib.suppress(StoreError):
                self.compact()  # the journal still holds everything if this fails
        self._close_journal()
        self._lock.release()

    # -- transactions -----------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several TinyDB writes into one durable change (all or nothing)."""
        if self._pending is not None:
            yield  # already inside one: the outer transaction commits
            return
        self._pending, self._undo = {}, {}
        try:
            yield
        except BaseException:
            _apply(self._state, self._undo)
            raise
        else:
            self._commit(self._pending, self._undo)
        finally:
            self._pending, self._undo = None, {}

    # -- committing -----------------------------------------------------------------

    def _save(self, changes: Changes) -> None:
        """Put `changes` in memory, and on disk unless a transaction will (all or none)."""
        if self.read_only:
            raise ReadOnlyError()
        if not changes:
            return
        undo = _apply(self._state, changes)
        if self._pending is None:
            self._commit(changes, undo)
            return
        for name, documents in changes.items():
            self._pending.setdefault(name, {}).update(documents)
            earliest = self._undo.setdefault(name, {})
            for doc_id, before in undo[name].items():
                earliest.setdefault(doc_id, before)  # what it was before the transaction

    def _commit(self, changes: Changes, undo: Changes) -> None:
        """Make `changes`, already in memory, durable; else put memory back (`undo`)."""
        if not changes:
            return
        try:
            if not self.path.exists():
                self._write_data_file(self._state, self._generation)
                return
            if self._journal_unsound:
                # A new generation of the data file makes the whole journal stale.
                self._write_data_file(self._state, self._generation + 1)
                self._generation += 1
                self._drop_journal()
                return
            self._append(encode_line({"changes": changes}))
        except BaseException:
            _apply(self._state, undo)
            raise
        self._journal_records += 1
        if self._journal_size > max(COMPACT_AT_LEAST, self._snapshot_size):
            # The change is already durable in the journal; a failed compaction
            # only means the journal keeps growing until the next try.
            with contextlib.suppress(StoreError):
                self.compact()

    def compact(self) -> None:
        """Rewrite the data file with everything, then start an empty journal."""
        self._write_data_file(self._state, self._generation + 1)
        self._generation += 1
        self._drop_journal()

    def _write_data_file(self, tables: Tables, generation: int) -> None:
        raw = datafile.encode(tables, generation)
        try:
            replace_atomically(self.path, raw)
        except OSError as error:
            raise StoreError(f"Could not save: {reason_for(error)}.") from error
        self._snapshot_size = len(raw)

    def _append(self, line: bytes) -> None:
        try:
            fd = self._journal()
        except OSError as error:
            raise StoreError(f"Could not save: {reason_for(error)}.") from error
        before = self._journal_size
        try:
            write_all(fd, line)
            os.fsync(fd)
        except OSError as error:
            self._take_back(fd, before)
            raise StoreError(f"Could not save: {reason_for(error)}.") from error
        self._journal_size = before + len(line)

    def _take_back(self, fd: int, before: int) -> None:
        """Undo a failed append: the change was not acknowledged, so no trace of it may stay."""
        try:
            if self._journal_records == 0:
                # The journal was started for this change alone: the files go back to
                # exactly what they were by removing it (the data file holds everything).
                self._close_journal()
                self._journal_live = False
                self.journal_path.unlink()
                with contextlib.suppress(OSError):
                    fsync_dir(self.directory)
            else:
                os.ftruncate(fd, before)
                os.fsync(fd)
        except OSError:
            self._journal_unsound = True  # the next save rewrites the data file instead

    def _journal(self) -> int:
        if self._journal_fd is not None:
            return self._journal_fd
        if not self._journal_live:
            header = header_line(self._generation, migrations.SCHEMA_VERSION)
            replace_atomically(self.journal_path, header)
            self._journal_size = len(header)
            self._journal_live = True
        self._journal_fd = open_private(self.journal_path, os.O_WRONLY | os.O_APPEND)
        return self._journal_fd

    def _drop_journal(self) -> None:
        # Called once the data file holds everything: from here the journal is stale
        # (its generation is older), so failing to delete it is harmless.
        self._close_journal()
        self._journal_live = False
        self._journal_unsound = False
        self._journal_size = 0
        self._journal_records = 0
        with contextlib.suppress(OSError):
            self.journal_path.unlink()
        with contextlib.suppress(OSError):
            fsync_dir(self.directory)

    def _close_journal(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None


def _changes_between(before: Tables, after: Tables) -> Changes:
    changes: Changes = {}
    for name, table in after.items():
        old = before.get(name, {})
        if table is old:
            continue
        delta: dict[str, Any] = {k: doc for k, doc in table.items() if old.get(k) is not doc}
        delta.update({k: None for k in old if k not in table})
        if delta:
            changes[name] = delta
    for name, old in before.items():
        if name not in after and old:
            changes[name] = dict.fromkeys(old)
    return changes


def _apply(tables: Tables, changes: Changes) -> Changes:
    """Put `changes` into `tables` in place; returns the change that puts them back.

    Only the tables' dicts change, never a document (a change replaces it whole),
    and a table left empty goes, as TinyDB leaves none.  The caller holds the store's
    lock, so no reader sees a change half made.
    """
    undo: Changes = {}
    for name, documents in changes.items():
        table = tables.setdefault(name, {})
        before = undo[name] = {}
        for doc_id, document in documents.items():
            before[doc_id] = table.get(doc_id)
            if document is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = document
        if not table:
            del tables[name]
    return undo
