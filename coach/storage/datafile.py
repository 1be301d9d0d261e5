"""The data file's format: a header naming version and encoding, then the tables.

    {"coach": {"format": "coach-data", "schema_version": 1, "encoding": "json",
               "generation": 4, "written_by": "coach 0.1.0"},
     "tables": {"people": {...}, "conversations": {...}, "commitments": {...}}}

"encoding" leaves room for an encrypted form (the tables sealed with a
passphrase) without a new storage design; this version writes only "json".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach import __version__
from coach.errors import CorruptDataError, NewerVersionError
from coach.storage import migrations

FORMAT_NAME = "coach-data"
PLAIN_JSON = "json"


@dataclass
class Snapshot:
    """A data file's contents, as read."""

    schema_version: int
    generation: int
    tables: dict[str, dict[str, Any]]


def encode(tables: dict[str, dict[str, Any]], generation: int) -> bytes:
    """Serialize the whole database with its header."""
    document = {
        "coach": {
            "format": FORMAT_NAME,
            "schema_version": migrations.SCHEMA_VERSION,
            "encoding": PLAIN_JSON,
            "generation": generation,
            "written_by": f"coach {__version__}",
        },
        "tables": tables,
    }
    # ensure_ascii keeps the file valid whatever a terminal pasted (lone surrogates too).
    return json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")


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
    if encoding != PLAIN_JSON:
        raise NewerVersionError(path, f"it is stored as {encoding!r}, which this coach cannot read")
    tables = document.get("tables")
    if not _looks_like_tables(tables):
        raise CorruptDataError(path, "its tables are damaged")
    generation = header.get("generation", 0)
    return Snapshot(
        schema_version=version,
        generation=generation if isinstance(generation, int) else 0,
        tables=tables,
    )


def _looks_like_tables(tables: object) -> bool:
    if not isinstance(tables, dict):
        return False
    return all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    )
