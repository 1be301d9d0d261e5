"""Cold parts: the settled bulk of the history, one file a month, never changed once written.

What the dashboard needs (people, open commitments, conversations being prepared,
the last year's work: see coach.store.placement) stays in the data file and is
read at every start; everything older is folded into parts, one per month of the
records' dates, under `parts/`:

    parts/2024-03.7.json   {"coach": {"format": "coach-part", "part": "2024-03",
                                      "generation": 7, ...}, "tables": {...}}

A part file is written once, under a name no other file has had (its month and
the generation of the fold that wrote it), and never changed: a fold that changes
a month writes a new file and the data file's manifest switches to it in the same
atomic rename that makes the fold durable.  So the data file and its parts can
never disagree: a crash before the rename leaves the old data file naming the old
parts, which are still there; after it, the new ones.  What a fold replaced is
named in the new data file (`superseded`) and removed after the rename, and again
at the next start if a crash came first.

Nothing here knows what a record means: which part a record belongs in is the
store's rule, handed to the storage.
"""

from __future__ import annotations

import contextlib
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import CorruptDataError, NewerVersionError, reason_for
from coach.storage import migrations, unlocking
from coach.storage.files import TEMP_SUFFIX, ensure_private_dir, read_own_file
from coach.storage.layout import PARTS_DIR

Tables = dict[str, dict[str, Any]]

PART_FORMAT = "coach-part"
PLAIN_JSON = "json"
# A part's key: its month ("2024-03"), or "undated" for records with no date at all.
_KEY = re.compile(r"\A(?:\d{4}-\d{2}|undated)\Z")
_FILE = re.compile(r"\A(\d{4}-\d{2}|undated)\.(\d+)\.json\Z")


@dataclass(frozen=True)
class PartRef:
    """One part as the data file's manifest names it."""

    key: str  # its month, "2024-03"
    file: str  # "2024-03.7.json", in parts/
    documents: int  # how many documents it holds, every table together
    crc32: int  # of the file's bytes: a part damaged in any way is known as such

    def as_json(self) -> dict[str, Any]:
        """The manifest entry."""
        return {"file": self.file, "documents": self.documents, "crc32": self.crc32}


def folder(directory: Path) -> Path:
    """Where the parts of the data in `directory` live."""
    return directory / PARTS_DIR


def file_name(key: str, generation: int) -> str:
    """The name of the file that holds part `key` as the fold of `generation` wrote it."""
    return f"{key}.{generation}.json"


def generation_of(name: str) -> int | None:
    """The generation in a part file's name, or None if it is not one."""
    found = _FILE.match(name)
    return int(found.group(2)) if found else None


def is_key(key: object) -> bool:
    """Whether `key` names a part (a month, or "undated")."""
    return isinstance(key, str) and bool(_KEY.match(key))


def encode(tables: Tables, key: str, generation: int) -> bytes:
    """A part file's bytes: its header, then its tables."""
    document = {
        "coach": {
            "format": PART_FORMAT,
            "schema_version": migrations.SCHEMA_VERSION,
            "encoding": PLAIN_JSON,
            "part": key,
            "generation": generation,
        },
        "tables": tables,
    }
    return json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode(path: Path, raw: bytes, key: str) -> Tables:
    """A part file's tables, refusing (never repairing) anything unexpected."""
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        raise CorruptDataError(path, "it is not valid JSON") from None
    return tables_of(path, document, key)


def tables_of(path: Path, document: object, key: str) -> Tables:
    """The tables of a parsed part (a file, or one kept inside a backup)."""
    header = document.get("coach") if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("format") != PART_FORMAT:
        raise CorruptDataError(path, "it is not a part of coach's data")
    version = header.get("schema_version")
    if not isinstance(version, int) or version > migrations.SCHEMA_VERSION:
        raise NewerVersionError(path, f"its data format is version {version}")
    if header.get("encoding") != PLAIN_JSON:
        raise NewerVersionError(path, "it is stored in a form this coach cannot read")
    if header.get("part") != key:
        raise CorruptDataError(path, f"it holds part {header.get('part')!r}, not {key!r}")
    assert isinstance(document, dict)
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    ):
        raise CorruptDataError(path, "its tables are damaged")
    return tables


def read(directory: Path, ref: PartRef) -> Tables:
    """The tables of one part, as the data file names it (opened, if the data is sealed)."""
    return decode(folder(directory) / ref.file, read_plain(directory, ref), ref.key)


def read_plain(directory: Path, ref: PartRef) -> bytes:
    """One part file's bytes, checked, and opened if sealed (a backup keeps them inside)."""
    path = folder(directory) / ref.file
    return unlocking.unseal(
        directory, path, read_bytes(directory, ref), unlocking.part_role(ref.key)
    )


def sealed(directory: Path, raw: bytes, key: str) -> bytes:
    """A part file's bytes as written: sealed for its month if the data is."""
    return unlocking.seal(directory, raw, unlocking.part_role(key))


def read_bytes(directory: Path, ref: PartRef) -> bytes:
    """One part file's bytes, checked against the data file's record of them (a backup
    keeps them whole, as they are)."""
    path = folder(directory) / ref.file
    try:
        raw = read_own_file(path)
    except OSError as error:
        raise CorruptDataError(path, reason_for(error)) from None
    if raw is None:
        raise CorruptDataError(path, "it is missing (the data file names it)")
    if zlib.crc32(raw) != ref.crc32:
        raise CorruptDataError(path, "its contents are not what coach wrote (damaged)")
    return raw


def manifest_of(path: Path, found: object) -> dict[str, PartRef]:
    """The manifest in a data file: every part it names (inline ones aside)."""
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise CorruptDataError(path, "its list of parts is damaged")
    refs = {}
    for key, entry in found.items():
        if not is_key(key) or not isinstance(entry, dict):
            raise CorruptDataError(path, "its list of parts is damaged")
        name, count, crc = entry.get("file"), entry.get("documents"), entry.get("crc32")
        if not isinstance(name, str) or _FILE.match(name) is None or not name.startswith(key):
            raise CorruptDataError(path, f"it names a part file that cannot be coach's: {name!r}")
        if not isinstance(count, int) or count < 0 or not isinstance(crc, int):
            raise CorruptDataError(path, "its list of parts is damaged")
        refs[key] = PartRef(key, name, count, crc)
    return refs


def ensure_folder(directory: Path) -> Path:
    """The parts folder, made private if new."""
    where = folder(directory)
    ensure_private_dir(where)
    return where


def remove_files(directory: Path, names: list[str]) -> None:
    """Remove part files that no data file names any more (missing ones are skipped)."""
    where = folder(directory)
    for name in names:
        if generation_of(name) is not None:
            with contextlib.suppress(OSError):
                (where / name).unlink()


def leftovers(directory: Path, in_use: set[str], generation: int) -> list[str]:
    """Part files a fold wrote but never made durable (a crash before its rename): those
    of a later generation than the data file's, which no data file can name yet."""
    where = folder(directory)
    if where.is_symlink() or not where.is_dir():
        return []
    found = []
    for path in where.iterdir():
        made_by = generation_of(path.name)
        unnamed = made_by is not None and made_by > generation and path.name not in in_use
        if unnamed or (path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)):
            found.append(path.name)
    return found


def remove_leftovers(directory: Path, in_use: set[str], generation: int) -> None:
    """Remove what `leftovers` finds (temporary files included)."""
    where = folder(directory)
    for name in leftovers(directory, in_use, generation):
        with contextlib.suppress(OSError):
            (where / name).unlink()
