"""The journal: its line format (checksummed lines, torn tails dropped, damage detected),
then the journal on disk as a store opens it."""

from __future__ import annotations

import copy
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from coach.errors import CorruptDataError
from coach.storage import backups, migrations
from coach.storage.journal import (
    JournalDamaged,
    apply_changes,
    encode_line,
    header_line,
    read_journal,
)
from coach.store.store import Store
from tests.support.disk import (
    JOURNAL,
    commitment,
    crashed_copy,
    disk,
    header,
    names,
    names_on_disk,
    opened,
)

RECORDS: list[dict[str, Any]] = [
    {"people": {"p1": {"id": "p1", "name": "Ann"}}},
    {"people": {"p2": {"id": "p2", "name": 'Zoë 🌱 "quoted"\nsecond line'}}},
    {"commitments": {"c1": {"id": "c1", "text": "Send the notes"}}, "people": {"p1": None}},
]


def journal_bytes(records: list[dict[str, Any]], generation: int = 3) -> bytes:
    """A journal continuing snapshot `generation`, holding `records`."""
    lines = [header_line(generation, 1)]
    lines += [encode_line({"changes": changes}) for changes in records]
    return b"".join(lines)


def flip(data: bytes, offset: int) -> bytes:
    """`data` with one bit of the byte at `offset` flipped."""
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


def test_round_trip() -> None:
    """Every record written comes back, in order, with the header's generation and version."""
    data = journal_bytes(RECORDS, generation=7)
    contents = read_journal(data)
    assert contents is not None
    assert contents.generation == 7
    assert contents.schema_version == 1
    assert contents.changes == RECORDS
    assert contents.good_length == len(data)


def test_each_record_is_one_ascii_line() -> None:
    """Text with newlines and non-ASCII characters cannot split or garble a line."""
    line = encode_line({"changes": RECORDS[1]})
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    line.decode("ascii")  # raises if anything outside ASCII slipped through


def test_lone_surrogate_survives_a_round_trip() -> None:
    """Whatever a terminal pasted (even a lone surrogate) is stored and read back as is."""
    odd = {"people": {"p9": {"id": "p9", "name": "broken \ud800 paste"}}}
    contents = read_journal(journal_bytes([odd]))
    assert contents is not None
    assert contents.changes == [odd]


def test_header_only_journal() -> None:
    """A journal with just its header holds no changes and is entirely sound."""
    data = header_line(4, 1)
    contents = read_journal(data)
    assert contents is not None
    assert (contents.generation, contents.changes) == (4, [])
    assert contents.good_length == len(data)


def test_empty_journal_is_none() -> None:
    """An empty file never got its header: there is nothing to apply."""
    assert read_journal(b"") is None


def test_torn_header_is_none_at_every_cut() -> None:
    """A header cut short by a crash means the journal never started."""
    header = header_line(2, 1)
    for cut in range(1, len(header)):
        assert read_journal(header[:cut]) is None, f"cut at {cut}"


def test_torn_final_line_is_dropped_at_every_cut() -> None:
    """A last line cut at any byte is dropped; good_length ends at the last sound line."""
    sound = journal_bytes(RECORDS[:-1])
    last = encode_line({"changes": RECORDS[-1]})
    for cut in range(len(last)):
        contents = read_journal(sound + last[:cut])
        assert contents is not None, f"cut at {cut}"
        assert contents.changes == RECORDS[:-1], f"cut at {cut}"
        assert contents.good_length == len(sound), f"cut at {cut}"


def test_final_line_with_a_flipped_byte_is_dropped() -> None:
    """A complete last line whose checksum fails is treated as torn, not applied."""
    sound = journal_bytes(RECORDS[:-1])
    last = encode_line({"changes": RECORDS[-1]})
    contents = read_journal(sound + flip(last, 20))
    assert contents is not None
    assert contents.changes == RECORDS[:-1]
    assert contents.good_length == len(sound)


def test_flipped_byte_in_a_records_json_fails_its_checksum() -> None:
    """Flipping any single byte of a record's JSON makes that record unreadable."""
    header = header_line(1, 1)
    line = encode_line({"changes": RECORDS[0]})
    body_start = 9  # eight hex digits of CRC-32 and a space
    for offset in range(body_start, len(line) - 1):
        contents = read_journal(header + flip(line, offset))
        assert contents is not None
        assert contents.changes == [], f"flipped byte {offset} was accepted"


def test_flipped_byte_in_a_records_checksum_is_caught() -> None:
    """A damaged checksum field rejects the record too."""
    header = header_line(1, 1)
    line = encode_line({"changes": RECORDS[0]})
    for offset in range(9):
        contents = read_journal(header + flip(line, offset))
        assert contents is not None
        assert contents.changes == [], f"flipped byte {offset} was accepted"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda line: flip(line, 30), id="flipped-byte"),
        pytest.param(lambda line: flip(line, 2), id="flipped-checksum"),
        pytest.param(lambda line: line[:15] + b"\n", id="cut-short"),
        pytest.param(lambda line: b"\x00" * (len(line) - 1) + b"\n", id="zeroed"),
        pytest.param(lambda line: b"\n", id="emptied"),
    ],
)
def test_damaged_middle_line_raises(damage: Any) -> None:
    """A bad line followed by sound lines is damage, not a torn write: it is reported."""
    lines = [header_line(1, 1)] + [encode_line({"changes": c}) for c in RECORDS]
    lines[2] = damage(lines[2])
    with pytest.raises(JournalDamaged, match="line 3"):
        read_journal(b"".join(lines))


def test_damaged_header_followed_by_sound_lines_raises() -> None:
    """If the header is bad but records follow, the journal is damaged, not torn."""
    data = journal_bytes(RECORDS)
    with pytest.raises(JournalDamaged):
        read_journal(flip(data, 12))


def test_apply_changes_replaces_and_deletes() -> None:
    """Documents are replaced whole, None deletes, new tables appear."""
    ann = {"id": "a", "name": "Ann"}
    ben = {"id": "b", "name": "Ben"}
    tables: dict[str, dict[str, Any]] = {"people": {"a": ann, "b": ben}}
    new_ann = {"id": "a", "name": "Ann Smith"}
    task = {"id": "c", "text": "Call"}
    apply_changes(
        tables,
        {"people": {"a": new_ann, "b": None, "gone": None}, "commitments": {"c": task}},
    )
    assert tables == {"people": {"a": new_ann}, "commitments": {"c": task}}
    assert tables["people"]["a"] is new_ann


def test_apply_changes_does_not_mutate_the_input_tables() -> None:
    """The committed tables' inner dicts and documents are left exactly as they were."""
    ann = {"id": "a", "name": "Ann", "tags": ["x"]}
    people = {"a": ann, "b": {"id": "b", "name": "Ben"}}
    tables: dict[str, dict[str, Any]] = {"people": people}
    before = copy.deepcopy(tables)
    apply_changes(tables, {"people": {"a": {"id": "a", "name": "Ann Smith"}, "b": None}})
    assert people == before["people"]
    assert ann == before["people"]["a"]
    assert tables["people"] is not people


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
