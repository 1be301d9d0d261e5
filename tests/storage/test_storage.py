"""The durable storage layer on real files: what reaches the disk, and what a failure leaves.

Each test works in its own temporary data directory.  "On disk" is checked the way
a second coach would see it: by opening another (read-only) store on the directory.
A crash is simulated by copying the directory while the store is still open, since
everything acknowledged must already be in those files.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.errors import (
    CorruptDataError,
    DataInUseError,
    NewerVersionError,
    ReadOnlyError,
    StoreError,
)
from coach.model import Commitment, CommitmentStatus, Owner
from coach.storage import backups, datafile, files, layout, migrations, recovery
from coach.storage import durable as storage
from coach.storage.durable import DurableStorage
from coach.storage.journal import encode_line, header_line
from coach.store.store import Store

DATA = layout.DATA_NAME
JOURNAL = layout.JOURNAL_NAME

# -- helpers ----------------------------------------------------------------------------


def names(file_store: Store) -> list[str]:
    """Everyone's name, in the store's order (by name)."""
    return [person.name for person in file_store.people.all()]


def names_on_disk(directory: Path) -> list[str]:
    """The names a second coach opening `directory` read-only would see."""
    reader = Store.open(directory, read_only=True)
    try:
        return names(reader)
    finally:
        reader.close()


def disk(directory: Path) -> dict[str, bytes | None]:
    """The data file and the journal, byte for byte (None when absent)."""
    return {
        name: (directory / name).read_bytes() if (directory / name).exists() else None
        for name in (DATA, JOURNAL)
    }


def temp_files(directory: Path) -> list[str]:
    """Temporary files left in `directory`."""
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".tmp"))


def header(directory: Path) -> dict[str, Any]:
    """The data file's header."""
    document = json.loads((directory / DATA).read_bytes())
    assert isinstance(document, dict)
    found = document["coach"]
    assert isinstance(found, dict)
    return found


def stored_tables(directory: Path) -> dict[str, Any]:
    """The tables written in the data file itself (not counting the journal)."""
    document = json.loads((directory / DATA).read_bytes())
    assert isinstance(document, dict)
    tables = document["tables"]
    assert isinstance(tables, dict)
    return tables


def journal_lines(directory: Path) -> int:
    """How many lines the journal holds (0 when there is none)."""
    path = directory / JOURNAL
    return path.read_bytes().count(b"\n") if path.exists() else 0


def mode(path: Path) -> int:
    """The permission bits of `path`."""
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def opened(directory: Path) -> Iterator[Store]:
    """A writable store on `directory`, closed afterwards."""
    store = Store.open(directory)
    try:
        yield store
    finally:
        store.close()


def data_file_with(tmp_path: Path, *people: str) -> bytes:
    """The bytes of a data file holding these people, made by coach itself."""
    scratch = tmp_path / ("scratch-" + "-".join(people))
    with opened(scratch) as store:
        for name in people:
            store.people.add(name)
    return (scratch / DATA).read_bytes()


def crashed_copy(tmp_path: Path, *people: str) -> Path:
    """A data directory as a coach killed after adding `people` would leave it.

    The first person creates the data file; the rest go to the journal.
    """
    live = tmp_path / "live"
    crashed = tmp_path / "crashed"
    with opened(live) as store:
        for name in people:
            store.people.add(name)
        shutil.copytree(live, crashed)
    assert (crashed / JOURNAL).exists()
    return crashed


