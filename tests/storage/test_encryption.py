"""Encryption at rest: once on, no file in the data directory holds the user's text in
clear; a wrong passphrase or a flipped byte is said as such and changes nothing; turning
it off, changing the passphrase and the recovery key each keep every record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coach.demo import sample
from coach.errors import CorruptDataError
from coach.meeting import capture
from coach.meeting.syntax import parse_line
from coach.model import Commitment, Owner
from coach.storage import conversion, durable, unlocking
from coach.storage.layout import KEY_NAME, PARTS_DIR
from coach.storage.loading import read_tables
from coach.storage.sealing import CannotOpen, DataKey
from coach.store.store import Store
from tests.support.sealed import CHEAP, PASSPHRASE

# What a leader wrote, and must not be readable in any file once encryption is on.
SECRETS = [
    "Zoë Ångström",  # a name (with what JSON makes of its accents)
    "Zo\\u00eb",
    "worried about the reorganisation",  # a step note
    "Send Priya the promotion case",  # a commitment
    "She said the budget is frozen",  # a line captured in the meeting
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Four years of demo history, and a person, a note, a commitment and a live line of
    our own, with backups, a journal and a copy a restore kept aside."""
    directory = tmp_path / "data"
    store = Store.open(directory)
    sample.fill(store, people=5, conversations=150, seed=3, today=date.today(), years=4)
    zoe = store.people.add("Zoë Ångström")
    talk = store.conversations.start(zoe, "building-trust", date.today())
    store.conversations.set_notes(
        talk.id, "objectives", {"outcome": "worried about the reorganisation"}
    )
    store.commitments.add(Commitment("Send Priya the promotion case", Owner.ME, zoe.id))
    store.close()
    Store.open(directory).close()  # a backup
    store = Store.open(directory, back_up=False)
    line = parse_line("She said the budget is frozen", date.today())
    held = store.conversations.get(talk.id)
    assert held is not None
    capture.add(store, talk.id, capture.capture(held, line, datetime.now(UTC)))
    store.close()
    (directory / "coach.json.damaged-20261101-090000").write_bytes(
        (directory / "coach.json").read_bytes()
    )
    return directory


def clear_text_in(directory: Path) -> list[tuple[str, str]]:
    """Every (file, secret) where a secret is readable, in every byte of every file."""
    found = []
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            found += [(path.name, s) for s in SECRETS if s.encode() in raw]
    return found


def files(directory: Path) -> dict[str, bytes]:
    """Every file of the data directory, byte for byte."""
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def test_the_fixture_holds_the_secrets_in_clear(data: Path) -> None:
    """(So that the test below, finding none, can fail.)"""
    named = {secret for _, secret in clear_text_in(data)}
    assert set(SECRETS) - {"Zo\\u00eb", "Zoë Ångström"} <= named


def test_after_encrypt_no_file_holds_any_secret(data: Path) -> None:
    before = read_tables(data)
    _, done = conversion.encrypt(data, PASSPHRASE, CHEAP)
    assert clear_text_in(data) == []
    assert done.backups_removed, "the backups in clear were not removed"
    assert done.kept_aside == ["coach.json.damaged-20261101-090000"]
    assert (data / KEY_NAME).exists() and len(list((data / PARTS_DIR).iterdir())) > 10
    # It opens with the passphrase, every record as it was; and a save stays sealed.
    unlocking.let_go(data)
    with pytest.raises(unlocking.PassphraseNeeded):
        Store.open(data)
    unlocking.unlock(data, PASSPHRASE)
    assert read_tables(data) == before
    store = Store.open(data)
    store.people.add("Worried About The Reorganisation Team")
    store.close()
    assert clear_text_in(data) == []
    assert b"Reorganisation Team" not in b"".join(files(data).values())


def test_a_wrong_passphrase_is_said_and_changes_nothing(data: Path) -> None:
    conversion.encrypt(data, PASSPHRASE, CHEAP)
    unlocking.let_go(data)
    before = files(data)
    with pytest.raises(CannotOpen, match="wrong passphrase, or the file is damaged"):
        unlocking.unlock(data, "not the passphrase")
    with pytest.raises(unlocking.PassphraseNeeded):
        Store.open(data)
    assert files(data) == before


