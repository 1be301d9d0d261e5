"""The JSON export: everything stored, lossless, in a versioned format (docs/export-format.md).

    {"format": "coach-export", "version": 1, "schema_version": 1,
     "written_by": "coach 0.1.0",
     "tables": {"people": [...], "conversations": [...], "commitments": [...],
                "facts": [...]}}

Every stored document goes out as stored, whatever fields it has, so fields and
tables added by later versions travel too (only a value this coach's import would
refuse, written before its rules, goes out as coach reads it: see `mended`).  The
file depends only on the data: records are ordered by id and keys sorted, so
exporting the same data twice gives the same bytes.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach import __version__
from coach.errors import CoachError, reason_for
from coach.sharing.validation import DEPTH_LIMIT, document_problems, field_rules
from coach.storage import layout, migrations
from coach.storage.datafile import FORMAT_NAME as DATA_FORMAT_NAME
from coach.store import records
from coach.store.store import Store

FORMAT_NAME = "coach-export"
FORMAT_VERSION = 1
SHOWN_PROBLEMS = 5
# Bounds on what one import may hold: ten times the largest demo data set, and far
# beyond a working life of conversations, while keeping coach's memory and time sane.
MOST_BYTES = 64_000_000
MOST_RECORDS = 200_000

Document = dict[str, Any]


class ImportRefused(CoachError):
    """A file that cannot be imported; nothing was changed."""


@dataclass
class Export:
    """The contents of an export file, checked and brought up to this coach's schema."""

    tables: dict[str, list[Document]]


def export_tables(store: Store) -> dict[str, list[Document]]:
    """Every stored document by table, ordered by id (known tables always present)."""
    tables = {}
    for name in store.tables():
        documents = [mended(name, document) for document in store.documents(name)]
        if documents or name in layout.TABLES:
            tables[name] = sorted(documents, key=lambda d: str(d.get("id")))
    return tables


_CODECS: dict[str, records.Codec[Any]] = {
    codec.table: codec
    for codec in (records.PEOPLE, records.CONVERSATIONS, records.COMMITMENTS, records.FACTS)
}


def mended(table: str, document: Document) -> Document:
    """`document` as the export writes it: as stored, but a known field whose value an
    import would refuse (a day outside the years coach keeps, a time without its offset,
    written before those rules) goes out as coach reads it, so every export imports again.

    The fields that are sound, and those coach does not know, go out untouched.
    """
    fields, _ = field_rules().get(table, ({}, ()))
    wrong = [
        field for field, check in fields.items() if field in document and check(document[field])
    ]
    codec = _CODECS.get(table)
    if not wrong or codec is None:
        return document
    try:
        as_read = codec.write(codec.read(document))
    except (KeyError, TypeError, ValueError):
        return document  # not readable as a record at all: the import will say why
    return {**document, **{field: as_read[field] for field in wrong if field in as_read}}


def encode(tables: dict[str, list[Document]]) -> bytes:
    """The export file's bytes for these tables."""
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "schema_version": migrations.SCHEMA_VERSION,
        "written_by": f"coach {__version__}",
        "tables": {name: [_sorted(doc) for doc in docs] for name, docs in tables.items()},
    }
    # ASCII only: any text (even a lone surrogate pasted from a terminal) survives.
    return (json.dumps(document, ensure_ascii=True, indent=2) + "\n").encode("ascii")


def _sorted(document: Document) -> Document:
    """`document` with its keys sorted at every level.

    By JSON's own writer and reader (C, without Python recursion): a field nested as
    deep as the data file can hold (an older coach let imports store some nested
    hundreds deep) exports as well as any other.
    """
    ordered: Document = json.loads(json.dumps(document, sort_keys=True))
    return ordered