def failing(code: int, message: str) -> Callable[..., Any]:
    """A stand-in for an os function that fails with this error."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, message)

    return fail


def commitment(text: str, person_id: str) -> Commitment:
    """A commitment of mine to someone."""
    return Commitment(text=text, owner=Owner.ME, person_id=person_id)


STAGES = ["first-write", "new-journal", "append"]


def store_at(stage: str, directory: Path) -> Store:
    """An open store about to make its first write, start its journal, or append to it."""
    store = Store.open(directory)
    if stage != "first-write":
        store.people.add("Ann")
    if stage == "append":
        store.people.add("Ben")
    assert (directory / DATA).exists() == (stage != "first-write")
    assert (directory / JOURNAL).exists() == (stage == "append")
    return store


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


# -- a failed write changes nothing --------------------------------------------------------


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
        pytest.param(files, id="after-renaming-the-data-file"),
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
            patch.setattr(files, "fsync_dir", failing(errno.EIO, "Input/output error"))
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


# -- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077], ids=["000", "022", "077"])
def test_everything_is_private_whatever_the_umask(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, umask: int
) -> None:
    """Directory 0700; data, journal, lock, backups and temporary files 0600, whatever the umask."""
    temp_modes: dict[str, int] = {}
    real_replace = os.replace

    def replace(source: Any, target: Any, **kwargs: Any) -> None:
        if str(source).endswith(".tmp"):
            temp_modes[Path(source).name] = mode(Path(source))
        real_replace(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    old_umask = os.umask(umask)
    try:
        with opened(data_dir) as store:
            store.people.add("Ann")
            store.people.add("Ben")
        with opened(data_dir) as store:  # takes the first backup
            store.people.add("Cy")
            assert (data_dir / JOURNAL).exists()
            assert mode(data_dir) == 0o700
            for name in (DATA, JOURNAL, "coach.lock"):
                assert mode(data_dir / name) == 0o600, name
            folder = backups.backup_dir(data_dir)
            assert mode(folder) == 0o700
            taken = list(folder.iterdir())
            assert taken
            for path in taken:
                assert mode(path) == 0o600, path.name
    finally:
        os.umask(old_umask)
    assert any(name.startswith(f".{DATA}.") for name in temp_modes), "no compaction seen"
    assert any(name.startswith(f".{JOURNAL}.") for name in temp_modes), "no journal seen"
    assert temp_modes
    assert set(temp_modes.values()) == {0o600}, temp_modes


def test_open_makes_readable_files_private_again(data_dir: Path) -> None:
    """Data file, lock file or directory opened up by hand are made private again on open."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    for path, loose in ((data_dir / DATA, 0o644), (data_dir / "coach.lock", 0o666)):
        os.chmod(path, loose)
    os.chmod(data_dir, 0o755)
    with opened(data_dir):
        assert mode(data_dir / DATA) == 0o600
        assert mode(data_dir / "coach.lock") == 0o600
        assert mode(data_dir) == 0o700


# -- one writer ---------------------------------------------------------------------------


def test_second_writer_is_refused_naming_the_holder(file_store: Store, data_dir: Path) -> None:
    """A second coach on the same data is told which process has it."""
    file_store.people.add("Ann")
    with pytest.raises(DataInUseError) as caught:
        Store.open(data_dir)
    assert str(os.getpid()) in str(caught.value)
    assert caught.value.holder.pid == os.getpid()
    file_store.people.add("Ben")  # the refused attempt did not disturb the writer
    assert names_on_disk(data_dir) == ["Ann", "Ben"]


def test_read_only_sees_the_data_and_refuses_writes(file_store: Store, data_dir: Path) -> None:
    """A read-only coach shows the data, refuses changes, and leaves the files alone."""
    file_store.people.add("Ann")
    file_store.people.add("Ben")
    before = disk(data_dir)
    reader = Store.open(data_dir, read_only=True)
    try:
        assert reader.read_only
        assert names(reader) == ["Ann", "Ben"]
        with pytest.raises(ReadOnlyError, match="read-only"):
            reader.people.add("Cy")
        ann = reader.people.named("Ann")
        assert ann is not None
        with pytest.raises(ReadOnlyError):
            reader.commitments.add(commitment("Call back", ann.id))
        assert names(reader) == ["Ann", "Ben"]
    finally:
        reader.close()
    assert disk(data_dir) == before
    file_store.people.add("Cy")  # the writer carries on
    assert names_on_disk(data_dir) == ["Ann", "Ben", "Cy"]


HOLD_THE_DATA = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from coach.store.store import Store

    store = Store.open(Path(sys.argv[1]))
    store.people.add("Held")
    print("ready", flush=True)
    time.sleep(120)
    """
)


def test_lock_of_a_killed_process_does_not_block(data_dir: Path) -> None:
    """While another coach runs it holds the data; once it is killed, coach opens at once."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_DATA, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == b"ready\n", child.stderr.read() if child.stderr else line
        with pytest.raises(DataInUseError) as caught:
            Store.open(data_dir)
        assert f"process {child.pid}" in str(caught.value)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    with opened(data_dir) as store:
        assert names(store) == ["Held"]


