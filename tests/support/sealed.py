"""Encrypted data for the tests: a fixed data key held for every data directory, and
the same for the child processes the crash and two-writer tests start.

`seal_every_directory` makes every file the storage writes sealed from its first
write, as data encrypted with `coach encrypt` is, so that the reliability suites
(crash, faults, full disk, two writers) run against the sealed form too.
"""

from __future__ import annotations

import os

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from coach.storage import unlocking
from coach.storage.sealing import MAGIC, DataKey, KdfParameters

KEY_VARIABLE = "COACH_TEST_DATA_KEY"  # a child process holds this key (hex) for every directory
TEST_KEY = bytes(range(32))
PASSPHRASE = "correct horse battery staple"
# scrypt's real cost takes half a second a try; the tests' key files cost a millisecond.
CHEAP = KdfParameters(n=2**10, r=8, p=1)


def seal_every_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, in this process and the children it starts, every data directory's
    files are sealed with the test key (as if its passphrase had been given)."""
    key = DataKey(TEST_KEY)
    monkeypatch.setattr(unlocking, "held", lambda directory: key)
    monkeypatch.setenv(KEY_VARIABLE, TEST_KEY.hex())


def in_child() -> None:
    """In a child process: hold the key the parent's test gave, if it gave one."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        key = DataKey(bytes.fromhex(given))
        unlocking.held = lambda directory: key


# The first lines of a child script started with `python -c`: the same as `in_child`.
HOLD_TEST_KEY = f"""
import os as _os
if _os.environ.get("{KEY_VARIABLE}"):
    from coach.storage import unlocking as _unlocking
    from coach.storage.sealing import DataKey as _DataKey
    _key = _DataKey(bytes.fromhex(_os.environ["{KEY_VARIABLE}"]))
    _unlocking.held = lambda directory: _key
"""


def starts_sealed(raw: bytes) -> bool:
    """Whether a file's bytes are sealed."""
    return raw.startswith(MAGIC)


class MemoryKeyring(KeyringBackend):
    """A system keyring that keeps its passwords in this process (for the tests)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
