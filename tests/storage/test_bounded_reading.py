"""Parsing is bounded, and so are imports (issue 19, findings 8, 9 and 10).

A data file, a backup or an import nested without end, or holding a number of
thousands of digits, is "damaged" (restore offered) or refused: never a traceback.
An import is bounded in size and in records, with a message naming the limit; a
refused import leaves no new backup behind, and one that could not make its backup
says so.
"""

from __future__ import annotations

import errno
import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.errors import CorruptDataError
from coach.sharing import archive
from coach.sharing.archive import ImportRefused
from coach.storage import backups, files
from coach.store.store import Store
from tests.support.disk import DATA, data_file_with, opened

DEEP = 100_000


def deep_data_file() -> bytes:
    """A data file whose one person has a field nested DEEP levels."""
    nested = b"[" * DEEP + b"]" * DEEP
    return (
        b'{"coach": {"format": "coach-data", "schema_version": 1, "encoding": "json"}, '
        b'"tables": {"people": {"p1": {"id": "p1", "name": "Ann", "x": ' + nested + b"}}}}"
    )


@pytest.mark.parametrize(
    "raw",
    [
        deep_data_file(),
        b'{"coach": {"format": "coach-data", "schema_version": 1, "encoding": "json", '
        b'"generation": ' + b"9" * 5000 + b'}, "tables": {}}',
    ],
    ids=["nested", "huge-int"],
)
def test_a_data_file_that_cannot_be_parsed_within_bounds_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes
) -> None:
    """Opening, doctor, commitments: 'damaged' with the way out, the file kept as it was."""
    directory = tmp_path / "data"
    with opened(directory) as store:
        store.people.add("Ann")
    backups.take_backup(directory, (directory / DATA).read_bytes(), datetime.now())
    (directory / DATA).write_bytes(raw)
    with pytest.raises(CorruptDataError):
        Store.open(directory)
    assert main(["--data-dir", str(directory), "doctor"]) == 1
    assert "coach doctor --restore" in capsys.readouterr().out
    assert main(["--data-dir", str(directory), "commitments"]) == 1
    assert "cannot be read" in capsys.readouterr().err
    assert (directory / DATA).read_bytes() == raw


def test_a_damaged_newest_backup_is_passed_over(tmp_path: Path) -> None:
    """A backup nested without end cannot be read: the next one is restored instead."""
    directory = tmp_path / "data"
    now = datetime.now()
    with opened(directory) as store:
        store.people.add("Cy")
    good = backups.take_backup(directory, data_file_with(tmp_path, "Ann"), now + timedelta(hours=1))
    backups.take_backup(directory, deep_data_file(), now + timedelta(hours=2))
    found = backups.newest_good(directory)
    assert found is not None and found.path == good
    assert main(["--data-dir", str(directory), "doctor", "--restore"]) == 0


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        (b"[" * DEEP + b"]" * DEEP, "nested more than 50 deep"),
        (
            b'{"format": "coach-export", "version": 1, "schema_version": 1, "tables": '
            b'{"people": [{"id": "p1", "name": "Ann", "x": ' + b"7" * 5000 + b"}]}}",
            "a number too long",
        ),
    ],
    ids=["nested", "huge-int"],
)
def test_an_import_that_cannot_be_parsed_within_bounds_is_refused(raw: bytes, match: str) -> None:
    """Refused with a sentence, never a traceback."""
    with pytest.raises(ImportRefused, match=match):
        archive.decode(raw, "file.json")


def export_of(people: int) -> bytes:
    """An export holding this many people."""
    listed = [{"id": f"p{n}", "name": f"Person {n}"} for n in range(people)]
    document = {"format": "coach-export", "version": 1, "schema_version": 1}
    return json.dumps(document | {"tables": {"people": listed}}).encode()