# -- files coach must not touch ------------------------------------------------------------


def newer_file(change: Callable[[dict[str, Any]], None]) -> bytes:
    """A data file whose header was changed the way a newer coach might write it."""
    document = json.loads(datafile.encode({"people": {"p1": {"id": "p1", "name": "Ann"}}}, 3))
    change(document["coach"])
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(newer_file(lambda h: h.update(schema_version=999)), "version 999", id="v999"),
        pytest.param(newer_file(lambda h: h.update(encoding="aes-gcm")), "aes-gcm", id="encoding"),
    ],
)
def test_newer_file_is_refused_and_untouched(data_dir: Path, raw: bytes, reason: str) -> None:
    """A file from a newer coach is refused with a clear message, and nothing is written."""
    data_dir.mkdir(mode=0o700)
    path = data_dir / DATA
    path.write_bytes(raw)
    os.chmod(path, 0o640)
    for read_only in (False, True):
        with pytest.raises(NewerVersionError) as caught:
            Store.open(data_dir, read_only=read_only)
        message = str(caught.value)
        assert str(path) in message
        assert reason in message
        assert "newer version of coach" in message
    assert path.read_bytes() == raw
    assert mode(path) == 0o640
    assert {p.name for p in data_dir.iterdir()} <= {DATA, "coach.lock"}


def good_file() -> bytes:
    """A sound data file holding one person."""
    return datafile.encode({"people": {"p1": {"id": "p1", "name": "Ann"}}}, 3)


def replaced_header(**fields: Any) -> bytes:
    """A sound file whose header fields are replaced (None removes one)."""
    document = json.loads(good_file())
    for key, value in fields.items():
        if value is None:
            del document["coach"][key]
        else:
            document["coach"][key] = value
    return json.dumps(document).encode()


GOOD = good_file()
HALF = len(GOOD) // 2

CORRUPTIONS = {
    "empty": b"",
    "blank": b" \n\t\n",
    "cut-at-1": GOOD[:1],
    "cut-at-20": GOOD[:20],
    "cut-in-half": GOOD[:HALF],
    "cut-last-byte": GOOD[:-1],
    "trailing-junk": GOOD + b"garbage",
    "trailing-brace": GOOD + b"}",
    "all-nul": b"\x00" * len(GOOD),
    "nul-tail": GOOD[:HALF] + b"\x00" * (len(GOOD) - HALF),
    "nul-appended": GOOD + b"\x00" * 64,
    "high-bit-flipped": GOOD[:HALF] + bytes([GOOD[HALF] ^ 0x80]) + GOOD[HALF + 1 :],
    "first-byte-flipped": bytes([GOOD[0] ^ 0x01]) + GOOD[1:],
    "last-byte-flipped": GOOD[:-1] + bytes([GOOD[-1] ^ 0x01]),
    "json-object-not-coach": b'{"people": []}',
    "json-list": b"[1, 2, 3]",
    "json-null": b"null",
    "stock-tinydb-file": b'{"_default": {"1": {"name": "Ann"}}}',
    "other-format": replaced_header(format="something-else"),
    "no-version": replaced_header(schema_version=None),
    "version-as-text": replaced_header(schema_version="1"),
    "version-zero": replaced_header(schema_version=0),
    "tables-a-list": GOOD.replace(b'"tables":{', b'"tables":[{', 1)[:-1] + b"]}",
    "document-not-an-object": datafile.encode({"people": {"p1": ["Ann"]}}, 1),
}


@pytest.mark.parametrize("raw", list(CORRUPTIONS.values()), ids=list(CORRUPTIONS))
def test_corrupt_file_is_refused_and_untouched(data_dir: Path, raw: bytes) -> None:
    """A damaged data file gives a message naming it, and is left byte for byte as it was."""
    data_dir.mkdir(mode=0o700)
    path = data_dir / DATA
    path.write_bytes(raw)
    for read_only in (False, True):
        with pytest.raises(CorruptDataError) as caught:
            Store.open(data_dir, read_only=read_only)
        assert caught.value.path == path
        assert str(path) in str(caught.value)
        assert "has not been changed" in str(caught.value)
    assert path.read_bytes() == raw
    assert {p.name for p in data_dir.iterdir()} <= {DATA, "coach.lock"}


