"""A failed write changes nothing: files and memory stay as they were, and a retry works.

First a full disk for real: a child process whose files may not grow past a limit
(RLIMIT_FSIZE); then every kind of failure an os call can give (fsync, a full disk,
a failed rename or directory flush), made to happen in this process.

For the child, the kernel refuses the write that would cross the limit with EFBIG, as a
full disk or quota refuses it with ENOSPC.  (The SIGXFSZ signal the kernel also
sends is ignored, as coach's own process would ignore it.)  The child reports
what it was told, waits for the parent to check the files, then gets room back
and tries again.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coach.errors import StoreError
from coach.model import Person
from coach.storage import backups
from coach.storage import durable as storage
from coach.storage import files as file_system  # not `files`: a helper below has that name
from coach.storage.durable import DurableStorage
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.disk import (
    DATA,
    STAGES,
    disk,
    failing,
    names,
    names_on_disk,
    opened,
    store_at,
    temp_files,
)
from tests.support.sealed import HOLD_TEST_KEY

# Every test here runs on plain data, then on data sealed with a passphrase's key.
pytestmark = pytest.mark.usefixtures("form")

CHILD = HOLD_TEST_KEY + textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from coach.errors import StoreError
    from coach.store.store import Store

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    directory, conversation_id = Path(sys.argv[1]), sys.argv[2]
    limit, when = int(sys.argv[3]), sys.argv[4]
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def make_room():
        input()  # the parent has checked the files
        resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))

    if when == "opening":
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    store = Store.open(directory)
    print("warnings:", store.warnings, flush=True)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    note = {"topics": "A long note. " * 20000}
    try:
        store.conversations.set_notes(conversation_id, "objectives", note)
    except StoreError as error:
        print("refused:", error, flush=True)
        kept = store.conversations.get(conversation_id).note("objectives", "topics")
        print("in memory:", repr(kept)[:20], flush=True)
        make_room()
        store.conversations.set_notes(conversation_id, "objectives", note)
        print("retried", flush=True)
    else:
        print("saved", flush=True)
        make_room()
    store.close()
    print("closed", flush=True)
    """
)


def seed(directory: Path) -> str:
    """A store with one conversation; returns its id."""
    store = Store.open(directory)
    try:
        conversation = store.conversations.start(
            Person("Alex Kim"), "building-trust", TODAY, new_person=True
        )
    finally:
        store.close()
    Store.open(directory).close()  # the first backup: none is due at the next start
    return conversation.id


def files(directory: Path) -> dict[str, bytes]:
    """Every file under the data directory, by relative name (the lock aside)."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != "coach.lock"
    }


def run_child(directory: Path, conversation_id: str, limit: int, when: str) -> list[str]:
    """Run the child; at "refused" or "saved", check the files and let it make room."""
    before = files(directory)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(directory), conversation_id, str(limit), when],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    said = []
    try:
        for line in child.stdout:
            said.append(line.rstrip("\n"))
            if line.startswith("refused:"):
                assert files(directory) == before, "a refused save changed the files"
            if line.startswith(("refused:", "saved")):
                child.stdin.write("\n")
                child.stdin.flush()
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        errors = child.stderr.read()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert child.returncode == 0, f"the child failed:\n{errors}"
    assert "Traceback" not in errors
    return said


def saved_note(directory: Path, conversation_id: str) -> str:
    """The objectives' topics as stored."""
    store = Store.open(directory, read_only=True)
    try:
        conversation = store.conversations.get(conversation_id)
        assert conversation is not None
        return conversation.note("objectives", "topics")
    finally:
        store.close()


def test_full_disk_refuses_the_save_clearly_and_a_retry_works(data_dir: Path) -> None:
    """The note does not fit: files unchanged, a clear message, memory unchanged; then saved."""
    conversation_id = seed(data_dir)
    limit = (data_dir / "coach.json").stat().st_size + 4096  # far less than the note
    said = run_child(data_dir, conversation_id, limit, "working")
    refused = next(line for line in said if line.startswith("refused:"))
    assert "Could not save: the file grew larger than allowed (the disk or a quota is full)" in (
        refused
    )
    assert "in memory: ''" in said  # the unsaved note is not taken for saved
    assert said[-2:] == ["retried", "closed"]
    assert saved_note(data_dir, conversation_id) == "A long note. " * 20000


