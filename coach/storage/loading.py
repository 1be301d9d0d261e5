"""Reading the data as it stands on disk: the data file, with its journal replayed.

The one place that decides what the stored data is.  DurableStorage loads
through it when it opens, and so does `coach commitments`, which reads without
TinyDB to answer at the speed of a shell prompt: both see exactly the same data,
changes not yet folded into the data file included.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import CorruptDataError, MissingDataError, reason_for
from coach.storage import collector, datafile, layout, migrations, parts, unlocking
from coach.storage.files import opened_own_file, read_own_file
from coach.storage.journal import JournalDamaged, apply_changes, read_journal
from coach.storage.parts import PartRef

Tables = dict[str, dict[str, Any]]


@dataclass
class Loaded:
    """The data, and what the writer needs to know about the files it came from."""

    tables: Tables = field(default_factory=dict)
    generation: int = 0
    snapshot_size: int = 0
    journal_live: bool = False  # the journal on disk continues this generation
    journal_records: int = 0
    journal_size: int = 0  # bytes up to the end of its last sound line
    torn_tail: bool = False  # the journal ends in a write cut short by a crash
    migrated_from: int | None = None  # the schema version upgraded from, if any
    # The records at hand the first frame does without, as the data file's bytes (see
    # coach.storage.datafile): left unparsed with `leave_later`, else already in `tables`.
    later: memoryview | None = None
    later_unread: bool = False  # not even read (a command's reading): its records are missing
    only: frozenset[str] | None = None  # a command's tables: no other is read
    parts: dict[str, PartRef] = field(default_factory=dict)  # the settled history, not read
    hot_since: dict[str, str] | None = None  # every record from this day on is in `tables`
    superseded: list[str] = field(default_factory=list)  # part files the last fold replaced
    whole: bool = False  # one file holding everything (coach 0.1.0, a restored backup)
    old_layout: bool = False  # written by coach 0.1.0
    # Every document the journal changed, by table: newer than any part's copy of it.
    journaled: dict[str, set[str]] = field(default_factory=dict)
    homes: dict[str, dict[str, str]] = field(default_factory=dict)  # see JournalContents


def load(
    path: Path,
    journal_path: Path,
    *,
    leave_later: bool = False,
    only: Collection[str] | None = None,
) -> Loaded:
    """The data in `path` with the changes in `journal_path` applied, migrated to this version;
    with `leave_later`, the data file's later section is left unparsed in `Loaded.later`;
    with `only` (a command's reading), the tables named and no other, and with both, the
    later section is not even read from disk (`Loaded.later_unread`), nor what the data
    file holds after the last table named: damage there is left for the app and doctor
    to find (they read it all).

    Raises CorruptDataError or NewerVersionError (files untouched) when it cannot.
    """
    without_later = _without_later(path, only) if only is not None and leave_later else None
    raw = read_if_present(path) if without_later is None else None
    journal_raw = read_if_present(journal_path)
    if without_later is not None:
        snapshot, size = without_later
    elif raw is None:
        if journal_raw:
            raise MissingDataError(path, "its journal is here, but not the file it continues")
        lost = lost_data_file(path)
        if lost:
            raise MissingDataError(path, lost)
        return Loaded()
    else:
        size = len(raw)
        raw = unlocking.unseal(path.parent, path, raw, unlocking.DATA_ROLE)
        laid_out = datafile.as_written(path, raw, leave_later=leave_later, only=only)
        if laid_out is None:  # written by an older coach, or edited by hand: parsed whole
            text = datafile.text_of(path, raw)
            del raw  # parse from the text alone: the bytes would only add to the peak
            snapshot = datafile.parse(path, text)
            del text
        else:
            snapshot = laid_out
            del raw  # (the later section's view, if any, keeps them)
    tables, version = snapshot.tables, snapshot.schema_version
    if snapshot.later is not None and version < migrations.SCHEMA_VERSION:
        # A migration changes every record: the later ones too, now (as text: the view
        # would keep the whole file's bytes while they are parsed).
        text, snapshot.later = datafile.later_text(snapshot.later), None
        add_part(tables, datafile.parse_later(path, text), {})
        del text
    loaded = Loaded(
        generation=snapshot.generation,
        snapshot_size=size,
        parts=snapshot.parts,
        hot_since=snapshot.hot_since,
        superseded=snapshot.superseded,
        whole=snapshot.whole,
        old_layout=snapshot.old_layout,
        later=snapshot.later,
        later_unread=snapshot.later_unread,
    )
    if journal_raw:
        _replay(path, journal_path, journal_raw, loaded=loaded, tables=tables, version=version)
    loaded.migrated_from = version if version < migrations.SCHEMA_VERSION else None
    if loaded.migrated_from is not None:
        tables = migrations.migrate(tables, version)
    if only is not None:
        # A command's reading: the tables it asked for, whole, and no other (one parsed
        # only in part, from the later section or the journal, would be a trap).
        loaded.only = frozenset(only)
        tables = {name: table for name, table in tables.items() if name in loaded.only}
    loaded.tables = tables
    return loaded


def _replay(
    path: Path, journal_path: Path, raw: bytes, *, loaded: Loaded, tables: Tables, version: int
) -> None:
    """Apply the journal's changes to `tables`, if it continues the data file's generation."""
    try:
        journal = read_journal(raw, unlocking.journal_opener(path.parent, journal_path))
    except JournalDamaged as damage:
        raise CorruptDataError(journal_path, str(damage)) from None
    if journal is None or journal.generation != loaded.generation:
        return
    if journal.schema_version != version:
        raise CorruptDataError(journal_path, "its version differs from the data")
    for changes in journal.changes:
        apply_changes(tables, changes)
        for name, documents in changes.items():
            loaded.journaled.setdefault(name, set()).update(documents)
    loaded.homes = journal.homes
    loaded.journal_live = True
    loaded.journal_records = len(journal.changes)
    loaded.journal_size = journal.good_length
    loaded.torn_tail = journal.good_length < len(raw)


def _without_later(path: Path, only: Collection[str]) -> tuple[datafile.Snapshot, int] | None:
    """The data file read without its later section, and its size; None if it is not laid
    out so (or not there): then it is read whole."""
    with _unreadable_as_corrupt(path), opened_own_file(path) as opened:
        pieces = None if opened is None else datafile.read_pieces(opened)
        size = 0 if opened is None else opened.size
    # Parsed once the file is closed (see `datafile.read_pieces`).
    snapshot = None if pieces is None else datafile.before_later(path, pieces, only)
    return None if snapshot is None else (snapshot, size)


@contextmanager
def _unreadable_as_corrupt(path: Path) -> Iterator[None]:
    """A file that cannot be read is reported as damaged data, with the reason."""
    try:
        yield
    except OSError as error:
        raise CorruptDataError(path, reason_for(error)) from None


def take_later(directory: Path, loaded: Loaded) -> None:
    """Put the records of a later section left unparsed into `loaded.tables` (the
    journal's copies of them are newer, and stay)."""
    if loaded.later is not None:
        text, loaded.later = datafile.later_text(loaded.later), None  # (the bytes let go)
        later = datafile.parse_later(directory / layout.DATA_NAME, text)
        del text
        if loaded.only is not None:  # a command's reading: no table it did not ask for
            later = {name: table for name, table in later.items() if name in loaded.only}
        add_part(loaded.tables, later, loaded.journaled)


def lost_data_file(path: Path) -> str | None:
    """Why a missing data file is lost rather than not written yet, or None.

    coach always leaves a data file once it has written one (a restore or a fresh
    start replaces it in one step), so a copy a restore kept aside, or backups, beside
    no data file mean a restore was cut short, or the file was removed by hand.
    """
    kept = sorted(p.name for p in path.parent.glob(f"{path.name}.*-*") if p.is_file())
    backed_up = any((path.parent / layout.BACKUP_DIR).glob("coach-*.json"))
    if not kept and not backed_up:
        return None
    held = f"the data it held is kept as {', '.join(kept)}" if kept else "there are backups"
    if backed_up:
        way = "restore the newest backup with: coach doctor --restore"
    else:
        way = f"put it back with: coach doctor --restore {path.parent / kept[-1]}"
    return f"a restore may have been cut short, but {held}; {way}"


def read_tables(directory: Path) -> Tables:
    """The data in `directory` as stored (journal included), read as fast as Python parses
    JSON: for the shell commands, which read without the storage (and TinyDB)."""
    return _read(directory, at_hand=False).tables


def read_at_hand(
    directory: Path, *, leave_later: bool = False, only: Collection[str] | None = None
) -> Loaded:
    """`read_tables`, but only what the data file holds (see coach.store.placement:
    people, open commitments, conversations being prepared, the last months): enough
    for `coach commitments`, and as quick with decades of history as with a month.
    `parts` says whether there is settled history besides.

    With `leave_later`, only what comes before the data file's later section: people,
    open commitments, conversations being prepared, the latest and each person's last
    (`Loaded.later` holds the rest, unparsed), when there is settled history besides;
    with none, a REF shown is unique among every commitment read, so the later ones are
    read too.  With `only`, the tables named and no other (see `load`)."""
    return _read(directory, at_hand=True, leave_later=leave_later, only=only)


def _read(
    directory: Path,
    *,
    at_hand: bool,
    leave_later: bool = False,
    only: Collection[str] | None = None,
) -> Loaded:
    # The command keeps what it read to its end: once read, it is never walked either.
    with collector.paused():
        path = directory / layout.DATA_NAME
        loaded = load(path, directory / layout.JOURNAL_NAME, leave_later=leave_later, only=only)
        if not loaded.parts:  # no settled history: a REF must be unique among all the rest
            take_later(directory, loaded)
        if not at_hand:
            for ref in loaded.parts.values():
                add_part(loaded.tables, parts.read(directory, ref), loaded.journaled)
    collector.keep_for_good()
    return loaded


def add_part(tables: Tables, part: Tables, journaled: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Put a part's documents into `tables`, but for those the journal changed since (its
    copy is newer, or a deletion); returns the (table, id) of those put."""
    put = []
    for name, documents in part.items():
        table = tables.setdefault(name, {})
        newer = journaled.get(name, set())
        for doc_id, document in documents.items():
            if doc_id not in newer:
                table[doc_id] = document
                put.append((name, doc_id))
    return put


def read_if_present(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist (a link or a FIFO is refused)."""
    with _unreadable_as_corrupt(path):
        return read_own_file(path)
