"""`coach doctor`: the check-up of the data, and restoring a chosen backup."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.storage import backups, durable
from coach.store.store import Store


def doctor(directory: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run `coach doctor` on `directory`; the exit code and everything printed."""
    code = main(["--data-dir", str(directory), "doctor", *args])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def line(report: str, topic: str) -> str:
    """The report's line about one topic."""
    return next(text for text in report.splitlines() if f" {topic} " in text)


def make_data(directory: Path, *people: str) -> None:
    """Data holding these people, opened twice so that a backup of it exists."""
    store = Store.open(directory)
    for name in people:
        store.people.add(name)
    store.close()
    Store.open(directory).close()


def backup_of(directory: Path, when: datetime, *people: str) -> Path:
    """A backup taken at `when`, holding these people."""
    scratch = directory.parent / f"scratch-{'-'.join(people)}"
    make_data(scratch, *people)
    taken = backups.take_backup(directory, (scratch / "coach.json").read_bytes(), when)
    assert taken is not None
    shutil.rmtree(scratch)
    return taken


def names(directory: Path) -> list[str]:
    """Who the data holds."""
    store = Store.open(directory, read_only=True)
    try:
        return [person.name for person in store.people.all()]
    finally:
        store.close()


def test_counts_include_changes_not_yet_folded_into_the_data_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long history keeps its journal over a quit: the counts are of the data as it opens."""
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)
    make_data(data_dir, "Ann", "Ben")
    store = Store.open(data_dir, back_up=False)  # (a backup due would fold the journal in)
    store.people.add("Cy")
    store.close()
    code, report = doctor(data_dir, capsys)
    assert code == 0, report
    assert "3 people, 0 conversations, 0 commitments" in line(report, "data file")
    assert "1 change since the last full save" in line(report, "journal")


def test_healthy_data_is_reported_as_such(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Counts, version, a free lock and the backups, with exit code 0."""
    make_data(data_dir, "Ann", "Ben")
    code, report = doctor(data_dir, capsys)
    assert code == 0, report
    assert "format version 1" in line(report, "data file")
    assert "2 people, 0 conversations, 0 commitments" in line(report, "data file")
    assert line(report, "permissions").split()[0] == "ok"
    assert "free" in line(report, "lock")
    assert "1, the newest good one from" in line(report, "backups")
    assert " 1  " in report and "(2 people, 0 conversations)" in report
    assert report.rstrip().endswith("All is well.")