def test_full_disk_when_opening_still_opens_and_says_the_backup_failed(data_dir: Path) -> None:
    """No room for the hourly backup: coach opens the data and says the backup is missing."""
    conversation_id = seed(data_dir)
    for backup in (data_dir / "backups").iterdir():
        backup.unlink()  # so that a backup is due
    said = run_child(data_dir, conversation_id, 10, "opening")
    assert any(
        line.startswith("warnings:")
        and "Could not make today's backup: the file grew larger" in line
        for line in said
    ), said
    assert said[-2:] == ["retried", "closed"]
    assert saved_note(data_dir, conversation_id) == "A long note. " * 20000


# -- every failure an os call can give, in this process ------------------------------------


def check_failed_write_then_retry(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
    fault: tuple[str, Callable[..., Any]],
    expected_message: str,
) -> None:
    """A write under `fault` fails cleanly; the same write succeeds once it is gone."""
    store = store_at(stage, data_dir)
    try:
        before_files = disk(data_dir)
        before_people = names(store)
        with monkeypatch.context() as patch:
            patch.setattr(os, *fault)
            with pytest.raises(StoreError) as caught:
                store.people.add("Dee")
        message = str(caught.value)
        assert message.startswith("Could not save"), message
        assert expected_message in message
        assert disk(data_dir) == before_files, "a failed write changed the files"
        assert temp_files(data_dir) == []
        assert names(store) == before_people, "memory kept a change that was not saved"
        assert store.people.named("Dee") is None

        store.people.add("Dee")  # the fault is gone: the same change now goes through
        assert names(store) == sorted([*before_people, "Dee"])
        assert names_on_disk(data_dir) == sorted([*before_people, "Dee"])
    finally:
        store.close()
    assert names_on_disk(data_dir) == sorted([*before_people, "Dee"])


@pytest.mark.parametrize("stage", STAGES)
def test_failed_fsync_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """If flushing to disk fails, files and memory stay as they were; a retry then works."""
    fault = ("fsync", failing(errno.EIO, "Input/output error"))
    check_failed_write_then_retry(data_dir, monkeypatch, stage, fault, "Input/output error")


