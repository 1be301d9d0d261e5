"""What coach promises of every change: on disk when the call returns, compacted, all or nothing.

Each test works in its own temporary data directory, on real files; "on disk" is
what a second coach opening the directory read-only sees (tests/support/disk.py).
"""

from __future__ import annotations

import errno
import os
from datetime import datetime
from pathlib import Path

import pytest

from coach.model import CommitmentStatus
from coach.storage import durable as storage
from coach.store.store import Store
from tests.support.disk import (
    DATA,
    JOURNAL,
    commitment,
    crashed_copy,
    disk,
    header,
    journal_lines,
    names,
    names_on_disk,
    opened,
    stored_tables,
)

# -- a change is durable when the call returns ------------------------------------------


def test_change_is_on_disk_when_the_call_returns(file_store: Store, data_dir: Path) -> None:
    """A second coach sees each change as soon as the call that made it returns."""
    file_store.people.add("Ann")
    assert names_on_disk(data_dir) == ["Ann"]
    file_store.people.add("Ben")  # this one goes to the journal
    assert names_on_disk(data_dir) == ["Ann", "Ben"]


def test_changes_survive_close_and_reopen(data_dir: Path) -> None:
    """People, commitments and notes are all there after closing and opening again."""
    with opened(data_dir) as store:
        ann = store.people.add("Ann", role="Engineer")
        promise = store.commitments.add(commitment("Send the plan", ann.id))
        talk = store.conversations.start(ann, "alliance", None)
        store.conversations.set_notes(talk.id, "safety", {"feedback": "Direct, in private"})
    with opened(data_dir) as store:
        assert names(store) == ["Ann"]
        assert store.people.get(ann.id) is not None
        assert [c.text for c in store.commitments.find()] == ["Send the plan"]
        assert store.commitments.get(promise.id) is not None
        reread = store.conversations.get(talk.id)
        assert reread is not None
        assert reread.note("safety", "feedback") == "Direct, in private"