@pytest.mark.parametrize("victim", ["coach.json", "part", "journal", "backup", KEY_NAME])
def test_a_flipped_byte_is_said_and_changes_nothing(
    data: Path, victim: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One bit changed anywhere: opening (or reading that file) says it is damaged or the
    passphrase wrong; no file is written on its account."""
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)  # the journal stays over a quit
    conversion.encrypt(data, PASSPHRASE, CHEAP)
    store = Store.open(data, back_up=False)
    store.people.add("A journal line")  # the journal, sealed
    store.people.add("And one after it")  # (a damaged last line is taken for a torn write)
    store.close()
    path = {
        "coach.json": data / "coach.json",
        "part": sorted((data / PARTS_DIR).iterdir())[1],
        "journal": data / "coach.journal",
        "backup": sorted((data / "backups").iterdir())[-1],
        KEY_NAME: data / KEY_NAME,
    }[victim]
    raw = bytearray(path.read_bytes())
    # The middle of the file; for the journal, of its first change (a line with sound
    # lines after it).
    lines = bytes(raw).split(b"\n")
    at = len(lines[0]) + 1 + len(lines[1]) // 2 if victim == "journal" else len(raw) // 2
    raw[at] ^= 0x04
    path.write_bytes(bytes(raw))
    before = files(data)
    unlocking.let_go(data)
    if victim == KEY_NAME:
        with pytest.raises(CannotOpen, match="wrong passphrase, or the file is damaged"):
            unlocking.unlock(data, PASSPHRASE)
    else:
        unlocking.unlock(data, PASSPHRASE)
        with pytest.raises(CorruptDataError):
            if victim == "backup":
                from coach.storage import backups, recovery

                assert backups.counted(backups.list_backups(data)[0]) is None
                recovery.restore_backup(data, backups.list_backups(data)[0])
            else:
                read_tables(data)
                Store.open(data)
    assert files(data) == before


def test_decrypt_gives_back_every_record_in_clear(data: Path) -> None:
    before = read_tables(data)
    conversion.encrypt(data, PASSPHRASE, CHEAP)
    done = conversion.decrypt(data)
    assert not (data / KEY_NAME).exists()
    assert done.backups_removed and done.kept_aside
    assert not any(raw.startswith(b"coach-sealed") for raw in files(data).values())
    assert read_tables(data) == before
    assert not unlocking.is_encrypted(data)


def test_a_new_passphrase_rewraps_the_key_and_leaves_the_data(data: Path) -> None:
    conversion.encrypt(data, PASSPHRASE, CHEAP)
    before = {name: raw for name, raw in files(data).items() if name != KEY_NAME}
    conversion.change_passphrase(data, "a whole new passphrase", CHEAP)
    after = {name: raw for name, raw in files(data).items() if name != KEY_NAME}
    assert after == before
    unlocking.let_go(data)
    with pytest.raises(CannotOpen):
        unlocking.unlock(data, PASSPHRASE)
    unlocking.unlock(data, "a whole new passphrase")
    assert Store.open(data, read_only=True).counts()["people"] == 6


def test_the_recovery_key_opens_data_whose_passphrase_is_lost(data: Path) -> None:
    before = read_tables(data)
    key, _ = conversion.encrypt(data, PASSPHRASE, CHEAP)
    written_down = key.recovery_key()
    unlocking.let_go(data)
    (data / KEY_NAME).unlink()  # the key file lost as well: the recovery key alone
    unlocking.hold(data, DataKey.from_recovery_key(written_down.lower()))
    conversion.decrypt(data)
    assert read_tables(data) == before


def test_a_restore_keeps_the_data_it_replaces_sealed_and_whole(data: Path) -> None:
    """Encrypted, the copy a restore keeps aside holds its parts inside it, sealed as the
    data file is: no secret in clear, every record in it, and it restores; decrypting
    the data later opens it too, whole."""
    from coach.storage import backups, datafile, recovery

    conversion.encrypt(data, PASSPHRASE, CHEAP)
    unlocking.let_go(data)
    unlocking.unlock(data, PASSPHRASE)
    store = Store.open(data)
    store.people.add("Added after the last backup")
    store._storage.compact()  # type: ignore[attr-defined]  # (in the data file itself)
    store.close()
    before = read_tables(data)
    aside = recovery.restore_backup(data, backups.list_backups(data)[0], why="test")
    kept = next(path for path in aside if path.name.startswith("coach.json."))
    Store.open(data).close()  # the restored data back in parts
    assert clear_text_in(data) == []
    assert read_tables(data) != before

    def kept_tables() -> dict[str, dict[str, object]]:
        raw = unlocking.unseal(data, kept, kept.read_bytes(), unlocking.DATA_ROLE)
        snapshot = datafile.decode(kept, raw)
        assert snapshot.whole and not snapshot.parts
        return {name: table for name, table in snapshot.tables.items() if table}

    assert kept_tables() == {name: table for name, table in before.items() if table}
    assert backups.counted(backups.Backup(kept, datetime.now())) is not None  # doctor lists it
    recovery.restore_backup(data, backups.Backup(kept, datetime.now()), why="back")
    assert read_tables(data) == before
    conversion.decrypt(data)
    assert kept_tables() == {name: table for name, table in before.items() if table}
    assert b"Added after the last backup" in kept.read_bytes()  # in clear now