@pytest.mark.parametrize("stage", STAGES)
def test_full_disk_changes_nothing_and_says_so(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """A full disk leaves files and memory unchanged, and the message says the disk is full."""
    fault = ("write", failing(errno.ENOSPC, "No space left on device"))
    check_failed_write_then_retry(data_dir, monkeypatch, stage, fault, "the disk is full")


@pytest.mark.parametrize("stage", STAGES)
def test_disk_filling_up_mid_write_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """Part of the bytes written before the disk fills up are taken back out."""
    real_write = os.write
    calls = 0

    def part_then_full(fd: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            return real_write(fd, bytes(data[: max(1, len(data) // 2)]))
        raise OSError(errno.ENOSPC, "No space left on device")

    fault = ("write", part_then_full)
    check_failed_write_then_retry(data_dir, monkeypatch, stage, fault, "the disk is full")
    assert calls >= 2, "the fault never struck"


@pytest.mark.parametrize("stage", ["first-write", "new-journal"])
def test_failed_rename_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """If the atomic rename of a new file fails, nothing changes and no temp file is left."""
    fault = ("replace", failing(errno.EIO, "Input/output error"))
    check_failed_write_then_retry(data_dir, monkeypatch, stage, fault, "Input/output error")


def test_failed_rename_during_compaction_keeps_everything(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A compaction that cannot rename changes no file; the journal still holds every change."""
    durable = DurableStorage.open(data_dir)
    store = Store(durable)
    try:
        store.people.add("Ann")
        store.people.add("Ben")
        before = disk(data_dir)
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(errno.EIO, "Input/output error"))
            with pytest.raises(StoreError, match="Could not save: Input/output error"):
                durable.compact()
            assert disk(data_dir) == before
            assert temp_files(data_dir) == []
            assert names(store) == ["Ann", "Ben"]
            store.people.add("Cy")  # journal appends need no rename: still saved
            assert names_on_disk(data_dir) == ["Ann", "Ben", "Cy"]
    finally:
        store.close()
    assert names_on_disk(data_dir) == ["Ann", "Ben", "Cy"]


def test_failed_rename_at_close_loses_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the compaction at close fails, the files stay as they were and reopen complete."""
    store = Store.open(data_dir)
    store.people.add("Ann")
    store.people.add("Ben")
    before = disk(data_dir)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing(errno.EIO, "Input/output error"))
        store.close()
    assert disk(data_dir) == before
    assert temp_files(data_dir) == []
    with opened(data_dir) as reopened:
        assert names(reopened) == ["Ann", "Ben"]


def test_failed_automatic_compaction_still_saves_the_change(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the journal outgrows the file but compaction fails, the change is still saved."""
    monkeypatch.setattr(storage, "COMPACT_AT_LEAST", 1)
    with opened(data_dir) as store:
        store.people.add("Ann")  # creates the data file
        store.people.add("Bea")  # starts the journal
        data_before = (data_dir / DATA).read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(errno.EIO, "Input/output error"))
            store.people.add("Ben", role="x" * 2000)  # journal now larger than the data file
        assert (data_dir / DATA).read_bytes() == data_before
        assert temp_files(data_dir) == []
        assert names_on_disk(data_dir) == ["Ann", "Bea", "Ben"]
        store.people.add("Cy")  # the next write compacts
        assert (data_dir / DATA).read_bytes() != data_before
        assert names_on_disk(data_dir) == ["Ann", "Bea", "Ben", "Cy"]


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(file_system, id="after-renaming-the-data-file"),
        pytest.param(storage, id="after-removing-the-journal"),
    ],
)
def test_failed_directory_flush_in_compaction_does_not_break_saving(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, where: Any
) -> None:
    """A directory flush failing once during a compaction breaks neither that write nor the next.

    The compaction runs inside an ordinary write (the journal outgrew the data file)
    whose change is already safe in the journal; a failed compaction is the storage's
    business, so that write and the next must succeed and both be on disk.
    """
    monkeypatch.setattr(storage, "COMPACT_AT_LEAST", 2000)
    with opened(data_dir) as store:
        store.people.add("Ann")  # creates the data file
        store.people.add("Bea")  # starts the journal
        real_fsync_dir = where.fsync_dir
        failures = 0

        def fails_once(path: Path) -> None:
            nonlocal failures
            if failures == 0:
                failures += 1
                raise OSError(errno.EIO, "Input/output error")
            real_fsync_dir(path)

        monkeypatch.setattr(where, "fsync_dir", fails_once)
        store.people.add("Ben", role="x" * 5000)  # outgrows the data file: compacts
        assert failures == 1, "the compaction never flushed the directory"
        store.people.add("Cy")
        assert names(store) == ["Ann", "Bea", "Ben", "Cy"]
        assert names_on_disk(data_dir) == ["Ann", "Bea", "Ben", "Cy"]


def test_failed_directory_flush_on_first_write_leaves_disk_and_memory_agreeing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the new file is renamed into place the write stands, in memory and on disk.

    Reporting "not saved" after the rename would let Ann reappear on the next start
    although the user was told she was not saved.
    """
    with opened(data_dir) as store:
        with monkeypatch.context() as patch:
            patch.setattr(file_system, "fsync_dir", failing(errno.EIO, "Input/output error"))
            store.people.add("Ann")
        assert names(store) == ["Ann"]
    assert names_on_disk(data_dir) == ["Ann"]


@pytest.mark.parametrize(
    ("module", "name"),
    [
        pytest.param(os, "write", id="nothing-can-be-written"),
        pytest.param(backups, "replace_atomically", id="the-backup-cannot-be-written"),
    ],
)
def test_opening_on_a_full_disk_gives_a_clear_message(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> None:
    """Opening on a full disk ends in a StoreError saying so (or opens), never another error.

    The app reports StoreErrors on a problem screen; anything else crashes it.
    """
    with opened(data_dir) as store:
        store.people.add("Ann")
    before = disk(data_dir)
    assert backups.list_backups(data_dir) == []  # so a backup is due at the next open
    with monkeypatch.context() as patch:
        patch.setattr(module, name, failing(errno.ENOSPC, "No space left on device"))
        try:
            store = Store.open(data_dir)
        except StoreError as error:
            assert "disk is full" in str(error)
        else:
            store.close()
    assert disk(data_dir) == before
    with opened(data_dir) as store:  # and nothing (such as the lock) was left held
        assert names(store) == ["Ann"]
