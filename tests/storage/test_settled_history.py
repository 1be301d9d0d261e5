"""The settled history in monthly parts: starting reads only what is at hand, and every
change to a settled record, moved, removed or reopened, lands exactly once.

The data here is coach's demo spread over four years before today, so that more
than a year of it is settled (coach.store.placement).
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.errors import CorruptDataError
from coach.memory import nudges
from coach.model import CommitmentStatus, ConversationStatus
from coach.storage import backups, durable, recovery
from coach.storage.layout import DATA_NAME, JOURNAL_NAME, PARTS_DIR
from coach.storage.loading import read_at_hand, read_tables
from coach.store import placement
from coach.store.store import Store
from tests.support.disk import header

FIXTURES = Path(__file__).parents[1] / "fixtures"
TODAY = date.today()  # the rule settles records by the real day, as coach does


def part_files(directory: Path) -> list[str]:
    """The part files on disk."""
    return sorted(path.name for path in (directory / PARTS_DIR).iterdir())


def every_id(directory: Path) -> dict[str, list[str]]:
    """Every document id of every table as the files hold them, the data file's and each
    part's together (a record twice is listed twice)."""
    found: dict[str, list[str]] = {}
    document = json.loads((directory / DATA_NAME).read_bytes())
    sources = [document["tables"], document.get("later", {})]
    for entry in document["parts"].values():
        part = json.loads((directory / PARTS_DIR / entry["file"]).read_bytes())
        sources.append(part["tables"])
    for tables in sources:
        for name, table in tables.items():
            found.setdefault(name, []).extend(table)
    return found


def overview_of(store: Store) -> tuple[object, ...]:
    """What the dashboard shows: open commitments, preparations, the recent, the strip."""
    seen = nudges.overview(store, TODAY)
    return (
        [c.id for c in store.commitments.find(status=CommitmentStatus.OPEN)],
        [c.id for c in store.conversations.find(status=ConversationStatus.PREPARING)],
        [c.id for c in store.conversations.recent(12)],
        seen.ledger,
        seen.nudges,
        seen.unfollowed,
    )


def test_starting_reads_only_what_is_at_hand_and_shows_the_same(history: Path) -> None:
    """Most of four years is in parts; the dashboard's reading needs none of them and
    shows exactly what it shows with every record read."""
    named = header(history)
    assert named["encoding"] == "json-parts-later"
    assert len(part_files(history)) > 20  # a month each, from four years back
    settled = len(read_tables(history)["conversations"])
    at_hand = len(read_at_hand(history).tables["conversations"])
    assert at_hand < settled / 3
    store = Store.open(history)
    try:
        shown = overview_of(store)
        assert not store.everything_read, "the dashboard's reading read the settled history"
        store.read_everything()
        assert overview_of(store) == shown
    finally:
        store.close()


def test_every_record_is_in_exactly_one_place(history: Path) -> None:
    ids = every_id(history)
    for name, found in ids.items():
        assert len(found) == len(set(found)), f"{name}: a record kept twice"
    counts = Store.open(history, read_only=True).counts()
    assert len(ids["conversations"]) == counts["conversations"] == 240


def settled_conversation(store: Store) -> str:
    """The id of a conversation that is settled (in a part)."""
    at_hand = set(read_at_hand(store._storage.directory).tables["conversations"])  # type: ignore[attr-defined]
    return next(v.id for v in store.conversations.views() if v.id not in at_hand)


