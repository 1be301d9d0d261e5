"""Turning encryption on and off, and changing the passphrase, so that a kill at any
moment leaves the data either as it was or fully converted, never a mix.

Encryption is on when the data file is sealed.  A conversion writes every file of
the new form beside the old ones, under new names, with a backup of the new form
checked byte for byte, then puts the new data file in place in one atomic rename:
that rename is the conversion.  What the old form leaves (its parts, its backups,
the key file after `coach decrypt`, copies kept aside) is removed after it, and
again by the next coach that opens the data (`tidy`), if a kill came first.
Changing the passphrase rewrites the key file alone: the data key stays.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coach.errors import InvalidInput, StoreError
from coach.storage import backups, parts
from coach.storage.durable import DurableStorage
from coach.storage.files import read_own_file, replace_atomically
from coach.storage.layout import DATA_NAME, KEY_NAME
from coach.storage.leftovers import tidy
from coach.storage.parts import PartRef
from coach.storage.sealing import DataKey, KdfParameters, wrap
from coach.storage.unlocking import (
    BACKUP_ROLE,
    DATA_ROLE,
    held,
    hold,
    is_encrypted,
    let_go,
    part_role,
)


@dataclass
class Converted:
    """What a conversion did, for the command to say."""

    parts: int = 0
    backups_removed: list[str] = field(default_factory=list)
    kept_aside: list[str] = field(default_factory=list)
    backup: str = ""


def encrypt(
    directory: Path, passphrase: str, parameters: KdfParameters | None = None
) -> tuple[DataKey, Converted]:
    """Seal every file of the data in `directory` with a new data key, wrapped by
    `passphrase` in the key file; returns the key (for the recovery key) and what was done."""
    storage = DurableStorage.open(directory, back_up=False)
    try:
        if is_encrypted(directory):
            raise InvalidInput("The data is encrypted already: `coach passphrase` changes it.")
        key = DataKey.new()
        done = _convert(storage, key, key_file=wrap(key, passphrase, parameters))
    finally:
        storage.close()
    return key, done


def decrypt(directory: Path) -> Converted:
    """Write every file of the data in `directory` plain again (its key held already)."""
    storage = DurableStorage.open(directory, back_up=False)
    try:
        if not is_encrypted(directory):
            raise InvalidInput("The data is not encrypted.")
        done = _convert(storage, None, key_file=None)
    finally:
        storage.close()
    return done


def change_passphrase(
    directory: Path, passphrase: str, parameters: KdfParameters | None = None
) -> None:
    """Wrap the data key (held already) by a new passphrase: the key file alone changes."""
    key = held(directory)
    storage = DurableStorage.open(directory, back_up=False)  # the lock: one writer
    try:
        if key is None or not is_encrypted(directory):
            raise InvalidInput("The data is not encrypted: `coach encrypt` turns it on.")
        replace_atomically(directory / KEY_NAME, wrap(key, passphrase, parameters))
    finally:
        storage.close()


def _convert(storage: DurableStorage, key: DataKey | None, *, key_file: bytes | None) -> Converted:
    """Write the data again sealed with `key` (None: plain), then switch to it."""
    directory = storage.directory
    old_key = held(directory)
    storage.fold()
    generation = storage.generation + 1
    done = Converted()
    manifest: dict[str, PartRef] = {}
    written: list[str] = []
    try:
        for ref in sorted(storage.manifest.values(), key=lambda r: r.key):
            raw = _sealed(key, parts.read_plain(directory, ref), part_role(ref.key))
            name = parts.file_name(ref.key, generation)
            replace_atomically(parts.ensure_folder(directory) / name, raw)
            written.append(name)
            manifest[ref.key] = PartRef(ref.key, name, ref.documents, zlib.crc32(raw))
        done.parts = len(manifest)
        # A backup of the new form, read back and checked, before anything old goes.
        done.backup = _checked_backup(storage, key, generation, manifest)
        if key_file is not None:
            replace_atomically(directory / KEY_NAME, key_file)
        plain = storage.data_file_bytes(generation, manifest)
        raw = _sealed(key, plain, DATA_ROLE)
        replace_atomically(directory / DATA_NAME, raw)  # the conversion happens here
    except BaseException:
        parts.remove_files(directory, written)
        raise
    if key is None:
        let_go(directory)
    else:
        hold(directory, key)
    storage.switched(generation, manifest, len(raw))
    parts.remove_files(directory, [r.file for r in _replaced(manifest, written, directory)])
    done.backups_removed, done.kept_aside = tidy(directory, old_key)
    return done


def _replaced(
    manifest: dict[str, PartRef], written: list[str], directory: Path
) -> Iterable[PartRef]:
    """The part files on disk that the new data file does not name."""
    where = parts.folder(directory)
    if not where.is_dir():
        return []
    keep = set(written) | {ref.file for ref in manifest.values()}
    return [
        PartRef("", path.name, 0, 0)
        for path in where.iterdir()
        if parts.generation_of(path.name) is not None and path.name not in keep
    ]


def _sealed(key: DataKey | None, raw: bytes, role: str) -> bytes:
    return raw if key is None else key.seal(raw, role)


def _checked_backup(
    storage: DurableStorage, key: DataKey | None, generation: int, manifest: dict[str, PartRef]
) -> str:
    """Take a whole backup of the data in its new form, and read it back: it must open
    with the new key and hold exactly the bytes written (a SHA-256 of them)."""
    digest = hashlib.sha256()

    def counted(pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            digest.update(piece)
            yield piece

    pieces: Iterable[bytes] = counted(storage.backup_pieces(generation, manifest))
    if key is not None:
        pieces = key.seal_pieces(pieces, BACKUP_ROLE)
    path = backups.take_backup(
        storage.directory, pieces, datetime.now(), label="converted", as_is=True
    )
    assert path is not None  # a labelled backup is always written
    raw = read_own_file(path) or b""
    plain = key.open(raw, BACKUP_ROLE) if key is not None else raw
    if hashlib.sha256(plain).digest() != digest.digest():
        raise StoreError(
            f"The new backup {path.name} did not read back as written; nothing changed."
        )
    return path.name
