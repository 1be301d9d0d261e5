"""The journal: an append-only log of changes made since the last snapshot.

Rewriting a whole data file for every keystroke-sized edit is slow once a leader
has years of notes (a 17 MB file takes ~300 ms to serialize and flush), so each
change is appended here as one checksummed line and flushed with fsync; the
snapshot is rewritten only now and then ("compaction").  A crash can tear only
the line being written, and that line was never acknowledged, so it is dropped.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# A change maps table name -> document id -> new document, or None for a deletion.
Changes = dict[str, dict[str, Any]]


class JournalDamaged(ValueError):
    """A line in the middle of the journal is unreadable: not a torn final write."""


# A sealed line's body: this mark, then the sealed JSON in base64 (so lines stay lines).
SEALED = b"~"

Seal = Callable[[bytes], bytes]  # the JSON of a line -> sealed bytes
Open = Callable[[bytes, int], bytes]  # sealed bytes, the journal's generation -> the JSON


def encode_line(payload: dict[str, Any], seal: Seal | None = None) -> bytes:
    """One journal line: a CRC-32 of the body, a space, the body, a newline; the body is
    the JSON, or with `seal` (the data is encrypted) the JSON sealed."""
    body = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    if seal is not None:
        body = SEALED + base64.b64encode(seal(body))
    return b"%08x %s\n" % (zlib.crc32(body), body)


def header_line(generation: int, schema_version: int) -> bytes:
    """The first line: which snapshot (generation) this journal continues."""
    return encode_line({"journal_for": generation, "schema_version": schema_version})


def _decode(
    line: bytes, open_sealed: Callable[[bytes], bytes] | None = None
) -> dict[str, Any] | None:
    """A line's payload; None if it is torn or damaged.  A sealed line is opened with
    `open_sealed` (which raises if the key does not open a line whose checksum is sound)."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        if body.startswith(SEALED):
            if open_sealed is None:
                return None
            body = open_sealed(base64.b64decode(body[1:], validate=True))
        payload = json.loads(body)
    except (ValueError, RecursionError, binascii.Error):  # bad, nested without end, huge
        return None
    return payload if isinstance(payload, dict) else None


def _sound(line: bytes) -> bool:
    """Whether a line was written whole (its checksum holds), sealed or not: a damaged
    line before one of these is damage, not a write cut short."""
    if len(line) < 10 or line[8:9] != b" ":
        return False
    try:
        return int(line[:8], 16) == zlib.crc32(line[9:])
    except ValueError:
        return False


@dataclass
class JournalContents:
    """What a journal file holds, and how much of it is sound."""

    generation: int
    schema_version: int
    changes: list[Changes]
    good_length: int  # bytes up to the end of the last sound line; the rest is a torn tail
    # Which part each changed document of the settled history was in when it changed
    # (table -> id -> part key): the next fold takes the old copy out of that part.
    homes: dict[str, dict[str, str]] = field(default_factory=dict)


def read_journal(data: bytes, open_sealed: Open | None = None) -> JournalContents | None:
    """Parse a journal; None if even its header never made it to disk.

    A final line that is incomplete or fails its checksum is a write cut short by
    a crash: it is left out.  A bad line with sound lines after it means the file
    was damaged some other way, and JournalDamaged is raised.  Sealed lines are
    opened with `open_sealed` (coach.storage.unlocking), given the generation.
    """
    lines = list(_split(data))
    if not lines:
        return None
    header = _decode(lines[0][1])
    if header is None or "journal_for" not in header:
        if any(_sound(line) for _, line in lines[1:]):
            raise JournalDamaged("its first line is damaged")
        return None
    contents = JournalContents(
        generation=int(header["journal_for"]),
        schema_version=int(header.get("schema_version", 0)),
        changes=[],
        good_length=lines[0][0],
    )
    generation = contents.generation
    opener = None if open_sealed is None else (lambda body: open_sealed(body, generation))
    for index, (end, line) in enumerate(lines[1:], start=2):
        record = _decode(line, opener)
        if record is None or not isinstance(record.get("changes"), dict):
            later = lines[index:]
            if any(_sound(rest) for _, rest in later):
                raise JournalDamaged(f"line {index} is damaged")
            break
        contents.changes.append(record["changes"])
        homes = record.get("homes")
        if isinstance(homes, dict):
            for name, found in homes.items():
                if isinstance(found, dict):
                    known = contents.homes.setdefault(str(name), {})
                    known.update({str(k): str(v) for k, v in found.items() if isinstance(v, str)})
        contents.good_length = end
    return contents


def _split(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Yield (end offset including the newline, line without it) for each complete line.

    A trailing fragment without a newline is yielded with end offset -1 so the
    caller treats it as unsound (it can never decode: the checksum covers it).
    """
    start = 0
    while start < len(data):
        newline = data.find(b"\n", start)
        if newline == -1:
            yield -1, b""  # torn: never sound
            return
        yield newline + 1, data[start:newline]
        start = newline + 1


def apply_changes(tables: dict[str, dict[str, Any]], changes: Changes) -> None:
    """Apply one journal record to the tables, replacing (never mutating) documents."""
    for name, documents in changes.items():
        table = dict(tables.get(name, {}))
        for doc_id, document in documents.items():
            if document is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = document
        tables[name] = table