@pytest.mark.parametrize("fold", ["at once", "sessions later"])
def test_an_edit_of_a_settled_conversation_lands_once(
    history: Path, fold: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old conversation's notes changed: after the fold (at once, or after a session that
    never read the history, carrying the journal) the new notes stand, the old copy is gone
    from its part, and nothing else moved."""
    monkeypatch.setattr(durable, "FOLD_ON_CLOSE_UP_TO", 0)  # a quit keeps the journal
    store = Store.open(history)
    old = settled_conversation(store)
    store.conversations.set_notes(old, "objectives", {"outcome": "Rewritten years later"})
    store.close()
    if fold == "sessions later":
        store = Store.open(history, back_up=False)
        store.people.add("Someone new")  # a session that never reads the settled history
        assert not store.everything_read
        store._storage.compact()  # type: ignore[attr-defined]
        store.close()
    else:
        store = Store.open(history, back_up=False)
        store._storage.compact()  # type: ignore[attr-defined]
        store.close()
    assert not (history / JOURNAL_NAME).exists()
    assert every_id(history)["conversations"].count(old) == 1
    store = Store.open(history, read_only=True)
    found = store.conversations.get(old)
    assert found is not None
    assert found.notes["objectives"]["outcome"] == "Rewritten years later"
    assert store.counts()["conversations"] == 240


def test_a_settled_conversation_removed_stays_removed(history: Path) -> None:
    store = Store.open(history)
    old = settled_conversation(store)
    store.conversations.delete(old)
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    assert old not in every_id(history)["conversations"]
    assert Store.open(history, read_only=True).conversations.get(old) is None


def test_a_settled_commitment_reopened_is_at_hand_again(history: Path) -> None:
    """Undoing an old commitment's done makes it open: from the next fold it is in the
    data file, so `coach commitments` (which reads only that) lists it."""
    store = Store.open(history)
    at_hand = set(read_at_hand(history).tables["commitments"])
    old = next(
        c for c in store.commitments.all() if c.id not in at_hand and c.status.value == "done"
    )
    store.commitments.set_status(old.id, CommitmentStatus.OPEN, TODAY)
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    assert old.id in read_at_hand(history).tables["commitments"]
    assert every_id(history)["commitments"].count(old.id) == 1


def test_removing_someones_last_conversation_brings_back_the_one_before(
    history: Path,
) -> None:
    """Their rhythm then counts from their last but one, which may be settled: the
    dashboard still says when they last spoke, as a full reading does."""
    store = Store.open(history)
    person = store.people.all()[0]
    held = [
        c for c in store.conversations.find(person_id=person.id) if c.status.value != "preparing"
    ]
    store.close()
    for conversation in held[:-1]:  # all but their oldest one, newest first
        store = Store.open(history, back_up=False)
        store.conversations.delete(conversation.id)
        store._storage.compact()  # type: ignore[attr-defined]
        store.close()
    store = Store.open(history, back_up=False)
    try:
        shown = overview_of(store)
        last = [r for r in nudges.overview(store, TODAY).nudges.people if r.person_id == person.id]
        assert not store.everything_read
        store.read_everything()
        assert overview_of(store) == shown
        if last:
            assert last[0].last == held[-1].date
    finally:
        store.close()


def test_data_from_before_parts_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    """A data file written by coach 0.1.0 with two years of history (saved as it was):
    kept as a backup byte for byte, then put in parts, every record unchanged."""
    directory = tmp_path / "data"
    directory.mkdir(mode=0o700)
    fixture = FIXTURES / "coach-v1-history.json"
    shutil.copy(fixture, directory / DATA_NAME)
    old = json.loads(fixture.read_bytes())["tables"]
    Store.open(directory).close()
    kept = [b for b in backups.list_backups(directory) if "before-upgrade-v1" in b.path.name]
    assert len(kept) == 1
    assert kept[0].path.read_bytes() == fixture.read_bytes()
    assert header(directory)["encoding"] == "json-parts-later"
    assert part_files(directory), "nothing was settled"
    assert read_tables(directory) == old
    assert main(["--data-dir", str(directory), "doctor"]) == 0


def test_a_backup_is_whole_and_restores_every_record(history: Path) -> None:
    """A backup holds the parts inside it: restored, every record is back and the parts
    are written again from it."""
    before = read_tables(history)
    newest = backups.list_backups(history)[0]
    shutil.rmtree(history / PARTS_DIR)  # the parts lost: the data file no longer opens whole
    with pytest.raises(CorruptDataError):
        read_tables(history)
    recovery.restore_backup(history, newest)
    Store.open(history).close()
    assert read_tables(history) == before
    assert part_files(history)


def test_the_data_a_restore_replaces_is_kept_whole_and_no_part_is_left_behind(
    history: Path,
) -> None:
    """The data file a restore puts aside is kept with its parts inside it, as a backup
    is: restorable on its own, so that parts/ then holds only the parts in use (before,
    the old parts stayed there for good, named by no data file coach reads)."""
    store = Store.open(history)
    store.people.add("Added after the backup")
    store._storage.compact()  # type: ignore[attr-defined]  # (in the data file, not the journal)
    store.close()
    before = read_tables(history)
    aside = recovery.restore_backup(history, backups.list_backups(history)[0], why="test")
    Store.open(history).close()  # the restored data back in parts
    in_use = {
        entry["file"] for entry in json.loads((history / DATA_NAME).read_bytes())["parts"].values()
    }
    assert set(part_files(history)) == in_use
    kept = next(path for path in aside if path.name.startswith(f"{DATA_NAME}."))
    assert json.loads(kept.read_bytes())["coach"]["encoding"] == "json-parts"  # whole
    assert read_tables(history) != before
    recovery.restore_backup(history, backups.Backup(kept, datetime.now()), why="again")
    assert read_tables(history) == before


def test_a_second_restore_leaves_the_parts_a_linked_copy_still_needs(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data file kept aside as a link (by an older coach, or damaged) still names its
    parts in parts/: a later restore, which removes the parts of the data it replaces,
    leaves those, and the first copy still restores every record it held."""
    first = read_tables(history)
    newest = backups.list_backups(history)[0]
    with monkeypatch.context() as older:
        older.setattr(recovery, "_kept_whole", lambda *_: None)  # as coach 0.2.0 kept it
        linked = recovery.restore_backup(history, newest, why="first")[0]
    assert json.loads(linked.read_bytes())["parts"]  # names its parts, not whole
    store = Store.open(history)  # the backup back in parts, a change, folded in
    store.people.add("Added between the restores")
    store._storage.compact()  # type: ignore[attr-defined]
    store.close()
    recovery.restore_backup(history, newest, why="second")
    recovery.restore_backup(history, backups.Backup(linked, datetime.now()), why="third")
    assert read_tables(history) == first