def test_no_data_yet_is_fine(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory that does not exist yet is not a problem, and is not created."""
    code, report = doctor(data_dir, capsys)
    assert code == 0
    assert "no data yet" in report
    assert not data_dir.exists()


def test_a_damaged_file_is_a_problem_with_the_way_out(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reason, the backup to restore and the command to do it; the file untouched."""
    make_data(data_dir, "Ann")
    (data_dir / "coach.json").write_bytes(b'{"coach": {"for')
    code, report = doctor(data_dir, capsys)
    assert code == 1
    assert "not valid JSON" in line(report, "data file")
    assert "restore it with: coach doctor --restore" in line(report, "backups")
    assert report.rstrip().endswith("problem found: see above.")
    assert (data_dir / "coach.json").read_bytes() == b'{"coach": {"for'


def test_a_damaged_journal_and_loose_permissions_are_problems(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad line in the middle of the journal, and files others can read, are both named."""
    store = Store.open(data_dir)
    for name in ("Ann", "Ben", "Cy", "Dee"):
        store.people.add(name)
    crashed = data_dir.with_name("crashed")
    shutil.copytree(data_dir, crashed)
    store.close()
    lines = (crashed / "coach.journal").read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"Ben", b"Bex")
    (crashed / "coach.journal").write_bytes(b"".join(lines))
    os.chmod(crashed / "coach.json", 0o644)
    code, report = doctor(crashed, capsys)
    assert code == 1
    assert "is damaged: line 2 is damaged" in line(report, "journal")
    assert f"{crashed / 'coach.json'} is 0644" in line(report, "permissions")
    assert "2 problems found" in report


def test_the_holder_of_the_lock_is_named_and_restore_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a coach open, doctor says which process has the data and will not restore."""
    make_data(data_dir, "Ann")
    holder = Store.open(data_dir)
    try:
        code, report = doctor(data_dir, capsys)
        assert code == 0
        assert f"in use by coach process {os.getpid()}" in line(report, "lock")
        before = (data_dir / "coach.json").read_bytes()
        code, report = doctor(data_dir, capsys, "--restore")
        assert code == 1
        assert report.startswith(f"coach: The data in {data_dir} is in use by coach (process ")
        assert (data_dir / "coach.json").read_bytes() == before
        assert not list(data_dir.glob("coach.json.*"))
    finally:
        holder.close()


def test_restore_puts_the_newest_good_backup_back_keeping_the_current_files(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--restore` alone: the newest readable backup; the data file and journal kept aside."""
    now = datetime.now()
    make_data(data_dir, "Ann")
    backup_of(data_dir, now + timedelta(hours=1), "Ann", "Ben")
    (backups.backup_dir(data_dir) / "coach-29991231-000000-000000.json").write_bytes(b"{")
    store = Store.open(data_dir)
    store.people.add("Cy")  # in the journal
    crashed = data_dir.with_name("crashed")
    shutil.copytree(data_dir, crashed)
    store.close()
    data, journal = (crashed / "coach.json").read_bytes(), (crashed / "coach.journal").read_bytes()
    code, report = doctor(crashed, capsys, "--restore")
    assert code == 0, report
    assert "Restored the backup of" in report and "(2 people, 0 conversations)" in report
    assert names(crashed) == ["Ann", "Ben"]
    kept = {
        path.name.split(".before-restore")[0]: path for path in crashed.glob("*.before-restore*")
    }
    assert sorted(kept) == ["coach.journal", "coach.json"]
    assert kept["coach.json"].read_bytes() == data
    assert kept["coach.journal"].read_bytes() == journal
    assert f"is kept as {kept['coach.json']}" in report


@pytest.mark.parametrize("choice", ["number", "name", "path"])
def test_restore_a_chosen_backup(
    data_dir: Path, capsys: pytest.CaptureFixture[str], choice: str
) -> None:
    """A backup chosen by its number in the list, its file name, or its path."""
    now = datetime.now()
    make_data(data_dir, "Ann", "Ben", "Cy")
    older = backup_of(data_dir, now - timedelta(days=2), "Ann")
    backup_of(data_dir, now - timedelta(days=1), "Ann", "Ben")
    number = [b.path for b in backups.list_backups(data_dir)].index(older) + 1
    _, report = doctor(data_dir, capsys)
    assert f"{number:>2}  " in report and older.name in report
    argument = {"number": str(number), "name": older.name, "path": str(older)}[choice]
    code, report = doctor(data_dir, capsys, "--restore", argument)
    assert code == 0, report
    assert names(data_dir) == ["Ann"]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("7", "There is no backup number 7: there is only 1"),
        ("nothing.json", "There is no backup file nothing.json."),
        ("bad", "cannot be read; choose another one."),
    ],
)
def test_restore_refuses_what_cannot_be_restored(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argument: str, message: str
) -> None:
    """A wrong number, a missing or unreadable file: a clear message, nothing changed."""
    make_data(data_dir, "Ann")
    (backups.backup_dir(data_dir) / "bad").write_bytes(b"not a coach file")
    before = (data_dir / "coach.json").read_bytes()
    code, report = doctor(data_dir, capsys, "--restore", argument)
    assert code == 1
    assert report.startswith("coach: ") and message in report
    assert (data_dir / "coach.json").read_bytes() == before


def test_restore_without_any_backup_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No backup at all: exit 1 with a sentence, the data untouched."""
    store = Store.open(data_dir)
    store.people.add("Ann")
    store.close()
    code, report = doctor(data_dir, capsys, "--restore")
    assert code == 1
    assert "There is no readable backup" in report
    assert names(data_dir) == ["Ann"]


def test_a_path_holding_an_escape_sequence_is_printed_harmlessly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder name with control characters shows them as symbols, in the report and errors."""
    directory = tmp_path / "x\x1b[2Jy"
    directory.mkdir()
    (directory / "coach.json").write_bytes(b"{")
    code, report = doctor(directory, capsys)
    assert code == 1
    assert "x␛[2Jy" in report and "\x1b" not in report
    code, report = doctor(directory, capsys, "--restore")
    assert code == 1
    assert report.startswith("coach: ") and "\x1b" not in report


def test_a_directory_that_cannot_be_checked_gives_one_sentence(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OS error while looking (a folder coach may not list) is reported, not a traceback."""
    make_data(data_dir, "Ann")

    def refuse(self: Path, pattern: str) -> list[Path]:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "rglob", refuse)
    code, report = doctor(data_dir, capsys)
    assert code == 1
    assert report.startswith(f"coach: Could not check {data_dir}: permission denied")


def test_the_counts_hold_the_journal_and_one_is_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A person added since the last full save is counted; "1 person", "1 change"."""
    make_data(data_dir, "Ann")
    store = Store.open(data_dir)
    store.people.add("Cy")  # in the journal, not yet in the data file
    unfolded = data_dir.with_name("unfolded")
    shutil.copytree(data_dir, unfolded)
    store.close()
    code, report = doctor(unfolded, capsys)
    assert code == 0, report
    assert "2 people, 0 conversations, 0 commitments" in line(report, "data file")
    assert "1 change since" in line(report, "journal")
    assert "(1 person, 0 conversations)" in report
    assert "1 people" not in report and "1 changes" not in report
