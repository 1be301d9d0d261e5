"""`coach encrypt`, `coach decrypt` and `coach passphrase` as typed in a shell, with the
passphrase from COACH_PASSPHRASE_FILE (the terminal's prompt is tried in tmux)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import keyring
import pytest

from coach.cli import main
from coach.commands import passphrases
from coach.demo import sample
from coach.storage import unlocking
from coach.storage.layout import KEY_NAME
from coach.storage.loading import read_tables
from coach.store.store import Store
from tests.support.sealed import PASSPHRASE, MemoryKeyring


@pytest.fixture
def data(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    store = Store.open(directory)
    sample.fill(store, people=4, conversations=60, seed=2, today=date.today(), years=3)
    store.close()
    return directory


def passphrase_file(tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(text + "\n")
    path.chmod(0o600)
    monkeypatch.setenv(passphrases.FILE_VARIABLE, str(path))
    return path


def test_encrypt_then_every_command_asks_for_the_passphrase(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tables(data)
    passphrase_file(tmp_path, PASSPHRASE, monkeypatch)
    assert main(["--data-dir", str(data), "encrypt", "--recovery-key"]) == 0
    said = capsys.readouterr().out
    assert "If you lose the passphrase, the data is lost" in said
    assert "Recovery key" in said and unlocking.is_encrypted(data)
    unlocking.let_go(data)
    assert main(["--data-dir", str(data), "commitments", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and all("text" in item for item in listed)
    unlocking.let_go(data)
    monkeypatch.delenv(passphrases.FILE_VARIABLE)
    assert main(["--data-dir", str(data), "commitments"]) == 1  # no terminal, no file
    assert "The data is encrypted" in capsys.readouterr().err
    passphrase_file(tmp_path, PASSPHRASE, monkeypatch)
    assert main(["--data-dir", str(data), "decrypt"]) == 0
    assert "plain again" in capsys.readouterr().out
    assert not (data / KEY_NAME).exists()
    assert read_tables(data) == before


def test_a_passphrase_file_others_can_read_is_refused(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = passphrase_file(tmp_path, PASSPHRASE, monkeypatch)
    path.chmod(0o644)
    assert main(["--data-dir", str(data), "encrypt"]) == 1
    assert "others can read" in capsys.readouterr().err
    assert not unlocking.is_encrypted(data)


def test_a_wrong_passphrase_in_the_file_is_said_and_nothing_changes(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    passphrase_file(tmp_path, PASSPHRASE, monkeypatch)
    assert main(["--data-dir", str(data), "encrypt"]) == 0
    unlocking.let_go(data)
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    passphrase_file(tmp_path, "not the passphrase", monkeypatch)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "commitments"]) == 1
    assert "wrong passphrase, or the file is damaged" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


def test_passphrase_changes_it_and_the_export_says_it_is_not_encrypted(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    passphrase_file(tmp_path, PASSPHRASE, monkeypatch)
    assert main(["--data-dir", str(data), "encrypt"]) == 0
    unlocking.let_go(data)
    # The old passphrase opens the key, then the file gives the new one.
    answers = iter([PASSPHRASE])
    monkeypatch.setattr(passphrases, "from_file", lambda: next(answers, "a brand new passphrase"))
    assert main(["--data-dir", str(data), "passphrase"]) == 0
    unlocking.let_go(data)
    passphrase_file(tmp_path, "a brand new passphrase", monkeypatch)
    out = tmp_path / "everything.json"
    capsys.readouterr()
    assert main(["--data-dir", str(data), "export", "-o", str(out)]) == 0
    assert "The export is not encrypted" in capsys.readouterr().err
    assert os.stat(out).st_mode & 0o777 == 0o600


def test_remember_keeps_it_in_the_keyring_and_forget_takes_it_out(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ring = MemoryKeyring()
    before = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        remembered(data, tmp_path, monkeypatch, capsys, ring)
    finally:
        keyring.set_keyring(before)


def remembered(
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ring: MemoryKeyring,
) -> None:
    """The steps of the test above, with `ring` as the system keyring."""
    passphrase_file(tmp_path, PASSPHRASE, monkeypatch)
    assert main(["--data-dir", str(data), "encrypt"]) == 0
    assert main(["--data-dir", str(data), "passphrase", "--remember"]) == 0
    assert list(ring.kept.values()) == [PASSPHRASE]
    monkeypatch.delenv(passphrases.FILE_VARIABLE)
    unlocking.let_go(data)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "commitments"]) == 0  # no file, no terminal: the ring
    assert "Ref" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "passphrase", "--forget"]) == 0
    assert ring.kept == {}
    unlocking.let_go(data)
    assert main(["--data-dir", str(data), "commitments"]) == 1
