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

With years of history most records are settled: the storage is handed the
store's rule for which records are at hand (`place`), keeps only those in the
data file, and folds the rest into parts, one file a month (coach.storage.parts),
read only when a screen asks for everything (`read_everything`).  A fold
rewrites the data file and only the parts whose records changed.
"""

from __future__ import annotations

import contextlib
import os
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coach.errors import ReadOnlyError, StoreError, reason_for
from coach.storage import backups, collector, datafile, migrations, parts, unlocking
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
from coach.storage.layout import DATA_NAME, JOURNAL_NAME, KEY_NAME
from coach.storage.leftovers import tidy
from coach.storage.loading import add_part, load
from coach.storage.lock import WriterLock
from coach.storage.parts import PartRef

Tables = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Placement:
    """Where each record belongs, as the store's rule says on a day."""

    cold: dict[str, dict[str, str]]  # table -> id -> part key; every other record at hand
    # Table by table, the day from which every record dated then or later is at hand.
    hot_since: dict[str, str]
    # Records at hand that the first frame does without: in the data file's later section.
    later: dict[str, set[str]] = field(default_factory=dict)


# The store's rule: given every record known (at hand, and any parts read) and today.
Place = Callable[[Tables, date], Placement]

# Rewrite the data file once the journal outgrows it (and at least this much).
COMPACT_AT_LEAST = 1024 * 1024
# Closing folds the journal into a data file up to this size (a few ms), no larger.
FOLD_ON_CLOSE_UP_TO = 256 * 1024


