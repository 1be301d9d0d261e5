"""Sealing coach's files with a passphrase: the key file, sealed files, the recovery key.

The data is sealed with a random 256-bit *data key* (AES-256-GCM, a fresh 96-bit
nonce for every seal).  The data key itself is kept in the key file, wrapped by a
key derived from the passphrase with scrypt, so that changing the passphrase
rewraps 32 bytes instead of rewriting the data, and the recovery key (the data key
written out for paper) opens the data when the passphrase is lost.  Everything is
authenticated: a wrong passphrase and a flipped byte are both told apart from
sound data, never read as garbage, and nothing is ever written over on their
account.  The primitives are the `cryptography` package's; nothing here is
home-made beyond the framing.  docs/encryption.md gives the reasoning behind the
parameters.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.errors import CoachError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# `cryptography` is imported where a key is used, never by merely importing this module:
# every start reads the first bytes of the data file through here, and plain data must
# not pay for loading OpenSSL.

# A sealed file starts with this line, so that coach (and a person with `head`) can
# tell a sealed file from a plain one before reading further.
MAGIC = b"coach-sealed 1\n"
NONCE_BYTES = 12  # AES-GCM's own size: random nonces of 96 bits are safe for 2**32 seals
KEY_BYTES = 32
SALT_BYTES = 16
KEY_FILE_FORMAT = "coach-key"
KEY_FILE_VERSION = 1


@dataclass(frozen=True)
class KdfParameters:
    """scrypt's cost, written in the key file so that a later coach can raise it.

    N=2**16, r=8, p=1: 64 MiB of memory for one derivation, about 0.35-0.45 s on this
    two-core machine under load: within the 0.5 s unlock budget (docs/encryption.md
    says why not OWASP's N=2**17, which takes a second here).
    """

    n: int = 2**16
    r: int = 8
    p: int = 1

    def bounded(self) -> bool:
        """Whether a key file's cost is one coach could write (a damaged or hostile file
        asking for terabytes of memory is refused before deriving anything)."""
        return (
            2 <= self.n <= 2**20
            and self.n & (self.n - 1) == 0
            and 1 <= self.r <= 32
            and 1 <= self.p <= 16
        )

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """The key that wraps the data key, from `passphrase` (as its UTF-8 bytes)."""
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        kdf = Scrypt(salt=salt, length=KEY_BYTES, n=self.n, r=self.r, p=self.p)
        return kdf.derive(passphrase.encode("utf-8", "surrogatepass"))


class CannotOpen(CoachError):
    """The passphrase (or recovery key) does not open the data, or the file is damaged."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}: wrong passphrase, or the file is damaged. Nothing was changed.")


class NotSealed(CoachError):
    """A file that should be sealed is not (or is sealed in a form this coach does not know)."""


