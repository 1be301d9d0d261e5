"""Backups: taken when the data opens, rotated, found and restored; starting afresh.

Restoring and starting afresh never delete: the files they replace are set aside.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.errors import CorruptDataError
from coach.storage import backups, recovery
from coach.store.store import Store
from tests.support.disk import (
    DATA,
    JOURNAL,
    crashed_copy,
    data_file_with,
    names,
    names_on_disk,
    opened,
)


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


def test_only_files_named_for_a_real_time_are_backups(data_dir: Path) -> None:
    """A backup is known by the time in its name, to the microsecond; anything else in the
    folder (a copy made by hand, a name with an impossible date) is not offered."""
    data_dir.mkdir(mode=0o700)
    start = datetime(2026, 11, 1, 9, 30, 5, 123456)
    taken = backups.take_backup(data_dir, b"kept", start)
    assert taken is not None
    folder = backups.backup_dir(data_dir)
    for name in (
        "coach-20261301-093005-123456.json",  # month 13
        "coach-20261101-253005-123456.json",  # hour 25
        "coach-20261101-093005.json",  # no microseconds
        "coach-2026110a-093005-123456.json",
        "coach-\uff12\uff10\uff12\uff16" + "1101-093005-123456.json",  # fullwidth digits
        "coach-copy.json",
    ):
        (folder / name).write_bytes(b"kept")
    assert [(b.path, b.taken) for b in backups.list_backups(data_dir)] == [(taken, start)]


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
