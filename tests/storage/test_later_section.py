"""The data file's later section: what the dashboard's first frame does without (closed
commitments of the ledger's year, most conversations of the last months) is written
after the rest and parsed only when something asks for more than that frame.

Against real files: coach's demo spread over four years, as in test_settled_history.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.demo import sample
from coach.errors import CorruptDataError, NewerVersionError
from coach.memory import nudges
from coach.model import Cadence, CommitmentStatus, ConversationStatus
from coach.storage import conversion, durable
from coach.storage.layout import DATA_NAME, JOURNAL_NAME
from coach.storage.loading import read_tables
from coach.store.store import Store
from tests.support.disk import header
from tests.support.sealed import CHEAP, PASSPHRASE

TODAY = date.today()  # the rule places records by the real day, as coach does


def later_read(store: Store) -> bool:
    storage = store._storage
    assert isinstance(storage, durable.DurableStorage)
    return storage.later_read


def first_frame(store: Store) -> tuple[list[str], ...]:
    """What the dashboard's first frame reads: people, open commitments, the conversations
    being prepared and the twelve latest."""
    return (
        sorted(p.id for p in store.people.all()),
        [c.id for c in store.commitments.open_views()],
        [c.id for c in store.conversations.find(status=ConversationStatus.PREPARING)],
        [c.id for c in store.conversations.recent(12)],
    )


def test_what_the_first_frame_does_without_is_written_later(tmp_path: Path) -> None:
    """A busy year: more conversations in the last months than the dashboard lists."""
    busy = tmp_path / "busy"
    store = Store.open(busy)
    sample.fill(store, people=10, conversations=300, seed=3, today=TODAY, years=1)
    store.close()
    document = json.loads((busy / DATA_NAME).read_bytes())
    assert header(busy)["encoding"] == "json-parts-later"
    later = document["later"]
    # Only closed commitments and conversations neither prepared nor among the latest.
    assert set(later) == {"commitments", "conversations"}
    assert all(c["status"] != "open" for c in later["commitments"].values())
    assert all(c["status"] != "preparing" for c in later["conversations"].values())
    latest = sorted(
        (c for t in (document["tables"], later) for c in t["conversations"].values()),
        key=lambda c: (c.get("date") or c["created"])[:10],
    )[-12:]
    assert not {c["id"] for c in latest} & set(later["conversations"])


def test_the_first_frame_reads_without_the_later_section_and_shows_the_same(
    history: Path,
) -> None:
    store = Store.open(history)
    try:
        shown = first_frame(store)
        assert not later_read(store), "the first frame's reading parsed the later section"
        overview = nudges.overview(store, TODAY)  # read once the frame is drawn
        assert later_read(store)
        assert first_frame(store) == shown
    finally:
        store.close()
    everything = Store.open(history, read_only=True)
    everything.read_everything()
    assert first_frame(everything) == shown
    assert nudges.overview(everything, TODAY) == overview


def test_the_dashboard_s_open_commitments_are_those_found_in_the_same_order(
    history: Path,
) -> None:
    store = Store.open(history, read_only=True)
    found = store.commitments.find(status=CommitmentStatus.OPEN)
    views = store.commitments.open_views()
    assert [(c.id, c.owner.value, c.text, c.due) for c in found] == [
        (v.id, v.owner, v.text, v.due) for v in views
    ]
    assert len({c.due for c in found}) > 1, "the order is not put to the test"


def test_a_change_before_the_later_section_is_read_keeps_every_record(history: Path) -> None:
    """Marking a commitment done as the dashboard appears, then a fold: nothing of the
    later section is lost, and the change stands."""
    before = read_tables(history)
    store = Store.open(history)
    done = store.commitments.find(status=CommitmentStatus.OPEN)[0]
    assert not later_read(store)
    store.commitments.set_status(done.id, CommitmentStatus.DONE, TODAY)
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    after = read_tables(history)
    assert {name: set(table) for name, table in after.items()} == {
        name: set(table) for name, table in before.items()
    }
    assert after["commitments"][done.id]["status"] == "done"
    unchanged = [(n, k) for n, table in before.items() for k in table if k != done.id]
    assert all(after[n][k] == before[n][k] for n, k in unchanged)


def test_the_journal_s_copy_of_a_later_record_stands(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed commitment reopened in a session whose journal was not folded: the next
    start finds it open, though the later section still holds it closed."""
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)  # a quit keeps the journal
    document = json.loads((history / DATA_NAME).read_bytes())
    closed = next(iter(document["later"]["commitments"]))
    store = Store.open(history)
    store.commitments.set_status(closed, CommitmentStatus.OPEN, TODAY)
    store.close()
    assert (history / JOURNAL_NAME).exists()
    store = Store.open(history)
    try:
        found = store.commitments.find(status=CommitmentStatus.OPEN)
        assert closed in {c.id for c in found}
        nudges.overview(store, TODAY)  # the later section read: the journal's copy stays
        reopened = store.commitments.get(closed)
        assert reopened is not None and reopened.status is CommitmentStatus.OPEN
    finally:
        store.close()


