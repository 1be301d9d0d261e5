"""coach touches only the files it owns (issue 19, findings 3, 7 and 8's special files).

An export's temporary file has an unpredictable name and is created exclusively, so
a link planted where it would go is never written through.  In the data directory,
a symbolic link, a FIFO or a device where coach expects its own file is refused with
a clear message, and the file it points at is neither written, truncated nor
chmodded.  These run as root here; root bypasses permission checks, not the checks
coach makes itself, so they hold as a normal user too.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.errors import StoreError
from coach.sharing.exporting import write_file
from coach.storage import backups
from coach.store.store import Store
from tests.support.disk import DATA, JOURNAL, mode, opened


def data(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`coach --data-dir DIRECTORY ARGS` in a new process; fails if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(directory), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def victim(tmp_path: Path) -> Path:
    """Someone else's file, which coach must never change."""
    path = tmp_path / "elsewhere" / "precious.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text("not coach's")
    path.chmod(0o644)
    return path


def unchanged(path: Path) -> bool:
    """The victim still holds what it held, with its permissions."""
    return path.read_text() == "not coach's" and mode(path) == 0o644


def test_an_export_never_writes_through_a_link_at_a_predictable_temp_name(
    tmp_path: Path,
) -> None:
    """Links planted at every name the old temporary file could take are left alone."""
    target = victim(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for pid in {os.getpid(), os.getpid() + 1}:
        (out / f".notes.md.{pid}.tmp").symlink_to(target)
    write_file(out / "notes.md", b"private notes")
    assert (out / "notes.md").read_bytes() == b"private notes"
    assert unchanged(target)


def data_with_people(tmp_path: Path) -> Path:
    """A data directory with data, a journal and a backup."""
    directory = tmp_path / "data"
    with opened(directory) as store:
        store.people.add("Ann")
    with opened(directory) as store:
        store.people.add("Ben")
    return directory


@pytest.mark.parametrize("name", ["coach.lock", JOURNAL, DATA])
def test_a_link_in_place_of_a_file_is_refused_and_its_target_untouched(
    tmp_path: Path, name: str
) -> None:
    """The lock, the journal or the data file linked elsewhere: refused, saying so."""
    directory = data_with_people(tmp_path)
    target = victim(tmp_path)
    (directory / name).unlink(missing_ok=True)
    (directory / name).symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        Store.open(directory).close()
    assert unchanged(target)
    result = data(directory, "doctor")
    assert result.returncode == 1
    assert "symbolic link" in result.stdout
    assert unchanged(target)


def test_a_linked_backups_folder_is_neither_chmodded_nor_written(tmp_path: Path) -> None:
    """backups/ linked to another folder: that folder keeps its mode and its contents."""
    directory = data_with_people(tmp_path)
    elsewhere = tmp_path / "their-folder"
    elsewhere.mkdir(mode=0o755)
    elsewhere.chmod(0o755)
    backups.backup_dir(directory).rename(tmp_path / "old-backups")
    backups.backup_dir(directory).symlink_to(elsewhere)
    store = Store.open(directory)  # the data itself is sound: it opens, without a backup
    try:
        assert any("symbolic link" in warning for warning in store.warnings)
    finally:
        store.close()
    assert mode(elsewhere) == 0o755
    assert list(elsewhere.iterdir()) == []


def test_a_data_file_linked_to_another_data_file_is_refused(tmp_path: Path) -> None:
    """coach.json linked to a real coach data file: refused, the target not replaced."""
    directory = data_with_people(tmp_path)
    real = tmp_path / "real-data.json"
    (directory / DATA).rename(real)
    real.chmod(0o644)
    (directory / DATA).symlink_to(real)
    before = real.read_bytes()
    with pytest.raises(StoreError, match="symbolic link"):
        Store.open(directory)
    assert real.read_bytes() == before and mode(real) == 0o644
    assert (directory / DATA).is_symlink()


def test_a_fifo_as_the_data_file_is_refused_without_hanging(tmp_path: Path) -> None:
    """`coach commitments` and `coach doctor` on a FIFO: a clear message, at once."""
    directory = tmp_path / "data"
    directory.mkdir(mode=0o700)
    os.mkfifo(directory / DATA)
    for command in ("commitments", "doctor"):
        result = data(directory, command)  # times out (and fails) if it hangs
        assert result.returncode == 1
        assert "not a regular file" in result.stdout + result.stderr
    assert stat.S_ISFIFO((directory / DATA).lstat().st_mode)


def test_a_device_as_the_data_file_is_refused(tmp_path: Path) -> None:
    """/dev/zero's device as coach.json would be read until memory runs out: refused.

    Making a device node needs root, which this suite runs as."""
    directory = tmp_path / "data"
    directory.mkdir(mode=0o700)
    zero = os.stat("/dev/zero").st_rdev
    os.mknod(directory / DATA, stat.S_IFCHR | 0o600, zero)
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(directory, read_only=True)
    (directory / DATA).unlink()
    (directory / DATA).symlink_to("/dev/zero")
    result = data(directory, "commitments")
    assert result.returncode == 1 and "symbolic link" in result.stderr