def test_restoring_a_data_file_that_names_parts_keeps_them(history: Path) -> None:
    """`coach doctor --restore FILE` takes any data file, one that names parts in parts/
    too (a copy made by hand): those parts stay, and it restores every record."""
    before = read_tables(history)
    copy = history.parent / "copy-of-coach.json"
    shutil.copy(history / DATA_NAME, copy)
    recovery.restore_backup(history, backups.Backup(copy, datetime.now()), why="test")
    assert read_tables(history) == before
    Store.open(history).close()
    assert read_tables(history) == before


def test_a_restore_over_damaged_data_leaves_its_parts_alone(history: Path) -> None:
    """A data file too damaged to say its generation: the restored one is still later
    than every part file there (its folds made some since the backup), so no start
    takes them for a fold's leftovers, and no fold writes over one."""
    for turn in range(3):  # settled months changed and folded: later parts than the backup
        store = Store.open(history, back_up=False)
        store.read_everything()
        # (Each a different one: an edited conversation is kept at hand from then on.)
        old = sorted(store.conversations.find(), key=lambda c: c.date or date.max)[turn]
        store.conversations.set_notes(old.id, "objectives", {"outcome": f"edit {turn}"})
        store._storage.compact()  # type: ignore[attr-defined]
        store.close()
    made = {name: (history / PARTS_DIR / name).read_bytes() for name in part_files(history)}
    raw = (history / DATA_NAME).read_bytes()
    (history / DATA_NAME).write_bytes(raw[: len(raw) // 2])
    recovery.restore_backup(history, backups.list_backups(history)[0], why="damaged")
    Store.open(history).close()
    assert {name: (history / PARTS_DIR / name).read_bytes() for name in made} == made


def test_parts_a_linked_copy_names_stay_when_the_data_restored_from_it_is_replaced(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data restored from a copy kept aside as a link names that copy's parts; replaced
    again, its whole copy takes them in, and they stay for the linked copy too."""
    first = read_tables(history)
    newest = backups.list_backups(history)[0]
    with monkeypatch.context() as older:
        older.setattr(recovery, "_kept_whole", lambda *_: None)  # as coach 0.2.0 kept it
        linked = recovery.restore_backup(history, newest, why="first")[0]
    recovery.restore_backup(history, backups.Backup(linked, datetime.now()), why="second")
    assert read_tables(history) == first  # the data names the linked copy's parts again
    recovery.restore_backup(history, newest, why="third")
    recovery.restore_backup(history, backups.Backup(linked, datetime.now()), why="fourth")
    assert read_tables(history) == first


def test_a_copy_whose_parts_are_gone_is_refused_and_nothing_is_changed(history: Path) -> None:
    """A data file chosen to restore that names a part no longer there (a copy made by
    hand, then a fold replaced that month): refused, saying which, every file unchanged."""
    copy = history.parent / "copy-of-coach.json"
    shutil.copy(history / DATA_NAME, copy)
    victim = history / PARTS_DIR / part_files(history)[0]
    victim.unlink()
    files = {p: p.read_bytes() for p in history.rglob("*") if p.is_file()}
    with pytest.raises(CorruptDataError, match=victim.name):
        recovery.restore_backup(history, backups.Backup(copy, datetime.now()), why="test")
    assert {p: p.read_bytes() for p in history.rglob("*") if p.is_file()} == files


def test_a_damaged_part_is_reported_and_nothing_is_changed(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flipped byte in a part: the dashboard still opens (it reads none), reading the
    history says which file is damaged, doctor reports it, and no file is written."""
    victim = history / PARTS_DIR / part_files(history)[3]
    raw = bytearray(victim.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    victim.write_bytes(bytes(raw))
    files = {p: p.read_bytes() for p in history.rglob("*") if p.is_file()}
    store = Store.open(history, back_up=False)
    try:
        overview_of(store)
        with pytest.raises(CorruptDataError, match=victim.name):
            store.read_everything()
    finally:
        store.close()
    assert main(["--data-dir", str(history), "doctor"]) != 0
    assert victim.name in capsys.readouterr().out
    assert {p: p.read_bytes() for p in history.rglob("*") if p.is_file()} == files


def test_the_rule_keeps_what_the_dashboard_needs(history: Path) -> None:
    """Open commitments and conversations being prepared are never settled, nor anyone's
    last conversation; a closed commitment of last month stays at hand."""
    tables = Store.open(history, read_only=True)
    tables.read_everything()
    found = placement.place(
        {
            name: {d["id"]: d for d in tables.documents(name)}
            for name in ("conversations", "commitments")
        },
        TODAY,
    )
    settled_commitments = found.cold.get("commitments", {})
    for doc in tables.documents("commitments"):
        if doc["status"] == "open":
            assert doc["id"] not in settled_commitments
        if doc.get("done_on") and doc["done_on"] >= (TODAY - timedelta(days=31)).isoformat():
            assert doc["id"] not in settled_commitments
    settled_conversations = found.cold.get("conversations", {})
    for doc in tables.documents("conversations"):
        if doc["status"] == "preparing":
            assert doc["id"] not in settled_conversations
    for person in tables.people.all():
        last = tables.conversations.last(person.id)
        if last is not None:
            assert last.id not in settled_conversations