class DataKey:
    """The key every sealed file of one data directory is sealed with."""

    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(key) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._cipher: AESGCM = AESGCM(key)
        self._key = key

    @classmethod
    def new(cls) -> DataKey:
        """A fresh random data key (from the operating system's random source)."""
        return cls(os.urandom(KEY_BYTES))

    def seal(self, plain: bytes, role: str) -> bytes:
        """`plain` sealed as the file `role` ("coach.json", a journal line …).

        The role is authenticated with the data, so a sealed backup put in the data
        file's place, or a journal line moved to another journal, does not open.
        """
        nonce = os.urandom(NONCE_BYTES)
        return MAGIC + nonce + self._cipher.encrypt(nonce, plain, _context(role))

    def seal_pieces(self, pieces: Iterable[bytes], role: str) -> Iterator[bytes]:
        """`seal`, of a file given piece by piece (a backup, too large to hold at once):
        the same bytes `open` takes, made without the whole of it in memory."""
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        nonce = os.urandom(NONCE_BYTES)
        sealer = Cipher(algorithms.AES(self._key), modes.GCM(nonce)).encryptor()
        sealer.authenticate_additional_data(_context(role))
        yield MAGIC + nonce
        for piece in pieces:
            yield sealer.update(piece)
        yield sealer.finalize() + sealer.tag

    def open(self, sealed: bytes, role: str) -> bytes:
        """The plain bytes of a sealed `role`; CannotOpen if the key or the bytes are wrong."""
        from cryptography.exceptions import InvalidTag

        if not is_sealed(sealed):
            raise NotSealed(f"{role} is not sealed by coach")
        # A view, not slices: the data file is megabytes, and each slice would copy it.
        body = memoryview(sealed)[len(MAGIC) :]
        nonce, box = bytes(body[:NONCE_BYTES]), body[NONCE_BYTES:]
        if len(nonce) < NONCE_BYTES:
            raise CannotOpen(role)
        try:
            return self._cipher.decrypt(nonce, box, _context(role))
        except InvalidTag:
            raise CannotOpen(role) from None

    def recovery_key(self) -> str:
        """The data key for writing down: base32 in groups of four, with a checksum group.

        Base32 (the letters A to Z and the digits 2 to 7) has no 0/O or 1/l to confuse
        on paper; the last group is a CRC of the key, so a mistyped recovery key is told
        as mistyped.
        """
        checksum = binascii.crc32(self._key).to_bytes(4, "big")
        letters = base64.b32encode(self._key + checksum).decode("ascii").rstrip("=")
        return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))

    @classmethod
    def from_recovery_key(cls, text: str) -> DataKey:
        """The data key a recovery key writes down (spaces, dashes and case ignored)."""
        letters = "".join(ch for ch in text.upper() if ch.isalnum())
        try:
            raw = base64.b32decode(letters + "=" * (-len(letters) % 8))
        except binascii.Error:
            raise CannotOpen("the recovery key") from None
        key, checksum = raw[:KEY_BYTES], raw[KEY_BYTES:]
        if len(key) != KEY_BYTES or binascii.crc32(key).to_bytes(4, "big") != checksum:
            raise CoachError("That recovery key is mistyped: check it letter by letter.")
        return cls(key)


def is_sealed(raw: bytes) -> bool:
    """Whether `raw` is a file coach sealed."""
    return raw.startswith(MAGIC)


def wrap(key: DataKey, passphrase: str, parameters: KdfParameters | None = None) -> bytes:
    """The key file's bytes: `key` wrapped by `passphrase`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    parameters = parameters or KdfParameters()
    salt = os.urandom(SALT_BYTES)
    wrapping = AESGCM(parameters.derive(passphrase, salt))
    nonce = os.urandom(NONCE_BYTES)
    document = {
        "format": KEY_FILE_FORMAT,
        "version": KEY_FILE_VERSION,
        "kdf": {"name": "scrypt", "n": parameters.n, "r": parameters.r, "p": parameters.p},
        "salt": _text(salt),
        "cipher": "AES-256-GCM",
        "wrapped_key": _text(nonce + wrapping.encrypt(nonce, key._key, _KEY_CONTEXT)),
    }
    return (json.dumps(document, indent=2) + "\n").encode("ascii")


def unwrap(raw: bytes, passphrase: str) -> DataKey:
    """The data key in a key file, opened with `passphrase`; CannotOpen if it does not."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        document = json.loads(raw)
        if document.get("format") != KEY_FILE_FORMAT:
            raise ValueError("not a key file")
        if document.get("version") != KEY_FILE_VERSION or document["kdf"]["name"] != "scrypt":
            raise NotSealed("The key file was written by a newer coach: upgrade coach to open it.")
        kdf = document["kdf"]
        parameters = KdfParameters(n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"]))
        if not parameters.bounded():
            raise ValueError("a cost no coach writes")
        salt = base64.b64decode(document["salt"], validate=True)
        wrapped = base64.b64decode(document["wrapped_key"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise CannotOpen("the key file") from None
    wrapping = AESGCM(parameters.derive(passphrase, salt))
    try:
        key = wrapping.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _KEY_CONTEXT)
    except InvalidTag:
        raise CannotOpen("the key file") from None
    return DataKey(key)


_KEY_CONTEXT = b"coach data key v1"


def _context(role: str) -> bytes:
    return b"coach sealed v1\0" + role.encode("utf-8")


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
