"""The data file's format: a header naming version and encoding, the tables, the parts.

    {"coach": {"format": "coach-data", "schema_version": 1, "encoding": "json-parts-later",
               "generation": 4, "written_by": "coach 0.2.0",
               "hot_since": {"commitments": "2025-10-27", "conversations": "2026-08-03"},
               "later": {"after": 845955, "chars": 2973760, "crc32": 56526902},
               "superseded": ["2024-03.3.json"]},
     "tables": {"people": {...}, "commitments": {...}, "conversations": {...}, "facts": {...}},
     "later": {"conversations": {...}, "commitments": {...}},
     "parts": {"2024-03": {"file": "2024-03.4.json", "documents": 812}, ...}}

The tables hold what is at hand (see coach.storage.parts); the parts, the settled
history, each in a file of its own.  "hot_since" is the day, table by table, from which every
record is at hand.  A backup is the same file with every part kept inside it
("inline": the part file's own contents), so that it is whole on its own.

"later" holds the records at hand that the dashboard's first frame does without (closed
commitments of the ledger's year, conversations of the last months but the latest):
most of the file.  The header says where it starts (right after the tables, "after"
bytes of them), how long it is and its CRC-32, so a start checks its bytes and leaves
them unparsed (`Snapshot.later`) until something asks for them, on a thread once the
dashboard is drawn.  A file laid out as written whose later section's bytes are not
those written is refused as damaged (an edit by hand there as well); a file laid out
otherwise (reindented, say) is parsed whole.

"encoding" says how the rest is stored: "json-parts-later" with a later section,
"json-parts" without; "json" (coach 0.1.0) had every record in the tables and no
parts.  All three are read.  A coach that knows only "json" refuses the others as a
newer format rather than reading a fraction of the data, and one that knows only
"json-parts" refuses "json-parts-later" (it would not see the later records).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach import __version__
from coach.errors import CorruptDataError, NewerVersionError
from coach.storage import migrations, parts
from coach.storage.files import OwnFile
from coach.storage.layout import COMMITMENTS, CONVERSATIONS, PEOPLE
from coach.storage.parts import PartRef

FORMAT_NAME = "coach-data"
PLAIN_JSON = "json"  # coach 0.1.0: everything in the tables
IN_PARTS = "json-parts"  # the tables at hand, the settled history in parts
WITH_LATER = "json-parts-later"  # the same, some of the tables at hand parsed later
_DECODER = json.JSONDecoder()
_START, _TABLES_KEY = b'{"coach":', b',"tables":'
_LATER_KEY, _PARTS_KEY = b',"later":', b',"parts":'
# A header is a few hundred bytes (a fold's list of the part files it replaced makes it a
# few thousand): read from disk, the first this many bytes of the file must hold it.
_HEADER_MOST = 1 << 16
# The tables at hand are written in this order, any other after them, so that a shell
# command parses the first it needs and stops: `coach commitments` people and commitments
# (the conversations too for --due), however many conversations and facts follow.
FIRST_TABLES = (PEOPLE, COMMITMENTS, CONVERSATIONS)


@dataclass
class Snapshot:
    """A data file's contents, as read."""

    schema_version: int
    generation: int
    tables: dict[str, dict[str, Any]]  # at hand, and every part kept inline (a backup)
    parts: dict[str, PartRef] = field(default_factory=dict)  # in files of their own
    hot_since: dict[str, str] | None = None
    superseded: list[str] = field(default_factory=list)
    whole: bool = False  # written as one file: by coach 0.1.0, or a backup
    old_layout: bool = False  # by coach 0.1.0 ("json"): every record in the tables
    # A view of the later section's bytes (ASCII) where the file's are, checked but not
    # decoded or parsed yet (`later_text`, `parse_later`), if left so: no copy till needed.
    later: memoryview | None = None
    # Left on disk, not even read (`read_pieces`): its records are in no table.
    later_unread: bool = False