@pytest.mark.parametrize("damage", ["a letter changed", "a brace where a key began"])
def test_a_damaged_later_section_is_refused_at_the_start(history: Path, damage: str) -> None:
    """Not minutes later, when something asks for it: the file is checked as it is read,
    a change inside a text too (which leaves the file valid JSON), and doctor says so."""
    path = history / DATA_NAME
    raw = path.read_bytes()
    # (After the tables: the header names the section too.)
    start = raw.index(b',"later":', raw.index(b',"tables":')) + len(b',"later":')
    if damage == "a letter changed":
        at = raw.index(b'"text":"', start) + len(b'"text":"')
        damaged = raw[:at] + bytes([raw[at] ^ 0x20]) + raw[at + 1 :]
        json.loads(damaged)  # still valid: only the checksum can tell
    else:
        damaged = raw[: start + 1] + b"}" + raw[start + 2 :]
    path.write_bytes(damaged)
    with pytest.raises(CorruptDataError):
        Store.open(history)
    assert path.read_bytes() == damaged  # left as it was
    assert main(["--data-dir", str(history), "doctor"]) != 0


def test_a_file_laid_out_by_hand_is_read_whole(history: Path) -> None:
    """Reindented (say, by an editor): the later records are all there, parsed at once."""
    path = history / DATA_NAME
    every = read_tables(history)
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2))
    store = Store.open(history, read_only=True)
    assert later_read(store)
    store.read_everything()
    assert {c.id for c in store.commitments.all()} == set(every["commitments"])


def test_sealed_data_leaves_its_later_section_for_later_too(history: Path) -> None:
    """Encrypted, the data file is opened whole, then read as in clear."""
    shown = first_frame(Store.open(history, read_only=True))
    conversion.encrypt(history, PASSPHRASE, CHEAP)
    store = Store.open(history)
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    assert b'"later"' not in (history / DATA_NAME).read_bytes()  # sealed, not in clear
    store = Store.open(history)
    try:
        assert first_frame(store) == shown
        assert not later_read(store)
        nudges.overview(store, TODAY)
        assert later_read(store)
    finally:
        store.close()


