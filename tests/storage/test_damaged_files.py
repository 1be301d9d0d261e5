"""Damaged data files and journals, byte by byte: never overwritten, always a clear message.

The data file is the real version 1 fixture (tests/fixtures/coach-v1.json),
cut short at every offset, with bytes flipped and runs of NULs written over it
at offsets across the whole file, empty, and with junk after it.  Each time
coach must refuse it with a message naming the file (or, where a flipped byte
lands inside some text, open it as the valid file it still is), leave it byte
for byte as it was, and restoring the newest backup must bring the data back.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.errors import CorruptDataError, NewerVersionError
from coach.storage import backups, recovery
from coach.store.store import Store

GOOD = (Path(__file__).parents[1] / "fixtures" / "coach-v1.json").read_bytes()
SPREAD = range(0, len(GOOD), max(1, len(GOOD) // 150))  # 150 offsets across the file


def damaged_copies() -> dict[str, bytes]:
    """Every damaged form of the good file to try, by name."""
    found: dict[str, bytes] = {"empty": b"", "only-newline": b"\n"}
    for cut in range(len(GOOD)):
        found[f"cut-at-{cut}"] = GOOD[:cut]
    for offset in SPREAD:
        found[f"flipped-at-{offset}"] = (
            GOOD[:offset] + bytes([GOOD[offset] ^ 0xFF]) + GOOD[offset + 1 :]
        )
        found[f"nuls-at-{offset}"] = GOOD[:offset] + b"\x00" * 16 + GOOD[offset + 16 :]
    for junk in (b"x", b"}", b"{}", b"\x00", b"\n\n{", b'{"coach":1}'):
        found[f"junk-{junk!r}"] = GOOD + junk
    return found


DAMAGED = damaged_copies()


def open_it(directory: Path) -> str:
    """Open as the writer: 'refused' with the reason, or 'opened'."""
    try:
        store = Store.open(directory)
    except (CorruptDataError, NewerVersionError) as error:
        assert error.path == directory / "coach.json"
        assert str(directory / "coach.json") in str(error)
        assert "has not been changed" in str(error)
        return "refused"
    store.close()
    return "opened"


def test_damaged_data_files_are_refused_and_never_written(tmp_path: Path) -> None:
    """Cut, flipped, NUL-filled, empty, junk after: refused untouched, or still valid."""
    still_sound = 0
    for name, raw in DAMAGED.items():
        directory = tmp_path / name
        directory.mkdir(mode=0o700)
        (directory / "coach.json").write_bytes(raw)
        outcome = open_it(directory)
        if outcome == "refused":
            assert (directory / "coach.json").read_bytes() == raw, name
            assert sorted(p.name for p in directory.iterdir()) == ["coach.json", "coach.lock"]
        else:  # a flipped byte inside some text: still a sound file, with that text changed
            assert name.startswith("flipped-at-"), f"{name} was taken for a sound file"
            still_sound += 1
        shutil.rmtree(directory)
    # Most flips break the JSON or its header; only those inside some text leave it sound.
    assert still_sound < len(SPREAD) // 2


@pytest.mark.parametrize(
    "name", ["empty", f"cut-at-{len(GOOD) // 2}", "nuls-at-0", "junk-b'x'", "flipped-at-0"]
)
def test_restoring_the_newest_backup_brings_the_data_back(tmp_path: Path, name: str) -> None:
    """After the refusal, the newest good backup is put back and the damage kept aside."""
    directory = tmp_path / "data"
    directory.mkdir(mode=0o700)
    now = datetime.now()
    backups.take_backup(directory, GOOD, now - timedelta(hours=2))
    backups.take_backup(directory, GOOD[:100], now - timedelta(hours=1))  # itself damaged
    (directory / "coach.json").write_bytes(DAMAGED[name])
    assert open_it(directory) == "refused"
    restored, aside = recovery.restore_newest_backup(directory)
    assert restored.people == 2
    assert [path.read_bytes() for path in aside] == [DAMAGED[name]]
    store = Store.open(directory)
    try:
        assert [p.name for p in store.people.all()] == ["Alex Kim", "Sam [red]Lee[/]"]
    finally:
        store.close()


def test_a_journal_cut_at_any_offset_opens_with_a_prefix_of_the_changes(tmp_path: Path) -> None:
    """A torn journal keeps every change before the cut and drops the rest, never crashing."""
    live = tmp_path / "live"
    store = Store.open(live)
    added = [store.people.add(f"Person {n}").name for n in range(6)]
    journal = (live / "coach.journal").read_bytes()
    data = (live / "coach.json").read_bytes()
    store.close()
    for cut in range(len(journal) + 1):
        directory = tmp_path / f"cut-{cut}"
        directory.mkdir(mode=0o700)
        (directory / "coach.json").write_bytes(data)
        (directory / "coach.journal").write_bytes(journal[:cut])
        backups.take_backup(directory, data, datetime.now())  # none due: the journal is kept
        reader = Store.open(directory)
        try:
            found = [p.name for p in reader.people.all()]
        finally:
            reader.close()
        assert found == sorted(found)
        assert found == added[: len(found)], f"cut at {cut}: {found}"
        shutil.rmtree(directory)