def test_journal_without_its_data_file_is_refused(tmp_path: Path) -> None:
    """A journal whose data file vanished is not taken for an empty start."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben")
    (crashed / DATA).unlink()
    journal = (crashed / JOURNAL).read_bytes()
    with pytest.raises(CorruptDataError) as caught:
        Store.open(crashed)
    assert str(crashed / DATA) in str(caught.value)
    assert (crashed / JOURNAL).read_bytes() == journal
    assert not (crashed / DATA).exists()


def test_newest_good_backup_is_found_and_restored(tmp_path: Path, data_dir: Path) -> None:
    """Restoring puts the newest readable backup in place and keeps the damaged file aside."""
    older = data_file_with(tmp_path, "Ann")
    newer = data_file_with(tmp_path, "Ann", "Ben")
    now = datetime.now()
    data_dir.mkdir(mode=0o700)
    backups.take_backup(data_dir, older, now - timedelta(hours=3))
    wanted = backups.take_backup(data_dir, newer, now - timedelta(hours=2))
    backups.take_backup(data_dir, b'{"coach": {"form', now - timedelta(minutes=90))  # unreadable
    damaged = newer[:-40]
    (data_dir / DATA).write_bytes(damaged)
    with pytest.raises(CorruptDataError):
        Store.open(data_dir)

    found = backups.newest_good(data_dir)
    assert found is not None
    assert found.path == wanted
    assert (found.people, found.conversations) == (2, 0)

    restored, aside = recovery.restore_newest_backup(data_dir)
    assert restored.path == wanted
    assert [path.name.startswith(f"{DATA}.damaged-") for path in aside] == [True]
    assert aside[0].read_bytes() == damaged
    assert list(data_dir.glob(f"{DATA}.damaged-*")) == aside
    with opened(data_dir) as store:
        assert names(store) == ["Ann", "Ben"]
    assert aside[0].read_bytes() == damaged  # still kept after coach opened again


def test_restore_sets_a_damaged_journal_aside_too(tmp_path: Path) -> None:
    """A damaged journal is reported by name, and restoring moves it aside with the data file."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben", "Cy", "Dee")
    backups.take_backup(crashed, data_file_with(tmp_path, "Zed"), datetime.now())
    journal = (crashed / JOURNAL).read_bytes()
    lines = journal.splitlines(keepends=True)
    lines[1] = lines[1].replace(b"Ben", b"Bex")  # damaged, with sound lines after it
    (crashed / JOURNAL).write_bytes(b"".join(lines))
    with pytest.raises(CorruptDataError) as caught:
        Store.open(crashed)
    assert str(crashed / JOURNAL) in str(caught.value)

    _, aside = recovery.restore_newest_backup(crashed)
    assert sorted(path.name.split(".damaged-")[0] for path in aside) == sorted([DATA, JOURNAL])
    assert not (crashed / JOURNAL).exists()
    with opened(crashed) as store:
        assert names(store) == ["Zed"]


def test_start_afresh_moves_the_damaged_files_aside(tmp_path: Path) -> None:
    """Starting afresh opens an empty store; the damaged files are renamed, not deleted."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben")
    damaged = b"\x00" * 100
    (crashed / DATA).write_bytes(damaged)
    journal = (crashed / JOURNAL).read_bytes()
    with pytest.raises(CorruptDataError):
        Store.open(crashed)

    aside = recovery.start_afresh(crashed)
    assert len(aside) == 2
    kept = {path.name.split(".damaged-")[0]: path.read_bytes() for path in aside}
    assert kept == {DATA: damaged, JOURNAL: journal}
    with opened(crashed) as store:
        assert names(store) == []
        store.people.add("Eve")
    assert names_on_disk(crashed) == ["Eve"]


# -- the journal on disk ----------------------------------------------------------------


def test_damaged_middle_journal_line_is_refused(tmp_path: Path) -> None:
    """A damaged line with sound lines after it is reported, naming the journal."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben", "Cy", "Dee")
    lines = (crashed / JOURNAL).read_bytes().splitlines(keepends=True)
    assert len(lines) == 4  # header, Ben, Cy, Dee
    lines[1] = lines[1][:20] + bytes([lines[1][20] ^ 0x01]) + lines[1][21:]
    (crashed / JOURNAL).write_bytes(b"".join(lines))
    before = disk(crashed)
    for read_only in (False, True):
        with pytest.raises(CorruptDataError) as caught:
            Store.open(crashed, read_only=read_only)
        assert caught.value.path == crashed / JOURNAL
        assert str(crashed / JOURNAL) in str(caught.value)
    assert disk(crashed) == before