def encode(
    tables: dict[str, dict[str, Any]],
    generation: int,
    *,
    parts: dict[str, PartRef] | None = None,
    hot_since: dict[str, str] | None = None,
    superseded: list[str] | None = None,
    later: dict[str, dict[str, Any]] | None = None,
) -> bytes:
    """Serialize the tables at hand (those the first frame does without in `later`) with
    the header and the list of parts."""
    return b"".join(
        chunks(
            tables,
            generation,
            parts=parts,
            hot_since=hot_since,
            superseded=superseded,
            later=later,
        )
    )


def chunks(
    tables: dict[str, dict[str, Any]],
    generation: int,
    *,
    parts: dict[str, PartRef] | None = None,
    hot_since: dict[str, str] | None = None,
    superseded: list[str] | None = None,
    inline: Callable[[PartRef], bytes] | None = None,
    later: dict[str, dict[str, Any]] | None = None,
) -> Iterator[bytes]:
    """The data file's bytes in pieces; with `inline` (a part's bytes), each part is kept
    inside, as a backup is: written piece by piece, never all of it in memory."""
    # ensure_ascii keeps the file valid whatever a terminal pasted (lone surrogates too),
    # and makes a character a byte: the header's length of the later section is both.
    later_text = _dumps(later).encode("ascii") if later else None
    header: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": migrations.SCHEMA_VERSION,
        "encoding": IN_PARTS if later_text is None else WITH_LATER,
        "generation": generation,
        "written_by": f"coach {__version__}",
    }
    if hot_since is not None:
        header["hot_since"] = hot_since
    tables_text = _dumps(_in_reading_order(tables)).encode("ascii")
    if later_text is not None:
        header["later"] = {
            "after": len(tables_text),  # where it starts, after the tables
            "chars": len(later_text),
            "crc32": zlib.crc32(later_text),
        }
    if superseded and inline is None:
        header["superseded"] = superseded
    yield b'{"coach":%s,"tables":%s' % (_dumps(header).encode(), tables_text)
    if later_text is not None:
        yield b',"later":'
        yield later_text
    yield b',"parts":{'
    for number, ref in enumerate(sorted((parts or {}).values(), key=lambda r: r.key)):
        entry = json.dumps(ref.as_json(), separators=(",", ":"))[:-1]  # open, for "inline"
        yield b"%s%s:%s" % (b"," if number else b"", json.dumps(ref.key).encode(), entry.encode())
        if inline is not None:
            yield b',"inline":'
            yield inline(ref)
        yield b"}"
    yield b"}}"