def test_changes_survive_a_crash_without_close(tmp_path: Path) -> None:
    """Files copied from a store never closed (as after a kill) hold every change."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben", "Cy")
    assert names_on_disk(crashed) == ["Ann", "Ben", "Cy"]
    with opened(crashed) as store:
        assert names(store) == ["Ann", "Ben", "Cy"]


def test_reads_come_from_memory_when_the_file_cannot_be_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once open, reading never goes back to the file: an unreadable file does not matter."""
    store.people.add("Ann")
    store.people.add("Ben")

    def unreadable(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    assert names(store) == ["Ann", "Ben"]
    assert store.people.named("ben") is not None


def test_reads_come_from_memory_when_the_file_is_gone(file_store: Store, data_dir: Path) -> None:
    """Even with the data file and journal renamed away, the open store still reads."""
    file_store.people.add("Ann")
    file_store.people.add("Ben")
    (data_dir / DATA).rename(data_dir / "elsewhere.json")
    (data_dir / JOURNAL).rename(data_dir / "elsewhere.journal")
    assert names(file_store) == ["Ann", "Ben"]
    assert file_store.counts()["people"] == 2


# -- compaction -------------------------------------------------------------------------------


def test_close_folds_the_journal_into_the_data_file(data_dir: Path) -> None:
    """After close there is no journal; the data file holds everything, one generation on."""
    with opened(data_dir) as store:
        ann = store.people.add("Ann")
        generation = header(data_dir)["generation"]
        store.people.add("Ben")
        store.commitments.add(commitment("Share the draft", ann.id))
        assert journal_lines(data_dir) == 3
    assert not (data_dir / JOURNAL).exists()
    assert header(data_dir)["generation"] == generation + 1
    tables = stored_tables(data_dir)
    assert sorted(doc["name"] for doc in tables["people"].values()) == ["Ann", "Ben"]
    assert [doc["text"] for doc in tables["commitments"].values()] == ["Share the draft"]


def test_quitting_leaves_a_long_history_alone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a data file past the size worth folding at once, closing keeps the journal
    rather than rewriting every conversation (a second at 20,000); the next start reads
    both, and carries the journal on."""
    monkeypatch.setattr(storage, "FOLD_ON_CLOSE_UP_TO", 100)
    with opened(data_dir) as store:
        ann = store.people.add("Ann")
        snapshot = (data_dir / DATA).read_bytes()
        store.people.add("Ben")
        store.commitments.add(commitment("Share the draft", ann.id))
        assert journal_lines(data_dir) == 3
    assert (data_dir / DATA).read_bytes() == snapshot
    assert journal_lines(data_dir) == 3
    # (The hourly backup, left for later as the app does, folds first: see test_backups.)
    store = Store.open(data_dir, back_up=False)
    try:
        assert names(store) == ["Ann", "Ben"]
        assert [c.text for c in store.commitments.all()] == ["Share the draft"]
        store.people.add("Cleo")
    finally:
        store.close()
    assert (data_dir / DATA).read_bytes() == snapshot
    assert journal_lines(data_dir) == 4  # carried on, not started again
    assert names_on_disk(data_dir) == ["Ann", "Ben", "Cleo"]


def test_close_without_changes_rewrites_nothing(data_dir: Path) -> None:
    """Opening and closing without a change leaves the data file's bytes alone."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    before = disk(data_dir)
    with opened(data_dir) as store:
        assert names(store) == ["Ann"]
    assert disk(data_dir) == before


def test_opening_data_with_nothing_to_tidy_flushes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start with nothing to repair asks the disk for nothing: no flush (each one can
    wait on the whole file system's writes, on a laptop busy with a video call)."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    assert not (data_dir / JOURNAL).exists()  # folded in on closing: nothing left over
    flushed: list[int] = []
    real_fsync = os.fsync

    def counted(fd: int) -> None:
        flushed.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counted)
    store = Store.open(data_dir, back_up=False)
    try:
        assert names(store) == ["Ann"]
        assert flushed == []
    finally:
        store.close()


def test_journal_outgrowing_the_data_file_compacts_on_its_own(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the journal grows past the threshold and the data file, the file is rewritten."""
    monkeypatch.setattr(storage, "COMPACT_AT_LEAST", 1024)
    with opened(data_dir) as store:
        ann = store.people.add("Ann")
        talk = store.conversations.start(ann, "alliance", None)
        first_generation = header(data_dir)["generation"]
        largest_journal = 0
        for number in range(30):
            store.conversations.set_notes(
                talk.id, "safety", {"feedback": f"take {number}: " + "." * 300}
            )
            if (data_dir / JOURNAL).exists():
                largest_journal = max(largest_journal, (data_dir / JOURNAL).stat().st_size)
        assert header(data_dir)["generation"] > first_generation + 1
        assert largest_journal < 4 * 1024  # never allowed to run on
        reader = Store.open(data_dir, read_only=True)
        try:
            reread = reader.conversations.get(talk.id)
            assert reread is not None
            assert reread.note("safety", "feedback").startswith("take 29:")
        finally:
            reader.close()


# -- transactions -----------------------------------------------------------------------------


def test_transaction_with_an_error_changes_nothing(file_store: Store, data_dir: Path) -> None:
    """If anything inside a transaction fails, none of its changes are kept anywhere."""
    ann = file_store.people.add("Ann")
    file_store.people.add("Ben")
    before = disk(data_dir)
    with pytest.raises(RuntimeError, match="changed my mind"), file_store.transaction():
        file_store.people.add("Cy")
        file_store.commitments.add(commitment("Write it up", ann.id))
        assert "Cy" in names(file_store)  # visible inside the transaction
        raise RuntimeError("changed my mind")
    assert disk(data_dir) == before
    assert names(file_store) == ["Ann", "Ben"]
    assert file_store.commitments.find() == []
    assert names_on_disk(data_dir) == ["Ann", "Ben"]
    file_store.people.add("Dee")  # the file_store is still usable
    assert names_on_disk(data_dir) == ["Ann", "Ben", "Dee"]


def test_transaction_lands_as_one_journal_record(file_store: Store, data_dir: Path) -> None:
    """All the changes of a transaction are saved together, as a single journal line."""
    ann = file_store.people.add("Ann")
    file_store.people.add("Ben")
    lines = journal_lines(data_dir)
    with file_store.transaction():
        file_store.people.add("Cy")
        file_store.people.add("Dee")
        file_store.commitments.add(commitment("Write it up", ann.id))
        file_store.commitments.set_status(
            file_store.commitments.find()[0].id, CommitmentStatus.DONE, datetime.now().date()
        )
        assert journal_lines(data_dir) == lines  # nothing written until the end
    assert journal_lines(data_dir) == lines + 1
    reader = Store.open(data_dir, read_only=True)
    try:
        assert names(reader) == ["Ann", "Ben", "Cy", "Dee"]
        assert [c.status for c in reader.commitments.find()] == [CommitmentStatus.DONE]
    finally:
        reader.close()