def read_export(path: Path) -> bytes:
    """The bytes of an export file, refusing a FIFO or a device and a file past MOST_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ImportRefused(f"Could not read {path}: {reason_for(error)}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ImportRefused(f"{path} is not a regular file (a FIFO or a device): not read.")
        if info.st_size > MOST_BYTES:
            raise ImportRefused(
                f"{path} cannot be imported, nothing was changed: an import may hold at most "
                f"{MOST_BYTES / 1e6:g} MB (this file is {info.st_size / 1e6:.1f} MB)."
            )
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read(MOST_BYTES + 1)
    except OSError as error:
        raise ImportRefused(f"Could not read {path}: {reason_for(error)}.") from None
    finally:
        os.close(fd)


def decode(raw: bytes, source: str) -> Export:
    """Read an export file, refusing anything that is not a sound coach export."""
    try:
        document = json.loads(raw)
    except UnicodeDecodeError:
        raise ImportRefused(f"{source} is not a coach export: it is not text.") from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"{source} is not a coach export: it is not valid JSON "
            f"(line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise ImportRefused(
            f"{source} cannot be imported, nothing was changed: it is nested more than "
            f"{DEPTH_LIMIT} deep."
        ) from None
    except ValueError:  # Python refuses to read a number of more than 4,300 digits
        raise ImportRefused(
            f"{source} cannot be imported, nothing was changed: it holds a number too long."
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused(f"{source} is not a coach export.")
    _check_header(document, source)
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(t, list) for t in tables.values()):
        raise ImportRefused(f"{source} is damaged: 'tables' must map each table to a list.")
    records = sum(len(documents) for documents in tables.values())
    if records > MOST_RECORDS:
        raise ImportRefused(
            f"{source} cannot be imported, nothing was changed: an import may hold at most "
            f"{MOST_RECORDS:,} records (this one holds {records:,})."
        )
    _check_documents(tables, source)
    keyed = {name: {str(d["id"]): d for d in docs} for name, docs in tables.items()}
    version = document["schema_version"]
    if version < migrations.SCHEMA_VERSION:
        keyed = migrations.migrate(keyed, version)
    return Export({name: list(docs.values()) for name, docs in keyed.items()})


def _check_header(document: Document, source: str) -> None:
    header = document.get("coach")
    if isinstance(header, dict) and header.get("format") == DATA_FORMAT_NAME:
        raise ImportRefused(
            f"{source} is coach's own data file, not an export. To bring that data in, "
            "export it first: coach --data-dir DIR export --format json --output FILE."
        )
    if document.get("format") != FORMAT_NAME:
        raise ImportRefused(
            f'{source} is not a coach export (it has no "format": "{FORMAT_NAME}").'
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRefused(f"{source} is damaged: its export format version is missing.")
    if version > FORMAT_VERSION:
        raise ImportRefused(
            f"{source} was written by a newer coach (export format version {version}; this "
            f"coach reads version {FORMAT_VERSION}). Upgrade coach to import it."
        )
    schema = document.get("schema_version")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ImportRefused(f"{source} is damaged: its data schema version is missing.")
    if schema > migrations.SCHEMA_VERSION:
        raise ImportRefused(
            f"{source} holds data from a newer coach (data schema version {schema}; this "
            f"coach understands up to {migrations.SCHEMA_VERSION}). Upgrade coach to import it."
        )


def _check_documents(tables: dict[str, list[Any]], source: str) -> None:
    found: list[str] = []
    for name, documents in tables.items():
        seen: set[str] = set()
        for index, document in enumerate(documents, start=1):
            if not isinstance(document, dict):
                found.append(f"{name} #{index} is not a record")
                continue
            where = f"{name} #{index}"
            if isinstance(document.get("id"), str):
                where += f" ({document['id']})"
                if document["id"] in seen:
                    found.append(f"{where} appears twice")
                seen.add(document["id"])
            found += [f"{where}: {problem}" for problem in document_problems(name, document)]
    if found:
        shown = "; ".join(found[:SHOWN_PROBLEMS])
        more = f"; and {len(found) - SHOWN_PROBLEMS} more" if len(found) > SHOWN_PROBLEMS else ""
        raise ImportRefused(
            f"{source} cannot be imported, nothing was changed. "
            f"{len(found)} problem{'s' if len(found) != 1 else ''}: {shown}{more}."
        )