class DurableStorage(Storage):
    """Durable, locked, versioned storage for one data directory."""

    def __init__(
        self, directory: Path, *, read_only: bool = False, place: Place | None = None
    ) -> None:
        self.directory = directory
        # Without a rule every record stays where it is found (the tests of the storage).
        self._place = place
        self._parts: dict[str, PartRef] = {}  # the settled history, as the data file names it
        self._hot_since: dict[str, str] | None = None
        self._read: set[str] = set()  # parts whose documents are in _state
        self._home: dict[str, dict[str, str]] = {}  # table -> id -> part, for those read
        # Every document changed since the data file was written (the journal's): newer
        # than any part's copy.
        self._changed: dict[str, set[str]] = {}
        self._everything = False  # asked for every record: keep each part read
        self._whole = False  # read from one file holding everything: to be put in parts
        self._old_layout = False  # written by coach 0.1.0, every record in one file
        self._superseded: list[str] = []  # part files the last fold replaced
        self.path = directory / DATA_NAME
        self.journal_path = directory / JOURNAL_NAME
        self.read_only = read_only
        self._lock = WriterLock(directory)
        self._state: Tables = {}
        # The data file's later section, not parsed yet (coach.storage.datafile); while it
        # is not, nothing has changed in memory but what the journal held (`_changed`).
        self._later: str | None = None
        self._first_frame = threading.local()  # reading only what the first frame needs
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
        cls,
        directory: Path,
        *,
        read_only: bool = False,
        back_up: bool = True,
        place: Place | None = None,
    ) -> DurableStorage:
        """Open the data in `directory`, taking the writer lock unless read-only (and the
        backup that is due, unless not to `back_up` yet); `place` is the store's rule for
        what stays at hand and what is folded into parts."""
        storage = cls(directory, read_only=read_only, place=place)
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
        with collector.paused():
            loaded = load(self.path, self.journal_path, leave_later=self._place is not None)
        self._state = loaded.tables
        # As text, now: the file's bytes, which the view would keep, are not held as well.
        self._later = None if loaded.later is None else datafile.later_text(loaded.later)
        self._generation = loaded.generation
        self._snapshot_size = loaded.snapshot_size
        self._journal_live = loaded.journal_live
        self._journal_records = loaded.journal_records
        self._journal_size = loaded.journal_size
        self._torn_tail = loaded.torn_tail
        self._migrated_from = loaded.migrated_from
        self._parts = loaded.parts
        self._hot_since = loaded.hot_since
        self._whole = loaded.whole
        self._old_layout = loaded.old_layout
        self._superseded = loaded.superseded
        self._changed = loaded.journaled
        self._home = {name: dict(found) for name, found in loaded.homes.items()}

    def _settle(self, *, back_up: bool) -> None:
        """After loading as the writer: tidy what a crash left, migrate, back up."""
        remove_stale_temp_files(self.directory, DATA_NAME)
        remove_stale_temp_files(self.directory, JOURNAL_NAME)
        remove_stale_temp_files(self.directory, KEY_NAME)  # a conversion cut short
        backups.remove_stale_temp_files(self.directory)
        for path in (self.path, self.journal_path):
            if path.exists():  # loading refused a link or a special file there
                make_private(path)
        if not self.path.exists():
            return
        in_use = {ref.file for ref in self._parts.values()}
        parts.remove_files(self.directory, [n for n in self._superseded if n not in in_use])
        parts.remove_leftovers(self.directory, in_use, self._generation)
        if self._migrated_from is not None or self._old_layout:
            # Written by an older coach: kept as it is before anything is rewritten. The
            # file is as loaded: this process holds the lock and has not written yet.
            label = f"before-upgrade-v{self._migrated_from or migrations.SCHEMA_VERSION}"
            backups.take_backup(
                self.directory, read_own_file(self.path) or b"", datetime.now(), label=label
            )
            self.compact()
        elif self._whole and self._place is not None:
            self.compact()  # a restored backup: its settled records go back into parts
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
        # A conversion cut short: what its old form left goes (once the new has a backup).
        tidy(self.directory)
        if back_up:
            self.back_up_if_due()

    def back_up_if_due(self) -> None:
        """Take a backup if the newest is old enough; a failure becomes a warning."""
        now = datetime.now()
        if backups.backup_due(self.directory, now):
            try:
                if not self.path.exists():
                    return
                if self._journal_records or self._journal_unsound:
                    # Fold first: then the backup is the data file and its parts as they
                    # are, which costs the records at hand and the parts changed, not
                    # the whole history.
                    self.compact()
                backups.take_backup(
                    self.directory, self.backup_pieces(self._generation, self._parts), now
                )
            except (OSError, StoreError) as error:
                # The data itself is sound: open it, and say the backup is missing.
                reason = reason_for(error) if isinstance(error, OSError) else str(error)
                self.warnings.append(f"Could not make today's backup: {reason}")

    def path_bytes(self) -> bytes | None:
        """The data file's bytes as they are on disk (None if there is none)."""
        return read_own_file(self.path)

    # -- for a conversion (coach.storage.conversion) --------------------------------------

    @property
    def generation(self) -> int:
        """The data file's generation."""
        return self._generation

    @property
    def manifest(self) -> dict[str, PartRef]:
        """The parts the data file names."""
        return dict(self._parts)

    def fold(self) -> None:
        """Fold the journal in, if it holds anything (a conversion starts from one file)."""
        if self._journal_records or self._journal_unsound or self._journal_live:
            self.compact()

    def data_file_bytes(self, generation: int, manifest: dict[str, PartRef]) -> bytes:
        """The data file, plain, as it would be written for `generation` naming `manifest`
        (the parts it replaces listed as superseded)."""
        replaced = [ref.file for ref in self._parts.values()]
        return datafile.encode(
            self._at_hand(),
            generation,
            parts=manifest,
            hot_since=self._hot_since,
            superseded=[
                name for name in replaced if name not in {r.file for r in manifest.values()}
            ],
        )

    def backup_pieces(self, generation: int, manifest: dict[str, PartRef]) -> Iterator[bytes]:
        """A whole backup of the data, plain, naming `manifest`'s parts with the same
        months' contents inside (read from the parts in use: the same records)."""
        return datafile.chunks(
            self._at_hand(),
            generation,
            parts=manifest,
            hot_since=self._hot_since,
            inline=lambda ref: parts.read_plain(self.directory, self._parts[ref.key]),
        )

    def switched(self, generation: int, manifest: dict[str, PartRef], size: int) -> None:
        """After a conversion put a new data file in place: carry on from it."""
        self._generation, self._parts, self._snapshot_size = generation, manifest, size
        self._superseded = []

    # -- the settled history ----------------------------------------------------------

    def at_hand(self, table: str | None = None, day: str | None = None) -> bool:
        """Whether every record of `table` dated `day` or later is in memory (without
        them: every record of every table)."""
        if self._everything or not self._parts:
            return True
        since = (self._hot_since or {}).get(table or "")
        return day is not None and since is not None and since <= day

    def read_everything(self) -> None:
        """Read every part not read yet, and keep them (a screen needs the whole history).

        Raises CorruptDataError, changing nothing already read, if a part is damaged.
        """
        for key in sorted(set(self._parts) - self._read):
            self._read_part(key)
        self._everything = True

    def unread_parts(self) -> dict[str, PartRef]:
        """The parts not in memory yet (to read them with `parts.read`, then `take`)."""
        return {key: ref for key, ref in self._parts.items() if key not in self._read}

    def take(self, read: dict[str, tuple[PartRef, Tables]]) -> bool:
        """Put parts read meanwhile into memory, those the data file still names (a fold
        may have replaced some); whether every part is in memory now."""
        for key, (ref, part) in read.items():
            if key not in self._read and self._parts.get(key) == ref:
                self._add_part(key, part)
        if not self.unread_parts():
            self._everything = True
        return self._everything

    def _read_part(self, key: str) -> None:
        with collector.paused():
            self._add_part(key, parts.read(self.directory, self._parts[key]))

    def _add_part(self, key: str, part: Tables) -> None:
        add_part(self._state, part, self._changed)
        for name, documents in part.items():
            homes = self._home.setdefault(name, {})
            for doc_id in documents:
                homes.setdefault(doc_id, key)
        self._read.add(key)

    @contextlib.contextmanager
    def first_frame(self) -> Iterator[None]:
        """Reads on this thread meanwhile need only what the dashboard's first frame shows
        (people, open commitments, conversations being prepared, the latest held): they
        leave the data file's later section unparsed."""
        self._first_frame.on = True
        try:
            yield
        finally:
            self._first_frame.on = False

    def changed_since_written(self, table: str) -> int:
        """How many records of `table` changed since the data file was written (those the
        journal holds, and this session's)."""
        return len(self._changed.get(table, ()))

    @property
    def later_read(self) -> bool:
        """Whether the data file's later section is in memory (or it has none)."""
        return self._later is None

    def take_later(self) -> None:
        """Parse the data file's later section into memory, if it is not yet (before
        anything changes, and before anything reads more than the first frame needs)."""
        text = self._later
        if text is None:
            return
        with collector.paused():
            later = datafile.parse_later(self.path, text)
        add_part(self._state, later, self._changed)  # the journal's copies are newer
        self._later = None
        collector.keep_for_good()  # as what was read at the start (see Opening)

    def _at_hand(self) -> Tables:
        """The documents in memory that are in no part (so in the data file)."""
        self.take_later()
        found: Tables = {}
        for name, table in self._state.items():
            homes = self._home.get(name)
            if not homes:
                found[name] = table
                continue
            changed = self._changed.get(name, set())
            kept = {k: doc for k, doc in table.items() if k not in homes or k in changed}
            if kept:
                found[name] = kept
        return found

    # -- the TinyDB Storage interface ----------------------------------------------

    def read(self) -> Tables:
        """The state in memory (a transaction's changes included), as a new outer dict
        TinyDB may edit; the tables themselves are only read (see `write`)."""
        if self._later is not None and not getattr(self._first_frame, "on", False):
            self.take_later()
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
        self.take_later()  # a change, or its undo, must not be put over by an older copy
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
                self.compact()  # the first data file: what is settled goes in parts at once
                return
            if self._journal_unsound:
                # A new generation of the data file makes the whole journal stale.
                self.compact()
                return
            seal = unlocking.journal_sealer(self.directory, self._generation)
            self._append(encode_line(self._journal_record(changes), seal))
        except BaseException:
            _apply(self._state, undo)
            raise
        for name, documents in changes.items():
            self._changed.setdefault(name, set()).update(documents)
        self._journal_records += 1
        if self._journal_size > max(COMPACT_AT_LEAST, self._snapshot_size):
            # The change is already durable in the journal; a failed compaction
            # only means the journal keeps growing until the next try.
            with contextlib.suppress(StoreError):
                self.compact()

    def _journal_record(self, changes: Changes) -> dict[str, Any]:
        """A journal line's payload: the change, and the part of each changed document
        that came from one (the next fold takes the old copy out of it)."""
        homes: dict[str, dict[str, str]] = {}
        for name, documents in changes.items():
            known = self._home.get(name)
            if known:
                found = {k: known[k] for k in documents if k in known}
                if found:
                    homes[name] = found
        return {"changes": changes, "homes": homes} if homes else {"changes": changes}

    def compact(self) -> None:
        """Fold: rewrite the data file with the records at hand, and the parts whose
        records changed, then start an empty journal.

        The new parts are written first, under new names; the data file naming them
        is put in place in one rename, which is the moment the fold happens; the old
        parts are removed after it.  A failure before the rename leaves everything as
        it was (the new files are removed, or by the next start if they cannot be).
        """
        self.take_later()
        generation = self._generation + 1
        target, affected, hot_since, later = self._fold_plan()
        written: list[str] = []
        manifest = {k: v for k, v in self._parts.items() if k not in affected}
        try:
            for key in sorted(affected):
                tables = _tables_of(self._state, target, key)
                count = sum(len(table) for table in tables.values())
                if not count:
                    continue
                name = parts.file_name(key, generation)
                folder = parts.ensure_folder(self.directory)
                raw = parts.sealed(self.directory, parts.encode(tables, key, generation), key)
                replace_atomically(folder / name, raw)
                written.append(name)
                manifest[key] = PartRef(key, name, count, zlib.crc32(raw))
            replaced = [self._parts[k].file for k in affected if k in self._parts]
            first, kept_back = _first_and_later(_tables_of(self._state, target, ""), later)
            self._write_data_file(
                first,
                generation,
                parts=manifest,
                hot_since=hot_since,
                superseded=replaced,
                later=kept_back,
            )
        except BaseException:
            parts.remove_files(self.directory, written)
            raise
        self._generation = generation
        self._drop_journal()
        parts.remove_files(self.directory, replaced)
        self._settled(target, manifest, hot_since)

    def _fold_plan(
        self,
    ) -> tuple[dict[str, dict[str, str]], set[str], dict[str, str] | None, dict[str, set[str]]]:
        """Where each record in memory goes, and which parts must be written again.

        A part is written again when a record leaves it (changed, removed, moved) or
        comes to it; one not read yet is read first, and the places found again,
        since its records count in the rule too (each person's last conversation).
        """
        for _ in range(4):
            target, hot_since, later = self._targets()
            affected: set[str] = set()
            for name, changed in self._changed.items():
                homes = self._home.get(name, {})
                affected.update(homes[k] for k in changed if k in homes)
            for name, table in self._state.items():
                homes = self._home.get(name, {})
                goes = target.get(name, {})
                for doc_id in table:
                    there, here = goes.get(doc_id, ""), homes.get(doc_id, "")
                    if there != here:
                        affected.update(k for k in (there, here) if k)
            unread = (affected & set(self._parts)) - self._read
            if not unread:
                return target, affected, hot_since, later
            for key in sorted(unread):
                self._read_part(key)
        raise StoreError("Could not save: the history could not be put in order.")

    def _targets(
        self,
    ) -> tuple[dict[str, dict[str, str]], dict[str, str] | None, dict[str, set[str]]]:
        if self._place is None:
            # No rule: a record read from a part goes back to it unless it changed.
            target = {
                name: {k: key for k, key in homes.items() if k not in self._changed.get(name, ())}
                for name, homes in self._home.items()
            }
            return target, self._hot_since, {}
        placement = self._place(self._state, date.today())
        return placement.cold, placement.hot_since, placement.later

    def _settled(
        self,
        target: dict[str, dict[str, str]],
        manifest: dict[str, PartRef],
        hot_since: dict[str, str] | None,
    ) -> None:
        """After a fold: memory holds the records at hand, and the parts read if every
        record was asked for (else they are let go: memory stays as small as the data
        file)."""
        self._parts, self._hot_since = manifest, hot_since
        self._changed, self._whole, self._old_layout, self._superseded = {}, False, False, []
        if self._everything:
            self._home = {name: dict(found) for name, found in target.items() if found}
            self._read = set(manifest)
            return
        for name, found in target.items():
            table = self._state.get(name)
            if table is None:
                continue
            for doc_id in found:
                table.pop(doc_id, None)
            if not table:
                del self._state[name]
        self._home, self._read = {}, set()

    def _write_data_file(
        self,
        tables: Tables,
        generation: int,
        *,
        parts: dict[str, PartRef] | None = None,
        hot_since: dict[str, str] | None = None,
        superseded: list[str] | None = None,
        later: Tables | None = None,
    ) -> None:
        raw = datafile.encode(
            tables,
            generation,
            parts=self._parts if parts is None else parts,
            hot_since=self._hot_since if hot_since is None else hot_since,
            superseded=superseded,
            later=later,
        )
        raw = unlocking.seal(self.directory, raw, unlocking.DATA_ROLE)
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
        try:
            self.journal_path.unlink()
        except OSError:
            return  # none there (the usual start), or it stays, harmless: nothing to flush
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


def _first_and_later(at_hand: Tables, later: dict[str, set[str]]) -> tuple[Tables, Tables]:
    """The records at hand split in two: what the first frame reads, and the rest."""
    first: Tables = {}
    rest: Tables = {}
    for name, table in at_hand.items():
        wanted = later.get(name)
        if not wanted:
            first[name] = table
            continue
        for doc_id, document in table.items():
            (rest if doc_id in wanted else first).setdefault(name, {})[doc_id] = document
    return first, rest


def _tables_of(state: Tables, target: dict[str, dict[str, str]], key: str) -> Tables:
    """The documents in `state` that go to part `key` ("": those at hand)."""
    found: Tables = {}
    for name, table in state.items():
        goes = target.get(name, {})
        kept = {k: doc for k, doc in table.items() if goes.get(k, "") == key}
        if kept:
            found[name] = kept
    return found