def test_torn_final_journal_line_is_dropped(tmp_path: Path) -> None:
    """Garbage from a write cut short is ignored, cut off, and later changes survive."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben", "Cy")
    backups.take_backup(crashed, b"{}", datetime.now())  # no backup due: the journal stays
    journal = (crashed / JOURNAL).read_bytes()
    with (crashed / JOURNAL).open("ab") as torn:
        torn.write(b'1f2e3d4c {"changes":{"people":{"x":{"name":"Hal')
    assert names_on_disk(crashed) == ["Ann", "Ben", "Cy"]

    again = tmp_path / "crashed-again"
    with opened(crashed) as store:
        assert names(store) == ["Ann", "Ben", "Cy"]
        assert (crashed / JOURNAL).read_bytes() == journal  # the torn tail was cut off
        store.people.add("Dee")
        shutil.copytree(crashed, again)  # killed again, after Dee was saved
    assert names_on_disk(again) == ["Ann", "Ben", "Cy", "Dee"]


def test_torn_last_change_is_the_only_one_lost(tmp_path: Path) -> None:
    """A last line cut short was never acknowledged: only that change is missing."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben", "Cy")
    journal = (crashed / JOURNAL).read_bytes()
    (crashed / JOURNAL).write_bytes(journal[:-10])
    with opened(crashed) as store:
        assert names(store) == ["Ann", "Ben"]
        store.people.add("Dee")
    assert names_on_disk(crashed) == ["Ann", "Ben", "Dee"]


def test_stale_journal_is_ignored(data_dir: Path) -> None:
    """A journal older than the data file (left by a compaction cut short) changes nothing."""
    with opened(data_dir) as store:
        ann = store.people.add("Ann")
        promise = store.commitments.add(commitment("Book the room", ann.id))
        stale = (data_dir / JOURNAL).read_bytes()  # holds the commitment
    with opened(data_dir) as store:
        store.commitments.delete(promise.id)
    assert header(data_dir)["generation"] >= 2
    (data_dir / JOURNAL).write_bytes(stale)

    reader = Store.open(data_dir, read_only=True)
    assert reader.commitments.find() == []
    reader.close()
    with opened(data_dir) as store:
        assert store.commitments.find() == []
        assert names(store) == ["Ann"]
        assert not (data_dir / JOURNAL).exists()  # the writer cleared it away


def test_journal_for_another_generation_is_not_applied(data_dir: Path) -> None:
    """Changes in a journal continuing an older snapshot are not applied to this one."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    generation = header(data_dir)["generation"]
    ghost = {"people": {"g1": {"id": "g1", "name": "Ghost", "created": ""}}}
    (data_dir / JOURNAL).write_bytes(
        header_line(generation - 1, migrations.SCHEMA_VERSION) + encode_line({"changes": ghost})
    )
    assert names_on_disk(data_dir) == ["Ann"]
    (data_dir / JOURNAL).write_bytes(
        header_line(generation, migrations.SCHEMA_VERSION) + encode_line({"changes": ghost})
    )
    assert names_on_disk(data_dir) == ["Ann", "Ghost"]  # the same journal, current: applied


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


def test_close_without_changes_rewrites_nothing(data_dir: Path) -> None:
    """Opening and closing without a change leaves the data file's bytes alone."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    before = disk(data_dir)
    with opened(data_dir) as store:
        assert names(store) == ["Ann"]
    assert disk(data_dir) == before


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


# -- migrations ---------------------------------------------------------------------------------


def add_team(tables: migrations.Tables) -> migrations.Tables:
    """Version 1 -> 2 for the test: every person gains a team."""
    people = {key: {**doc, "team": "unknown"} for key, doc in tables.get("people", {}).items()}
    return {**tables, "people": people}


