"""The journal's line format: checksummed lines, torn tails dropped, damage detected."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from coach.storage.journal import (
    JournalDamaged,
    apply_changes,
    encode_line,
    header_line,
    read_journal,
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