def _in_reading_order(tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    first = {name: tables[name] for name in FIRST_TABLES if name in tables}
    return first | {name: table for name, table in tables.items() if name not in first}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def restamped(raw: bytes, generation: int) -> bytes:
    """A whole data file's bytes with its header's generation set to `generation`.

    A restore puts a backup in place under a generation no journal on disk
    continues, so the old journal can never be replayed over the backup.
    """
    document = json.loads(raw)
    document["coach"]["generation"] = generation
    if isinstance(document.get("later"), dict):  # where it is, its size, its CRC-32, again
        later = _dumps(document["later"]).encode("ascii")
        document["coach"]["later"] = {
            "after": len(_dumps(document["tables"])),
            "chars": len(later),
            "crc32": zlib.crc32(later),
        }
    return _dumps(document).encode("ascii")


def decode(path: Path, raw: bytes) -> Snapshot:
    """Parse a data file, refusing (never repairing) anything unexpected."""
    return as_written(path, raw) or parse(path, text_of(path, raw))


def text_of(path: Path, raw: bytes) -> str:
    """A data file's bytes as text, decoded exactly as json.loads would decode them.

    Decoding separately lets a caller drop the bytes before parsing, so a large
    file is not held in memory three times over (bytes, text and the parsed data).
    """
    try:
        return raw.decode(json.detect_encoding(raw), "surrogatepass")
    except UnicodeDecodeError:
        raise CorruptDataError(path, "it holds bytes that are not text") from None


def as_written(
    path: Path, raw: bytes, *, leave_later: bool = False, only: Collection[str] | None = None
) -> Snapshot | None:
    """Parse a data file laid out exactly as `chunks` writes one with a later section, or
    None for any other (`parse` its text: written by an older coach, edited by hand).

    The header says where the later section is, so it is checked (its CRC-32) without
    being decoded or parsed; with `leave_later` it is left so in the snapshot, else its
    records are in the tables like any other.  Raises CorruptDataError if it is damaged.
    With `only` (for a command that reads and never writes), the tables at hand are
    parsed up to the last of those named (FIRST_TABLES), and the snapshot holds no others.
    """
    document = _laid_out(path, raw, only)
    if document is None:
        return None
    later = document.pop("later")
    if not leave_later:
        document["later"] = parse_later(path, later_text(later))
        return _snapshot(path, document)
    return _snapshot(path, document, later)


def parse(path: Path, text: str) -> Snapshot:
    """Parse a data file's text, refusing (never repairing) anything unexpected."""
    if not text or text.isspace():
        raise CorruptDataError(path, "the file is empty")
    return _snapshot(path, _loads(path, text))


def later_text(section: memoryview) -> str:
    """A later section left unparsed, as text (checked: ASCII, as written)."""
    return str(section, "ascii")


def _snapshot(path: Path, document: Any, later: memoryview | None = None) -> Snapshot:
    """The snapshot of a parsed document; `later`: its later section, checked by
    `_laid_out` and left unparsed (else any "later" in it is parsed records, or damage)."""
    header = document.get("coach") if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise CorruptDataError(path, "it is not a coach data file")
    version = header.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise CorruptDataError(path, "its header has no valid schema version")
    if version > migrations.SCHEMA_VERSION:
        raise NewerVersionError(
            path,
            f"its data format is version {version}, and this coach "
            f"understands up to version {migrations.SCHEMA_VERSION}",
        )
    encoding = header.get("encoding")
    if encoding not in (PLAIN_JSON, IN_PARTS, WITH_LATER):
        raise NewerVersionError(path, f"it is stored as {encoding!r}, which this coach cannot read")
    tables = document.get("tables")
    if not _looks_like_tables(tables):
        raise CorruptDataError(path, "its tables are damaged")
    assert isinstance(tables, dict)
    kept_back = document.get("later")
    if kept_back is not None:
        tables = _with_later(path, tables, kept_back)
    generation = header.get("generation", 0)
    snapshot = Snapshot(
        schema_version=version,
        generation=generation if isinstance(generation, int) else 0,
        tables=tables,
        whole=encoding == PLAIN_JSON,
        old_layout=encoding == PLAIN_JSON,
        later=later,
    )
    if encoding != PLAIN_JSON:
        _read_parts(path, header, document.get("parts"), snapshot)
    return snapshot


def parse_later(path: Path, text: str) -> dict[str, dict[str, Any]]:
    """The records of a later section left unparsed by `as_written` (as text: `later_text`)."""
    later: dict[str, dict[str, Any]] = _loads(path, text)
    if not _looks_like_tables(later):
        raise CorruptDataError(path, "its later tables are damaged")
    return later


def _with_later(
    path: Path, tables: dict[str, dict[str, Any]], later: object
) -> dict[str, dict[str, Any]]:
    if not _looks_like_tables(later):
        raise CorruptDataError(path, "its later tables are damaged")
    assert isinstance(later, dict)
    for name, documents in later.items():
        table = tables.setdefault(name, {})
        if not table.keys().isdisjoint(documents):
            raise CorruptDataError(path, "a record is in it twice")
        table.update(documents)
    return tables


def _loads(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CorruptDataError(
            path, f"it is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise CorruptDataError(path, "it is nested deeper than coach can read") from None
    except ValueError:  # a number of thousands of digits
        raise CorruptDataError(path, "it holds a number too long to read") from None


def _laid_out(path: Path, raw: bytes, only: Collection[str] | None = None) -> dict[str, Any] | None:
    """The document with its later section as a view of its bytes, checked but not parsed,
    if `raw` is laid out exactly as `chunks` writes it, else None.  Raises CorruptDataError
    if that section's bytes are not those written (its CRC-32 differs)."""
    at = _sections(raw)
    if at is None:
        return None
    if (
        raw[at.tables_at + at.after : at.later_at] != _LATER_KEY
        or raw[at.later_end : at.later_end + len(_PARTS_KEY)] != _PARTS_KEY
        or not raw.endswith(b"}")
    ):
        return None
    # Read through a view: no copy of the bytes but the text each piece is parsed from
    # (ASCII, as written), so that the peak stays that of parsing the file whole.
    view = memoryview(raw)
    later = view[at.later_at : at.later_end]
    if zlib.crc32(later) != at.crc:
        # Laid out as written, but not the bytes written: damaged, not edited.
        raise CorruptDataError(path, "its later records are damaged (their CRC-32 differs)")
    tables = view[at.tables_at : at.tables_at + at.after]
    parsed = _parsed(at.header, tables, view[at.later_end + len(_PARTS_KEY) : -1], only)
    if parsed is None:
        return None
    return {"coach": at.header, "tables": parsed[0], "later": later, "parts": parsed[1]}


@dataclass(frozen=True)
class BeforeLater:
    """A data file's pieces but its later section, as read from disk (see `read_pieces`)."""

    header: dict[str, Any]
    tables: memoryview
    parts: memoryview


def read_pieces(opened: OwnFile) -> BeforeLater | None:
    """For a command that reads and never writes: the pieces of a data file laid out as
    `chunks` writes one with a later section and settled history, read from disk without
    that section's bytes; None for any other file (sealed, older, edited by hand, with no
    parts: then the later records are needed), which the caller reads whole.

    Only reads, so that the file is closed before anything is parsed (a file held open
    on Windows cannot be replaced, and the app's fold would have to wait)."""
    head = opened.read(0, min(opened.size, _HEADER_MOST))
    at = _sections(head)
    if at is None or at.header["schema_version"] != migrations.SCHEMA_VERSION:
        return None  # (an older one is migrated whole, its later records with the rest)
    if at.later_end + len(_PARTS_KEY) + 1 > opened.size:
        return None
    tables = opened.read(at.tables_at, at.after + len(_LATER_KEY))
    rest = opened.read(at.later_end, opened.size - at.later_end)
    if tables[at.after :] != _LATER_KEY or not rest.startswith(_PARTS_KEY) or rest[-1:] != b"}":
        return None
    if rest == _PARTS_KEY + b"{}}":
        return None  # no settled history: a REF must be unique among the later ones too
    parts_at = len(_PARTS_KEY)
    return BeforeLater(at.header, memoryview(tables)[: at.after], memoryview(rest)[parts_at:-1])


def before_later(path: Path, pieces: BeforeLater, only: Collection[str]) -> Snapshot | None:
    """The snapshot of `read_pieces`' pieces, with the tables `only` names (see
    `as_written`); None if they are not what was written (then the file is read whole).
    `Snapshot.later_unread` says that the later section's records are in no table."""
    parsed = _parsed(pieces.header, pieces.tables, pieces.parts, only)
    if parsed is None:
        return None
    document = {"coach": pieces.header, "tables": parsed[0], "parts": parsed[1]}
    snapshot = _snapshot(path, document)
    if not snapshot.parts:  # its parts kept inside it (a backup put back): read it whole
        return None
    snapshot.later_unread = True
    return snapshot


@dataclass(frozen=True)
class _Sections:
    """Where each section is in a data file laid out as `chunks` writes one."""

    header: dict[str, Any]
    tables_at: int
    after: int  # the tables' length
    later_at: int
    later_end: int
    crc: object  # the later section's CRC-32, as the header says it (checked against it)


def _sections(head: bytes) -> _Sections | None:
    """The sections of a data file that starts with `head` (its header, at least), if
    that header is one this coach writes, with a later section."""
    if not head.startswith(_START):
        return None
    # The header ends where the tables begin: nothing in it holds a quote of its own.
    header_end = head.find(_TABLES_KEY, len(_START))
    try:
        header = json.loads(head[len(_START) : header_end]) if header_end > 0 else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or not _readable(header):
        return None  # (a newer coach's file is refused as such by `parse`)
    sizes = header.get("later")
    if not isinstance(sizes, dict):
        return None
    after, chars = sizes.get("after"), sizes.get("chars")
    if not (isinstance(after, int) and isinstance(chars, int) and after >= 0 and chars >= 0):
        return None
    tables_at = header_end + len(_TABLES_KEY)
    later_at = tables_at + after + len(_LATER_KEY)
    return _Sections(header, tables_at, after, later_at, later_at + chars, sizes.get("crc32"))


def _parsed(
    header: dict[str, Any],
    tables: memoryview,
    found: memoryview,
    only: Collection[str] | None,
) -> tuple[dict[str, Any], Any] | None:
    """The tables (those `only` names and whichever come before them, if given) and the
    list of parts, parsed from their bytes; None if they are not what was written."""
    try:
        # coach writes ASCII only: anything else (an edit by hand) is parsed whole, by `parse`.
        text = str(tables, "ascii")
        first = None
        if only is not None and header["schema_version"] == migrations.SCHEMA_VERSION:
            first = _first_of(text, set(only))  # (an older one is migrated whole)
        return (json.loads(text) if first is None else first), json.loads(str(found, "ascii"))
    except (ValueError, RecursionError):  # laid out so, but not what was written
        return None


def _first_of(text: str, wanted: set[str]) -> dict[str, Any] | None:
    """The tables of `text` up to the last of `wanted` (all of them if one is missing), or
    None if it is not laid out as `chunks` writes it (then it is parsed whole)."""
    if text == "{}":
        return {}
    if not text.startswith("{"):
        return None
    tables: dict[str, Any] = {}
    at = 1
    try:
        while at == 1 or text[at - 1] == ",":
            name, at = _DECODER.raw_decode(text, at)
            if not isinstance(name, str) or name in tables or text[at] != ":":
                return None
            tables[name], at = _DECODER.raw_decode(text, at + 1)
            at += 1
            if text[at - 1] == "}":
                return tables if at == len(text) else None
            if wanted <= tables.keys():
                return tables
    except (ValueError, RecursionError, IndexError):
        return None
    return None


def _readable(header: dict[str, Any]) -> bool:
    """Whether a header is one this coach writes (format, version, encoding)."""
    version = header.get("schema_version")
    return (
        header.get("format") == FORMAT_NAME
        and header.get("encoding") == WITH_LATER
        and isinstance(version, int)
        and 1 <= version <= migrations.SCHEMA_VERSION
    )


def _read_parts(path: Path, header: dict[str, Any], found: object, snapshot: Snapshot) -> None:
    """The manifest into `snapshot`: parts in files listed, parts kept inline merged in."""
    hot_since = header.get("hot_since")
    if isinstance(hot_since, dict):
        snapshot.hot_since = {str(k): v for k, v in hot_since.items() if isinstance(v, str)}
    superseded = header.get("superseded", [])
    if isinstance(superseded, list):
        snapshot.superseded = [name for name in superseded if isinstance(name, str)]
    inline = {}
    if isinstance(found, dict):
        for key, entry in found.items():
            if isinstance(entry, dict) and "inline" in entry:
                inline[key] = entry.pop("inline")
    snapshot.parts = parts.manifest_of(path, found)
    if not inline:
        return
    if set(inline) != set(snapshot.parts):
        raise CorruptDataError(path, "some of its parts are kept inside it and some are not")
    for key, kept in inline.items():
        for name, table in parts.tables_of(path, kept, key).items():
            snapshot.tables.setdefault(name, {}).update(table)
    snapshot.parts = {}
    snapshot.whole = True


def _looks_like_tables(tables: object) -> bool:
    if not isinstance(tables, dict):
        return False
    return all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    )
