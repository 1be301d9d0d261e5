"""The keys this process holds, one per data directory, and sealing files with them.

Encryption is on when the data file is sealed (coach.storage.sealing); its data
key is wrapped in the key file, `coach.key`, beside it.  A process that has been
given the passphrase (or the recovery key) for a directory keeps the data key here
for as long as it runs, like an agent, so that every file of that directory the
storage reads or writes is opened or sealed with it, and nothing on disk ever holds
the key in clear.  Reading a sealed file with no key held raises PassphraseNeeded,
which the app answers with its passphrase field and the shell commands with a
prompt, `COACH_PASSPHRASE_FILE` or the keyring (coach.commands.passphrases).

Each file is sealed for its role (the data file, a month's part, a journal of one
generation, a backup), so that a sealed file put in another's place does not open.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path

from coach.errors import CorruptDataError, StoreError
from coach.storage.files import check_own_file, read_own_file
from coach.storage.layout import DATA_NAME, KEY_NAME
from coach.storage.sealing import MAGIC, CannotOpen, DataKey, is_sealed, unwrap

DATA_ROLE = "coach.json"
BACKUP_ROLE = "backup"

_held: dict[Path, DataKey] = {}
_lock = threading.Lock()


class PassphraseNeeded(StoreError):
    """The data is encrypted and this process holds no key for it yet."""

    def __init__(self, directory: Path) -> None:
        super().__init__(f"The data in {directory} is encrypted: its passphrase is needed.")
        self.directory = directory


def part_role(key: str) -> str:
    """The role a month's part is sealed for ("part 2024-03")."""
    return f"part {key}"


def journal_role(generation: int) -> str:
    """The role of the lines of the journal that continues data file `generation`."""
    return f"journal {generation}"


@functools.lru_cache(maxsize=64)
def _where(directory: Path) -> Path:
    # Resolved once per path: a save asks for its key, and resolving costs a syscall a part.
    return directory.resolve()


def held(directory: Path) -> DataKey | None:
    """The key held for `directory`, if any."""
    with _lock:
        return _held.get(_where(directory))


def hold(directory: Path, key: DataKey) -> None:
    """Keep `key` as the one `directory`'s files are sealed with, from now on."""
    with _lock:
        _held[_where(directory)] = key


def let_go(directory: Path) -> None:
    """Forget the key of `directory` (after `coach decrypt`, and in tests)."""
    with _lock:
        _held.pop(_where(directory), None)


def unlock(directory: Path, passphrase: str) -> DataKey:
    """Open the key file of `directory` with `passphrase` and hold its key.

    Raises CannotOpen ("wrong passphrase, or the file is damaged") if it does not open,
    and StoreError if there is no key file.
    """
    key = unwrap(key_file_bytes(directory), passphrase)
    hold(directory, key)
    return key


def key_file_bytes(directory: Path) -> bytes:
    """The key file's bytes; StoreError if it is missing."""
    try:
        raw = read_own_file(directory / KEY_NAME)
    except OSError as error:
        raise CorruptDataError(directory / KEY_NAME, str(error)) from None
    if raw is None:
        raise StoreError(
            f"The data in {directory} is encrypted but its key file ({KEY_NAME}) is missing: "
            "open it with `coach decrypt --recovery-key`."
        )
    return raw


def seal(directory: Path, raw: bytes, role: str) -> bytes:
    """`raw` sealed for `role` if a key is held for `directory`, else as it is."""
    key = held(directory)
    return raw if key is None else key.seal(raw, role)


def unseal(directory: Path, path: Path, raw: bytes, role: str) -> bytes:
    """The plain bytes of `path` (read as `raw`): opened if sealed, as they are if not.

    Raises PassphraseNeeded if it is sealed and no key is held, and CorruptDataError
    (the file untouched) if the key does not open it.
    """
    if not is_sealed(raw):
        return raw
    key = held(directory)
    if key is None:
        raise PassphraseNeeded(directory)
    try:
        return key.open(raw, role)
    except CannotOpen:
        raise CorruptDataError(
            path, "it does not open with this data's key: it is damaged, or not this data's"
        ) from None


def journal_opener(directory: Path, path: Path) -> Callable[[bytes, int], bytes]:
    """How the journal at `path` opens its sealed lines (see coach.storage.journal)."""
    return lambda body, generation: unseal(directory, path, body, journal_role(generation))


def journal_sealer(directory: Path, generation: int) -> Callable[[bytes], bytes] | None:
    """How a line of the journal of `generation` is sealed (None: the data is not)."""
    key = held(directory)
    if key is None:
        return None
    role = journal_role(generation)
    return lambda body: key.seal(body, role)


def is_encrypted(directory: Path) -> bool:
    """Whether the data in `directory` is sealed (its data file is): read from its first
    bytes only."""
    return starts_sealed(directory / DATA_NAME)


def starts_sealed(path: Path) -> bool:
    """Whether coach's file `path` is sealed, from its first bytes (False if it is not
    there or not coach's own file)."""
    try:
        if not check_own_file(path):
            return False
        with path.open("rb") as file:
            return is_sealed(file.read(len(MAGIC)))
    except OSError:
        return False
