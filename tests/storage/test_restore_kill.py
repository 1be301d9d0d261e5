"""An interrupted restore never makes the data look gone (issue 19, finding 1).

A child (tests/support/restore_child.py) restores backups again and again, the way
`coach doctor --restore N` and the app's problem screen do, and is SIGKILLed at
moments spread across its writes.  After every kill the directory still holds a
data file that opens, with one whole state (the data as it was, or one of the two
backups), and `coach doctor` never calls it "no data yet".  And a directory that
has lost its data file but keeps the files a restore set aside, or backups, is
never taken for a new one: doctor, `coach commitments` and opening say so.

COACH_CRASH_KILLS sets the number of kills (default 100), COACH_CRASH_SEED the seed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.errors import CorruptDataError
from coach.storage import backups
from coach.storage.loading import read_tables
from coach.store.store import Store
from tests.support.disk import DATA, data_file_with, names_on_disk, opened

KILLS = int(os.environ.get("COACH_CRASH_KILLS", "100"))
SEED = int(os.environ.get("COACH_CRASH_SEED", "20261201"))
CHILD = Path(__file__).parents[1] / "support" / "restore_child.py"


def kill_during_restores(directory: Path, delay: float) -> None:
    """Start the restoring child and SIGKILL it `delay` seconds after it is ready."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(directory)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        errors = child.stderr.read().decode(errors="replace")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, f"the child failed on its own:\n{errors}"


def test_killed_restores_leave_one_whole_state_never_an_empty_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """≥100 SIGKILLs across restores: the data file is always there and opens whole."""
    directory = tmp_path / "data"
    with opened(directory) as store:
        for name in ("Ann", "Ben", "Cy"):
            store.people.add(name)
    now = datetime.now()
    backups.take_backup(directory, data_file_with(tmp_path, "Ann"), now + timedelta(hours=1))
    backups.take_backup(directory, data_file_with(tmp_path, "Ann", "Ben"), now + timedelta(hours=2))
    whole = {("Ann",), ("Ann", "Ben"), ("Ann", "Ben", "Cy")}
    seen = set()
    rng = random.Random(SEED)
    # One restore takes a few ms: kills spread over the first few restores land
    # before, inside and between their writes.
    for _ in range(KILLS):
        kill_during_restores(directory, rng.uniform(0, 0.03))
        assert (directory / DATA).exists(), sorted(p.name for p in directory.iterdir())
        people = tuple(sorted(p["name"] for p in read_tables(directory)["people"].values()))
        assert people in whole
        seen.add(people)
        for kept in directory.glob(f"{DATA}.before-restore-*"):
            kept.unlink()  # only to keep the directory small over the run
    assert {("Ann",), ("Ann", "Ben")} <= seen  # the kills did land among the restores
    code = main(["--data-dir", str(directory), "doctor"])
    assert "no data yet" not in capsys.readouterr().out
    assert code == 0
    assert tuple(names_on_disk(directory)) in whole


def lose_the_data_file(tmp_path: Path) -> Path:
    """A data directory as the old restore left it when killed midway."""
    directory = tmp_path / "data"
    with opened(directory) as store:
        store.people.add("Ann")
    backups.take_backup(directory, (directory / DATA).read_bytes(), datetime.now())
    (directory / DATA).rename(directory / f"{DATA}.before-restore-20261201-090000")
    return directory


def test_a_directory_that_lost_its_data_file_is_not_taken_for_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No data file, but a file a restore set aside and backups: a problem, with the way out."""
    directory = lose_the_data_file(tmp_path)
    with pytest.raises(CorruptDataError) as caught:
        Store.open(directory)
    assert "coach doctor --restore" in str(caught.value)
    assert not (directory / DATA).exists()

    code = main(["--data-dir", str(directory), "doctor"])
    report = capsys.readouterr().out
    assert code == 1
    assert "no data yet" not in report and "All is well" not in report
    assert "before-restore-20261201-090000" in report
    assert "coach doctor --restore" in report

    code = main(["--data-dir", str(directory), "commitments"])
    printed = capsys.readouterr()
    assert code != 0
    assert "No open commitments" not in printed.out
    assert "coach doctor --restore" in printed.err

    assert main(["--data-dir", str(directory), "doctor", "--restore"]) == 0
    assert names_on_disk(directory) == ["Ann"]


def test_backups_without_a_data_file_are_not_taken_for_new(tmp_path: Path) -> None:
    """Only backups left: coach does not open an empty store over them."""
    directory = lose_the_data_file(tmp_path)
    for kept in directory.glob(f"{DATA}.before-restore-*"):
        kept.unlink()
    with pytest.raises(CorruptDataError) as caught:
        Store.open(directory)
    assert "backups" in str(caught.value)


def test_starting_afresh_leaves_a_data_file(tmp_path: Path) -> None:
    """Afresh writes an empty data file, so the backups beside it do not read as a lost one."""
    from coach.storage import recovery

    directory = lose_the_data_file(tmp_path)
    recovery.start_afresh(directory)
    assert (directory / DATA).exists()
    assert names_on_disk(directory) == []
