"""The data directory is private (0700) and every file in it 0600, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from coach.storage import backups
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
