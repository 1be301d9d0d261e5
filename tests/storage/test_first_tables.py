"""The tables a shell command shows are written first in the data file, and it reads no
further: `coach commitments` parses people and commitments (--due the conversations too),
however many conversations and facts follow them.

Against real files: coach's demo spread over four years, as in test_settled_history.
"""

from __future__ import annotations

import json
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.commands import passphrases
from coach.errors import CorruptDataError
from coach.model import Cadence, ConversationStatus
from coach.storage import conversion, datafile, durable, unlocking
from coach.storage.layout import DATA_NAME
from coach.storage.loading import read_at_hand
from coach.store.store import Store
from tests.support.disk import header
from tests.support.sealed import CHEAP, PASSPHRASE

SHOWN = ("people", "commitments")
TODAY = date.today()  # the rule places records by the real day, as coach does


def listed(history: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What `coach commitments ARGS` prints, every commitment's due day fixed."""
    assert main(["--data-dir", str(history), "commitments", "--today", "2026-12-01", *args]) == 0
    return capsys.readouterr().out


def compact(value: object) -> str:
    """JSON as coach writes it: ASCII, no spaces."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def written_in_order(history: Path, order: list[str]) -> None:
    """The data file as the writer lays it out, but with its tables in `order` (as a
    coach before this one wrote them)."""
    document = json.loads((history / DATA_NAME).read_bytes())
    document["tables"] = {name: document["tables"][name] for name in order}
    raw = compact(document).encode()
    (history / DATA_NAME).write_bytes(datafile.restamped(raw, header(history)["generation"]))


def test_the_tables_the_shell_shows_are_written_first(history: Path) -> None:
    document = json.loads((history / DATA_NAME).read_bytes())
    assert list(document["tables"])[:3] == ["people", "commitments", "conversations"]
    assert "facts" in document["tables"]


def test_coach_commitments_reads_no_further_than_the_tables_it_shows(history: Path) -> None:
    """Conversations (with their notes) and facts at hand are left unparsed: the list
    takes as long with a hundred people's conversations after it as with none."""
    loaded = read_at_hand(history, leave_later=True, only=SHOWN)
    assert set(loaded.tables) == {"people", "commitments"}
    store = Store.open(history, read_only=True)
    assert set(loaded.tables["people"]) == {person.id for person in store.people.all()}
    assert set(loaded.tables["commitments"]) >= {c.id for c in store.commitments.open_views()}
    with_rhythm = read_at_hand(history, leave_later=True, only=(*SHOWN, "conversations"))
    assert set(with_rhythm.tables) == {"people", "commitments", "conversations"}


def test_a_file_with_its_tables_in_another_order_lists_the_same(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a coach before this one wrote them: facts, people, conversations, commitments.
    The list and the line for a prompt are the same; the next write puts them in order."""
    shown = (
        listed(history, capsys),
        listed(history, capsys, "--due"),
        listed(history, capsys, "--json"),
    )
    written_in_order(history, ["facts", "people", "conversations", "commitments"])
    assert datafile.as_written(history / DATA_NAME, (history / DATA_NAME).read_bytes())
    assert listed(history, capsys) == shown[0]
    assert listed(history, capsys, "--due") == shown[1]
    assert listed(history, capsys, "--json") == shown[2]
    store = Store.open(history)
    store.people.add("Noor Haddad")
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    assert list(json.loads((history / DATA_NAME).read_bytes())["tables"])[:2] == list(SHOWN)


def test_tables_laid_out_otherwise_are_read_whole(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A space after a table's name, in a file whose header still fits it (an edit by
    hand that kept the lengths right): not as coach writes, so the tables are parsed
    whole, and the list is the same."""
    shown = listed(history, capsys), listed(history, capsys, "--due")
    document = json.loads((history / DATA_NAME).read_bytes())
    tables = compact(document["tables"]).replace('"people":{', '"people": {', 1)
    later = compact(document["later"])
    document["coach"]["later"] = {
        "after": len(tables),
        "chars": len(later),
        "crc32": zlib.crc32(later.encode()),
    }
    assert datafile._first_of(tables, set(SHOWN)) is None  # not as written: parsed whole
    head, parts = compact(document["coach"]), compact(document["parts"])
    (history / DATA_NAME).write_text(
        f'{{"coach":{head},"tables":{tables},"later":{later},"parts":{parts}}}'
    )
    assert datafile.as_written(history / DATA_NAME, (history / DATA_NAME).read_bytes())
    assert datafile._first_of(tables, set(SHOWN)) is None  # not as written: parsed whole
    assert listed(history, capsys) == shown[0]
    assert listed(history, capsys, "--due") == shown[1]


def test_coach_commitments_leaves_the_later_section_on_disk(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not one of its bytes is read: with one of them damaged the list is the same, while
    the app (which reads them) refuses the file as damaged, and doctor says so."""
    shown = listed(history, capsys), listed(history, capsys, "--json")
    raw = bytearray((history / DATA_NAME).read_bytes())
    sizes = header(history)["later"]
    tables_at = raw.index(b',"tables":') + len(b',"tables":')
    later_at = tables_at + sizes["after"] + len(b',"later":')
    assert later_at + sizes["chars"] + len(b',"parts":') < len(raw)
    raw[later_at + sizes["chars"] // 2] ^= 0x01
    (history / DATA_NAME).write_bytes(bytes(raw))
    assert listed(history, capsys) == shown[0]
    assert listed(history, capsys, "--json") == shown[1]
    with pytest.raises(CorruptDataError, match="CRC-32"):
        Store.open(history, read_only=True)
    assert main(["--data-dir", str(history), "doctor"]) != 0
    assert "CRC-32" in capsys.readouterr().out


def test_a_hand_edit_that_keeps_the_lengths_is_read_whole(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two letters of a name made one accented letter of two bytes, by hand: the header's
    lengths still fit, but the tables are no longer as coach writes them (ASCII), so the
    file is read whole, by the app and the shell alike, and the name shows as edited."""
    someone = json.loads(listed(history, capsys, "--json"))[0]["person"]
    edited = "É" + someone[2:]
    raw = (history / DATA_NAME).read_bytes()
    old = json.dumps(someone).encode()
    assert raw.count(old) == 1
    (history / DATA_NAME).write_bytes(raw.replace(old, f'"{edited}"'.encode()))
    assert len((history / DATA_NAME).read_bytes()) == len(raw)
    people = Store.open(history, read_only=True).people.all()
    assert edited in {person.name for person in people}
    assert edited in listed(history, capsys)
    assert edited in {c["person"] for c in json.loads(listed(history, capsys, "--json"))}


def test_a_header_too_long_to_read_first_is_read_whole(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fold's list of the part files it replaced can make the header long: past the
    first 64 KiB, the file is read whole, and lists the same."""
    shown = listed(history, capsys), listed(history, capsys, "--due")
    document = json.loads((history / DATA_NAME).read_bytes())
    document["coach"]["superseded"] = [f"1999-01.{n}.json" for n in range(6000)]
    raw = datafile.restamped(compact(document).encode(), header(history)["generation"])
    assert raw.index(b',"tables":') > 1 << 16
    (history / DATA_NAME).write_bytes(raw)
    assert listed(history, capsys) == shown[0]
    assert listed(history, capsys, "--due") == shown[1]


def test_sealed_data_due_after_a_conversation_changed_in_the_journal(
    history: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Encrypted, the data file is opened whole (never in pieces), and the prompt's line
    after someone's last conversation is removed (the journal not folded) counts from the
    one before, as in clear."""
    store = Store.open(history, back_up=False)
    quiet = store.people.add("Quinn Quiet")
    store.people.set_cadence(quiet.id, Cadence.MONTHLY)
    first = store.conversations.start(quiet, "alliance", TODAY - timedelta(days=45))
    last = store.conversations.start(quiet, "alliance", TODAY - timedelta(days=2))
    for talk in (first, last):
        store.conversations.update(talk.id, lambda c: setattr(c, "status", ConversationStatus.HELD))
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)  # a quit keeps the journal
    store = Store.open(history, back_up=False)
    store.conversations.delete(last.id)
    store.close()
    in_clear = listed(history, capsys, "--due", "--json")
    assert "Quinn" in in_clear  # 45 days: a monthly rhythm is due
    conversion.encrypt(history, PASSPHRASE, CHEAP)
    unlocking.let_go(history)
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE)
    secret.chmod(0o600)
    monkeypatch.setenv(passphrases.FILE_VARIABLE, str(secret))
    assert listed(history, capsys, "--due", "--json") == in_clear
