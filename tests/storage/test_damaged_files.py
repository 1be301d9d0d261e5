"""Files coach must not touch: damaged, from a newer coach, or a journal without its data.

Damaged data files and journals, byte by byte: never overwritten, always a clear message.

The data file is the real version 1 fixture (tests/fixtures/coach-v1.json),
cut short at every offset, with bytes flipped and runs of NULs written over it
at offsets across the whole file, empty, and with junk after it.  Each time
coach must refuse it with a message naming the file (or, where a flipped byte
lands inside some text, open it as the valid file it still is), leave it byte
for byte as it was, and restoring the newest backup must bring the data back.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.errors import CorruptDataError, NewerVersionError
from coach.storage import backups, datafile, recovery
from coach.store.store import Store
from tests.support.disk import DATA, JOURNAL, crashed_copy, mode

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


SMALL = good_file()
HALF = len(SMALL) // 2

CORRUPTIONS = {
    "empty": b"",
    "blank": b" \n\t\n",
    "cut-at-1": SMALL[:1],
    "cut-at-20": SMALL[:20],
    "cut-in-half": SMALL[:HALF],
    "cut-last-byte": SMALL[:-1],
    "trailing-junk": SMALL + b"garbage",
    "trailing-brace": SMALL + b"}",
    "all-nul": b"\x00" * len(SMALL),
    "nul-tail": SMALL[:HALF] + b"\x00" * (len(SMALL) - HALF),
    "nul-appended": SMALL + b"\x00" * 64,
    "high-bit-flipped": SMALL[:HALF] + bytes([SMALL[HALF] ^ 0x80]) + SMALL[HALF + 1 :],
    "first-byte-flipped": bytes([SMALL[0] ^ 0x01]) + SMALL[1:],
    "last-byte-flipped": SMALL[:-1] + bytes([SMALL[-1] ^ 0x01]),
    "json-object-not-coach": b'{"people": []}',
    "json-list": b"[1, 2, 3]",
    "json-null": b"null",
    "stock-tinydb-file": b'{"_default": {"1": {"name": "Ann"}}}',
    "other-format": replaced_header(format="something-else"),
    "no-version": replaced_header(schema_version=None),
    "version-as-text": replaced_header(schema_version="1"),
    "version-zero": replaced_header(schema_version=0),
    "tables-a-list": SMALL.replace(b'"tables":{', b'"tables":[{', 1)[:-1] + b"]}",
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