def test_an_import_holds_at_most_so_many_records(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the limit: refused, naming it (made small here, to keep the test fast)."""
    monkeypatch.setattr(archive, "MOST_RECORDS", 100)
    archive.decode(export_of(100), "file.json")
    with pytest.raises(ImportRefused, match=r"at most 100 records.*holds 101"):
        archive.decode(export_of(101), "file.json")


def test_an_import_file_larger_than_the_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size limit: refused before it is read, naming the limit."""
    monkeypatch.setattr(archive, "MOST_BYTES", 1_000_000)
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(1_500_000)  # sparse: no need to write it
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(big)]) == 1
    assert "an import may hold at most 1 MB (this file is 1.5 MB)" in capsys.readouterr().err
    assert not (tmp_path / "data" / DATA).exists()


def test_a_fifo_given_to_import_is_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a regular file: refused at once."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(fifo)]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_a_refused_import_leaves_no_new_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'Nothing was changed' holds for backups/ too."""
    directory = tmp_path / "data"
    with opened(directory) as store:
        store.people.add("Ann")
    folder = backups.backup_dir(directory)
    for old in folder.glob("*"):
        old.unlink()
    backups.take_backup(directory, (directory / DATA).read_bytes(), datetime.now() - timedelta(2))
    before = sorted(folder.iterdir())
    orphan = {"id": "c1", "person_id": "p-nobody"}
    document = {"format": "coach-export", "version": 1, "schema_version": 1}
    path = tmp_path / "orphan.json"
    path.write_text(json.dumps(document | {"tables": {"conversations": [orphan]}}))
    assert main(["--data-dir", str(directory), "import", str(path)]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert sorted(folder.iterdir()) == before


def test_an_import_says_when_the_disk_is_too_full_for_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import goes ahead (the data is sound), and says the backup is missing."""
    directory = tmp_path / "data"
    with opened(directory) as store:
        store.people.add("Ann")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "take_backup", full)
    path = tmp_path / "one.json"
    path.write_bytes(export_of(1))
    assert main(["--data-dir", str(directory), "import", str(path)]) == 0
    printed = capsys.readouterr()
    assert "Added 1 people." in printed.out
    assert "Could not make today's backup: the disk is full" in printed.err


@pytest.mark.parametrize("name", [DATA, "coach.journal"])
def test_a_data_file_larger_than_coach_ever_writes_is_damaged_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A data file or journal past the size bound (2 GB of zeros, say): damaged, not read.

    Read whole it would take the memory of the machine before failing to parse; it is
    reported as damaged at once, naming the bound, and kept as it is.
    """
    directory = tmp_path / "data"
    with opened(directory) as store:
        store.people.add("Ann")
    with (directory / name).open("ab") as file:
        file.truncate(files.MOST_BYTES + 1)  # sparse: no need to write it
    size = (directory / name).stat().st_size
    with pytest.raises(CorruptDataError, match=r"larger than coach ever writes \(2 GB\)"):
        Store.open(directory)
    assert main(["--data-dir", str(directory), "commitments"]) == 1
    assert "larger than coach ever writes" in capsys.readouterr().err
    assert main(["--data-dir", str(directory), "doctor"]) == 1
    assert "larger than coach ever writes" in capsys.readouterr().out
    assert (directory / name).stat().st_size == size


def test_a_backup_larger_than_coach_ever_writes_is_passed_over(tmp_path: Path) -> None:
    """The newest backup past the bound is not read: the one before it is offered."""
    directory = tmp_path / "data"
    now = datetime.now()
    with opened(directory) as store:
        store.people.add("Cy")
    good = backups.take_backup(directory, data_file_with(tmp_path, "Ann"), now + timedelta(hours=1))
    huge = backups.take_backup(directory, data_file_with(tmp_path, "Bo"), now + timedelta(hours=2))
    assert huge is not None
    with huge.open("ab") as file:
        file.truncate(files.MOST_BYTES + 1)
    found = backups.newest_good(directory)
    assert found is not None and found.path == good
