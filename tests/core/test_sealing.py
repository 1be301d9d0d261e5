"""Sealing with a passphrase: what opens, what does not, and what is said when it does not.

Light scrypt costs keep these fast; the real cost is checked where it is written
(the key file's header) and timed in benchmarks/, never here.
"""

from __future__ import annotations

import json

import pytest

from coach.errors import CoachError
from coach.storage.sealing import (
    MAGIC,
    CannotOpen,
    DataKey,
    KdfParameters,
    NotSealed,
    is_sealed,
    unwrap,
    wrap,
)

LIGHT = KdfParameters(n=2**10, r=8, p=1)
NOTES = "Zoë worries the reorg will cost her the team she built. 🙂\n".encode()


def test_a_sealed_file_opens_with_its_key_and_holds_no_text_in_clear() -> None:
    key = DataKey.new()
    sealed = key.seal(NOTES, "coach.json")
    assert is_sealed(sealed) and sealed.startswith(MAGIC)
    assert b"reorg" not in sealed and "Zoë".encode() not in sealed
    assert key.open(sealed, "coach.json") == NOTES


def test_every_seal_takes_a_fresh_nonce() -> None:
    """The same text sealed twice gives two different files (no reuse of a nonce)."""
    key = DataKey.new()
    assert key.seal(NOTES, "coach.json") != key.seal(NOTES, "coach.json")


@pytest.mark.parametrize("where", [0, len(MAGIC), len(MAGIC) + 5, len(MAGIC) + 12, -1])
def test_a_flipped_byte_anywhere_is_damage_never_garbage(where: int) -> None:
    key = DataKey.new()
    sealed = bytearray(key.seal(NOTES, "coach.json"))
    sealed[where] ^= 0x01
    with pytest.raises((CannotOpen, NotSealed)):
        key.open(bytes(sealed), "coach.json")


def test_a_cut_file_is_damage() -> None:
    key = DataKey.new()
    sealed = key.seal(NOTES, "coach.json")
    for length in (len(MAGIC), len(MAGIC) + 3, len(sealed) - 1):
        with pytest.raises(CannotOpen, match="wrong passphrase, or the file is damaged"):
            key.open(sealed[:length], "coach.json")


def test_a_file_put_in_another_files_place_does_not_open() -> None:
    """A sealed backup copied over the data file, say: its role is part of what is sealed."""
    key = DataKey.new()
    backup = key.seal(NOTES, "backups/coach-20261201-090000.json")
    with pytest.raises(CannotOpen):
        key.open(backup, "coach.json")


def test_another_key_does_not_open_it() -> None:
    sealed = DataKey.new().seal(NOTES, "coach.json")
    with pytest.raises(CannotOpen, match=r"coach\.json: wrong passphrase, or the file is damaged"):
        DataKey.new().open(sealed, "coach.json")


def test_a_plain_file_is_told_apart() -> None:
    with pytest.raises(NotSealed):
        DataKey.new().open(b'{"coach": {}}', "coach.json")


def test_the_passphrase_unwraps_the_key_and_a_wrong_one_is_said_plainly() -> None:
    key = DataKey.new()
    key_file = wrap(key, "correct horse battery staple", LIGHT)
    sealed = key.seal(NOTES, "coach.json")
    assert unwrap(key_file, "correct horse battery staple").open(sealed, "coach.json") == NOTES
    with pytest.raises(CannotOpen, match="the key file: wrong passphrase, or the file is damaged"):
        unwrap(key_file, "correct horse battery stapler")


def test_changing_the_passphrase_rewraps_the_same_key() -> None:
    """The data need not be rewritten: the new key file opens what the old key sealed."""
    key = DataKey.new()
    sealed = key.seal(NOTES, "coach.json")
    old = unwrap(wrap(key, "old one", LIGHT), "old one")
    new_file = wrap(old, "new one", LIGHT)
    assert unwrap(new_file, "new one").open(sealed, "coach.json") == NOTES
    with pytest.raises(CannotOpen):
        unwrap(new_file, "old one")


def test_the_key_file_says_how_it_was_made_and_holds_no_key_in_clear() -> None:
    key = DataKey.new()
    document = json.loads(wrap(key, "pass phrase"))
    assert document["kdf"] == {"name": "scrypt", "n": 2**16, "r": 8, "p": 1}
    assert document["cipher"] == "AES-256-GCM"
    assert key.recovery_key().replace("-", "") not in json.dumps(document)


@pytest.mark.parametrize(
    "kdf",
    [
        {"name": "scrypt", "n": 2**40, "r": 8, "p": 1},
        {"name": "scrypt", "n": 1000, "r": 8, "p": 1},
        {"name": "scrypt", "n": 2**10, "r": 8, "p": 10_000},
    ],
    ids=["terabytes", "not-a-power-of-two", "too-many-lanes"],
)
def test_a_key_file_asking_for_a_cost_no_coach_writes_is_refused_at_once(kdf: object) -> None:
    document = json.loads(wrap(DataKey.new(), "pass", LIGHT))
    document["kdf"] = kdf
    with pytest.raises(CannotOpen):
        unwrap(json.dumps(document).encode(), "pass")


def test_a_damaged_key_file_is_said_so() -> None:
    with pytest.raises(CannotOpen):
        unwrap(b"{not json", "pass")
    document = json.loads(wrap(DataKey.new(), "pass", LIGHT))
    document["wrapped_key"] = "!!!"
    with pytest.raises(CannotOpen):
        unwrap(json.dumps(document).encode(), "pass")


def test_the_recovery_key_opens_the_data_and_reads_well_on_paper() -> None:
    key = DataKey.new()
    sealed = key.seal(NOTES, "coach.json")
    written = key.recovery_key()
    groups = written.split("-")
    assert all(len(group) == 4 for group in groups[:-1])
    assert set(written) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-")
    typed = " ".join(groups).lower()  # typed back with spaces, in lower case
    assert DataKey.from_recovery_key(typed).open(sealed, "coach.json") == NOTES


def test_a_mistyped_recovery_key_is_called_mistyped() -> None:
    written = DataKey.new().recovery_key()
    wrong = ("B" if written[0] == "A" else "A") + written[1:]
    with pytest.raises(CoachError, match="mistyped"):
        DataKey.from_recovery_key(wrong)
