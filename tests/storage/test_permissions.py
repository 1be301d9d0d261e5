"""The data directory is private (0700) and every file in it 0600, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from coach.cli import main
from coach.errors import StoreError
from coach.storage import backups
from coach.store.store import Store
from tests.support.disk import DATA, JOURNAL, mode, opened

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
    """Data file or lock file opened up by hand are made private again on open; the folder,
    which coach did not just create, is left as its owner set it (doctor points it out)."""
    with opened(data_dir) as store:
        store.people.add("Ann")
    for path, loose in ((data_dir / DATA, 0o644), (data_dir / "coach.lock", 0o666)):
        os.chmod(path, loose)
    os.chmod(data_dir, 0o755)
    with opened(data_dir):
        assert mode(data_dir / DATA) == 0o600
        assert mode(data_dir / "coach.lock") == 0o600
        assert mode(data_dir) == 0o755
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1


# -- folders coach did not create (issue 19, finding 6) ------------------------------------


def test_a_new_data_folder_is_created_private(tmp_path: Path) -> None:
    """Missing: created 0700, whatever the umask."""
    old = os.umask(0)
    try:
        with opened(tmp_path / "new" / "data"):
            pass
    finally:
        os.umask(old)
    assert mode(tmp_path / "new" / "data") == 0o700


@pytest.mark.parametrize("through_a_link", [False, True], ids=["direct", "link"])
def test_a_world_writable_folder_is_refused_and_never_chmodded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], through_a_link: bool
) -> None:
    """A shared 1777 folder (like /tmp): refused, saying how to fix it, its mode untouched."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    given = shared
    if through_a_link:
        given = tmp_path / "link"
        given.symlink_to(shared)
    with pytest.raises(StoreError, match=r"changed by every user.*chmod 700"):
        Store.open(given)
    assert mode(shared) == 0o1777
    assert list(shared.iterdir()) == []
    assert main(["--data-dir", str(given), "doctor"]) == 1
    assert "changed by every user" in capsys.readouterr().out
    assert list(shared.iterdir()) == []


def test_a_folder_its_owner_made_read_only_is_not_chmodded(tmp_path: Path) -> None:
    """0500 stays 0500: coach never changes the mode of a folder it did not create.

    Root (which this suite runs as) may still write there; a normal user is refused
    by the system with "permission denied"."""
    folder = tmp_path / "mine"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        try:
            Store.open(folder).close()
        except StoreError as error:
            assert "permission denied" in str(error)
        assert mode(folder) == 0o500
    finally:
        folder.chmod(0o700)


def test_a_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    """Owned by someone else: refused, naming why, untouched.

    Giving a folder to another user needs root, which this suite runs as."""
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o755)
    os.chown(folder, 65534, 65534)
    with pytest.raises(StoreError, match="belongs to another user"):
        Store.open(folder)
    assert mode(folder) == 0o755 and list(folder.iterdir()) == []