def test_old_file_is_migrated_after_a_backup(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version 1 file is upgraded and rewritten as version 2, after an exact backup."""
    with opened(data_dir) as store:
        store.people.add("Ann")
        store.people.add("Ben")
    original = (data_dir / DATA).read_bytes()
    assert header(data_dir)["schema_version"] == 1
    generation = header(data_dir)["generation"]
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: add_team})

    with opened(data_dir) as store:
        assert names(store) == ["Ann", "Ben"]
        assert header(data_dir)["schema_version"] == 2
        assert header(data_dir)["generation"] > generation
        people = stored_tables(data_dir)["people"].values()
        assert [doc["team"] for doc in people] == ["unknown", "unknown"]
        store.people.add("Cy")

    taken = [p for p in backups.backup_dir(data_dir).iterdir() if "before-upgrade-v1" in p.name]
    assert len(taken) == 1
    assert taken[0].read_bytes() == original
    assert mode(taken[0]) == 0o600
    with opened(data_dir) as store:  # opening again neither migrates nor backs up again
        assert names(store) == ["Ann", "Ben", "Cy"]
    again = [p for p in backups.backup_dir(data_dir).iterdir() if "before-upgrade" in p.name]
    assert again == taken


def test_old_journal_is_applied_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changes in a version 1 journal are kept and upgraded along with the file."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben")
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: add_team})
    with opened(crashed) as store:
        assert names(store) == ["Ann", "Ben"]
        assert not (crashed / JOURNAL).exists()
        people = stored_tables(crashed)["people"].values()
        assert sorted((doc["name"], doc["team"]) for doc in people) == [
            ("Ann", "unknown"),
            ("Ben", "unknown"),
        ]


def test_datafile_reads_the_schema_version_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Raising migrations.SCHEMA_VERSION is seen by encode and decode without reloading."""
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 5)
    raw = datafile.encode({}, 1)
    assert json.loads(raw)["coach"]["schema_version"] == 5
    assert datafile.decode(Path("x"), raw).schema_version == 5
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 4)
    with pytest.raises(NewerVersionError):
        datafile.decode(Path("x"), raw)


# -- backups ------------------------------------------------------------------------------------


def test_a_backup_is_taken_when_opening_existing_data(data_dir: Path) -> None:
    """Opening existing data takes a backup of it, and not again within the hour."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    raw = (data_dir / DATA).read_bytes()
    with opened(data_dir) as store:
        store.people.add("Ben")
    with opened(data_dir):
        pass
    taken = backups.list_backups(data_dir)
    assert [backup.path.read_bytes() for backup in taken] == [raw]


def test_backups_rotate(tmp_path: Path, data_dir: Path) -> None:
    """At most KEEP backups are kept, and they are the newest ones."""
    data_dir.mkdir(mode=0o700)
    start = datetime(2026, 11, 1, 9, 0)
    contents = [f"backup {number}".encode() for number in range(backups.KEEP + 3)]
    for number, raw in enumerate(contents):
        backups.take_backup(data_dir, raw, start + timedelta(hours=number))
    kept = backups.list_backups(data_dir)
    assert len(list(backups.backup_dir(data_dir).iterdir())) == backups.KEEP
    assert [backup.path.read_bytes() for backup in kept] == contents[::-1][: backups.KEEP]


def test_identical_backup_is_not_duplicated(data_dir: Path) -> None:
    """A backup identical to the newest one is not written again."""
    data_dir.mkdir(mode=0o700)
    start = datetime(2026, 11, 1, 9, 0)
    assert backups.take_backup(data_dir, b"same", start) is not None
    assert backups.take_backup(data_dir, b"same", start + timedelta(hours=2)) is None
    assert len(backups.list_backups(data_dir)) == 1
    assert backups.take_backup(data_dir, b"other", start + timedelta(hours=3)) is not None
    assert len(backups.list_backups(data_dir)) == 2


def test_later_of_two_backups_in_the_same_second_counts_as_newest(
    tmp_path: Path, data_dir: Path
) -> None:
    """Two backups stamped with the same second: the one taken last is the newest."""
    data_dir.mkdir(mode=0o700)
    moment = datetime(2026, 11, 20, 9, 30, 0)
    backups.take_backup(data_dir, data_file_with(tmp_path, "Ann"), moment)
    backups.take_backup(data_dir, data_file_with(tmp_path, "Ann", "Ben"), moment)
    found = backups.newest_good(data_dir)
    assert found is not None
    assert found.people == 2, f"{found.path.name} was taken first"
