"""The data file's format: a header naming version and encoding, the tables, the parts.

    {"coach": {"format": "coach-data", "schema_version": 1, "encoding": "json-parts",
               "generation": 4, "written_by": "coach 0.2.0",
               "hot_since": {"commitments": "2025-10-27", "conversations": "2026-08-03"},
               "superseded": ["2024-03.3.json"]},
     "tables": {"people": {...}, "conversations": {...}, "commitments": {...}},
     "parts": {"2024-03": {"file": "2024-03.4.json", "documents": 812}, ...}}

The tables hold what is at hand (see coach.storage.parts); the parts, the settled
history, each in a file of its own.  "hot_since" is the day, table by table, from which every
record is at hand.  A backup is the same file with every part kept inside it
("inline": the part file's own contents), so that it is whole on its own.

"encoding" says how the rest is stored: "json-parts" since the history is kept in
parts; "json" (coach 0.1.0) had every record in the tables and no parts, and is
still read.  A coach that knows only "json" refuses "json-parts" as a newer
format rather than reading a fraction of the data.  It also leaves room for an
encrypted form (the tables sealed with a passphrase).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach import __version__
from coach.errors import CorruptDataError, NewerVersionError
from coach.storage import migrations, parts
from coach.storage.parts import PartRef

FORMAT_NAME = "coach-data"
PLAIN_JSON = "json"  # coach 0.1.0: everything in the tables
IN_PARTS = "json-parts"  # the tables at hand, the settled history in parts


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


def encode(
    tables: dict[str, dict[str, Any]],
    generation: int,
    *,
    parts: dict[str, PartRef] | None = None,
    hot_since: dict[str, str] | None = None,
    superseded: list[str] | None = None,
) -> bytes:
    """Serialize the tables at hand with the header and the list of parts."""
    return b"".join(
        chunks(tables, generation, parts=parts, hot_since=hot_since, superseded=superseded)
    )


def chunks(
    tables: dict[str, dict[str, Any]],
    generation: int,
    *,
    parts: dict[str, PartRef] | None = None,
    hot_since: dict[str, str] | None = None,
    superseded: list[str] | None = None,
    inline: Callable[[PartRef], bytes] | None = None,
) -> Iterator[bytes]:
    """The data file's bytes in pieces; with `inline` (a part's bytes), each part is kept
    inside, as a backup is: written piece by piece, never all of it in memory."""
    header: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": migrations.SCHEMA_VERSION,
        "encoding": IN_PARTS,
        "generation": generation,
        "written_by": f"coach {__version__}",
    }
    if hot_since is not None:
        header["hot_since"] = hot_since
    if superseded and inline is None:
        header["superseded"] = superseded
    # ensure_ascii keeps the file valid whatever a terminal pasted (lone surrogates too).
    body = json.dumps({"coach": header, "tables": tables}, ensure_ascii=True, separators=(",", ":"))
    yield body[:-1].encode("ascii")
    yield b',"parts":{'
    for number, ref in enumerate(sorted((parts or {}).values(), key=lambda r: r.key)):
        entry = json.dumps(ref.as_json(), separators=(",", ":"))[:-1]  # open, for "inline"
        yield b"%s%s:%s" % (b"," if number else b"", json.dumps(ref.key).encode(), entry.encode())
        if inline is not None:
            yield b',"inline":'
            yield inline(ref)
        yield b"}"
    yield b"}}"


def restamped(raw: bytes, generation: int) -> bytes:
    """A whole data file's bytes with its header's generation set to `generation`.

    A restore puts a backup in place under a generation no journal on disk
    continues, so the old journal can never be replayed over the backup.
    """
    document = json.loads(raw)
    document["coach"]["generation"] = generation
    return json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode(path: Path, raw: bytes) -> Snapshot:
    """Parse a data file, refusing (never repairing) anything unexpected."""
    return parse(path, text_of(path, raw))


def text_of(path: Path, raw: bytes) -> str:
    """A data file's bytes as text, decoded exactly as json.loads would decode them.

    Decoding separately lets a caller drop the bytes before parsing, so a large
    file is not held in memory three times over (bytes, text and the parsed data).
    """
    try:
        return raw.decode(json.detect_encoding(raw), "surrogatepass")
    except UnicodeDecodeError:
        raise CorruptDataError(path, "it holds bytes that are not text") from None


def parse(path: Path, text: str) -> Snapshot:
    """Parse a data file's text, refusing (never repairing) anything unexpected."""
    if not text or text.isspace():
        raise CorruptDataError(path, "the file is empty")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CorruptDataError(
            path, f"it is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise CorruptDataError(path, "it is nested deeper than coach can read") from None
    except ValueError:  # a number of thousands of digits
        raise CorruptDataError(path, "it holds a number too long to read") from None
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
    if encoding not in (PLAIN_JSON, IN_PARTS):
        raise NewerVersionError(path, f"it is stored as {encoding!r}, which this coach cannot read")
    tables = document.get("tables")
    if not _looks_like_tables(tables):
        raise CorruptDataError(path, "its tables are damaged")
    generation = header.get("generation", 0)
    snapshot = Snapshot(
        schema_version=version,
        generation=generation if isinstance(generation, int) else 0,
        tables=tables,
        whole=encoding == PLAIN_JSON,
        old_layout=encoding == PLAIN_JSON,
    )
    if encoding == IN_PARTS:
        _read_parts(path, header, document.get("parts"), snapshot)
    return snapshot


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