@pytest.mark.parametrize(
    "command",
    [["commitments"], ["commitments", "--due"], ["commitments", "--due", "--json"]],
    ids=" ".join,
)
def test_the_shell_prints_the_same_without_the_later_section(
    history: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`coach commitments` reads only what comes before the later section: it prints what
    it prints from the same data written without one (every record parsed).  Among
    them, someone with a rhythm last seen before the 50 latest conversations."""
    store = Store.open(history, back_up=False)
    quiet = store.people.add("Quinn Quiet")
    store.people.set_cadence(quiet.id, Cadence.MONTHLY)
    held = [(quiet, TODAY - timedelta(days=40))]
    others = store.people.all()[:5]
    held += [(others[n % 5], TODAY - timedelta(days=30 - n // 3)) for n in range(60)]
    for person, day in held:
        talk = store.conversations.start(person, "alliance", day)
        store.conversations.update(talk.id, lambda c: setattr(c, "status", ConversationStatus.HELD))
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    later = json.loads((history / DATA_NAME).read_bytes())["later"]["conversations"]
    assert not any(c["person_id"] == quiet.id for c in later.values())
    printed = printed_with_and_without_later(history, tmp_path, command, capsys)
    assert printed[0] == printed[1]
    assert "Quinn" in printed[0] or command == ["commitments"]


def test_a_rhythm_after_a_conversation_removed_in_the_journal(
    history: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Someone's last conversation removed, the journal not folded yet: their rhythm counts
    from the one before, which the later section holds."""
    store = Store.open(history, back_up=False)
    quiet = store.people.add("Quinn Quiet")
    store.people.set_cadence(quiet.id, Cadence.MONTHLY)
    others = store.people.all()[:5]
    held = [(quiet, TODAY - timedelta(days=20))]
    held += [(others[n % 5], TODAY - timedelta(days=19 - n // 4)) for n in range(60)]
    held += [(quiet, TODAY - timedelta(days=1))]
    ids = []
    for person, day in held:
        talk = store.conversations.start(person, "alliance", day)
        store.conversations.update(talk.id, lambda c: setattr(c, "status", ConversationStatus.HELD))
        ids.append(talk.id)
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    assert ids[0] in json.loads((history / DATA_NAME).read_bytes())["later"]["conversations"]
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)  # a quit keeps the journal
    store = Store.open(history, back_up=False)
    store.conversations.delete(ids[-1])
    store.close()
    assert (history / JOURNAL_NAME).exists()
    command = ["commitments", "--due", "--json"]
    printed = printed_with_and_without_later(history, tmp_path, command, capsys)
    assert printed[0] == printed[1]
    assert "Quinn" not in printed[0]  # seen 20 days ago: a monthly rhythm is not due


def printed_with_and_without_later(
    history: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> list[str]:
    """What `command` prints on `history`, and on a copy whose data file has every record
    in its tables (the journal as it is)."""
    whole = tmp_path / "whole"
    shutil.copytree(history, whole)
    document = json.loads((whole / DATA_NAME).read_bytes())
    for name, table in document.pop("later").items():
        document["tables"][name].update(table)
    del document["coach"]["later"]
    document["coach"]["encoding"] = "json-parts"
    (whole / DATA_NAME).write_text(json.dumps(document))
    printed = []
    for directory in (history, whole):
        assert main(["--data-dir", str(directory), *command, "--today", TODAY.isoformat()]) == 0
        printed.append(capsys.readouterr().out)
    return printed


def test_a_change_in_a_transaction_stands_when_a_read_in_it_parses_the_rest(
    history: Path,
) -> None:
    """A closed commitment written whole with nothing read first (the table's own put,
    which every change ends in), then read in the same transaction: the later section's
    older copy must not replace it."""
    document = json.loads((history / DATA_NAME).read_bytes())
    closed = next(iter(document["later"]["commitments"].values()))
    store = Store.open(history)
    try:
        assert not later_read(store)
        with store.transaction():
            table = store._tables.table("commitments")
            table.put(closed["id"], {**closed, "text": "Rewritten in an import"})
            found = store.commitments.get(closed["id"])
        assert found is not None and found.text == "Rewritten in an import"
    finally:
        store.close()
    assert read_tables(history)["commitments"][closed["id"]]["text"] == "Rewritten in an import"


def test_a_later_record_removed_in_the_journal_stays_removed(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)  # a quit keeps the journal
    document = json.loads((history / DATA_NAME).read_bytes())
    closed = next(iter(document["later"]["commitments"]))
    store = Store.open(history)
    store.commitments.delete(closed)
    store.close()
    assert (history / JOURNAL_NAME).exists()
    store = Store.open(history)
    try:
        nudges.overview(store, TODAY)  # the later section read
        assert later_read(store)
        assert store.commitments.get(closed) is None
        store._storage.compact()  # type: ignore[attr-defined]
    finally:
        store.close()
    assert closed not in read_tables(history)["commitments"]


def test_a_later_section_written_as_text_by_hand_is_refused(history: Path) -> None:
    """Reindented, with the later records made a string: damaged, said at the start."""
    path = history / DATA_NAME
    document = json.loads(path.read_bytes())
    document["later"] = json.dumps(document["later"])
    path.write_text(json.dumps(document, indent=1))
    with pytest.raises(CorruptDataError):
        Store.open(history)


def test_a_newer_coach_s_file_in_this_layout_is_refused_as_newer(history: Path) -> None:
    path = history / DATA_NAME
    raw = path.read_bytes()
    newer = raw.replace(b'"schema_version":1,', b'"schema_version":99,', 1)
    assert newer != raw
    path.write_bytes(newer)
    with pytest.raises(NewerVersionError):
        Store.open(history)
    assert path.read_bytes() == newer
