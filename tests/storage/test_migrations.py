"""Migrations: files written by every past schema version open, upgraded, with nothing lost;
a migration runs after an exact backup, on the journal's changes too.

tests/fixtures/coach-vN.json are real files saved by the coach that wrote
version N (see the README there).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from coach.errors import NewerVersionError
from coach.model import CommitmentStatus, ConversationStatus
from coach.storage import backups, datafile, migrations
from coach.store.store import Store
from tests.support.disk import (
    DATA,
    JOURNAL,
    crashed_copy,
    header,
    mode,
    names,
    opened,
    stored_tables,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"


def add_team(tables: migrations.Tables) -> migrations.Tables:
    """Version 1 -> 2 for the tests: every person gains a team."""
    people = {key: {**doc, "team": "unknown"} for key, doc in tables.get("people", {}).items()}
    return {**tables, "people": people}


def fixture(version: int) -> Path:
    """The saved data file of one schema version."""
    return FIXTURES / f"coach-v{version}.json"


def versions() -> list[int]:
    """Every version a file was ever written in, oldest first."""
    return list(range(1, migrations.SCHEMA_VERSION + 1))


def test_there_is_a_saved_file_of_every_version() -> None:
    """Raising SCHEMA_VERSION without saving a file of the old version fails here."""
    missing = [version for version in versions() if not fixture(version).exists()]
    assert missing == []
    for version in versions():
        header = json.loads(fixture(version).read_bytes())["coach"]
        assert header["schema_version"] == version


def check_contents(store: Store) -> None:
    """What every fixture holds, whatever its version."""
    assert [p.name for p in store.people.all()] == ["Alex Kim", "Sam [red]Lee[/]"]
    alex = store.people.named("Alex Kim")
    assert alex is not None and alex.role == "Engineer"
    held, preparing = (
        store.conversations.find(status=ConversationStatus.HELD),
        store.conversations.find(status=ConversationStatus.PREPARING),
    )
    assert len(held) == 1 and len(preparing) == 1
    talk = held[0]
    assert talk.date == date(2026, 11, 13)
    assert talk.note("objectives", "topics") == "Workload\nThe reorganisation"
    assert talk.note("safety", "feedback") == "Written first, then a talk"
    assert [q.text for q in talk.questions] == ["What would make this week easier?"]
    assert talk.next_checkin == date(2026, 11, 27) and talk.summary_confirmed
    note = preparing[0].note("transparency", "intentions")
    assert note == "[bold]Be open[/] about the budget \u2400 🙂"
    promised = {c.text: c for c in store.commitments.find()}
    assert sorted(promised) == ["Book the course", "Send the draft", "Share the roadmap"]
    assert promised["Book the course"].status is CommitmentStatus.DONE
    assert promised["Book the course"].done_on == date(2026, 11, 19)
    assert promised["Share the roadmap"].due is None


@pytest.mark.parametrize("version", versions())
def test_a_file_of_every_version_opens_complete(data_dir: Path, version: int) -> None:
    """Read-only and as the writer, the data is all there, and the file ends up current."""
    data_dir.mkdir(mode=0o700)
    shutil.copy(fixture(version), data_dir / "coach.json")
    reader = Store.open(data_dir, read_only=True)
    try:
        check_contents(reader)
    finally:
        reader.close()
    assert (data_dir / "coach.json").read_bytes() == fixture(version).read_bytes()
    store = Store.open(data_dir)
    try:
        check_contents(store)
        store.people.add("Dee")  # and it can be changed
    finally:
        store.close()
    header = json.loads((data_dir / "coach.json").read_bytes())["coach"]
    assert header["schema_version"] == migrations.SCHEMA_VERSION
    taken = backups.list_backups(data_dir)
    assert any(b.path.read_bytes() == fixture(version).read_bytes() for b in taken)


def test_the_oldest_file_goes_through_a_new_migration(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a version 2 added, the version 1 file is upgraded after an exact backup."""
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: add_team})
    data_dir.mkdir(mode=0o700)
    shutil.copy(fixture(1), data_dir / "coach.json")
    store = Store.open(data_dir)
    try:
        check_contents(store)
    finally:
        store.close()
    document = json.loads((data_dir / "coach.json").read_bytes())
    assert document["coach"]["schema_version"] == 2
    assert {doc["team"] for doc in document["tables"]["people"].values()} == {"unknown"}
    kept = [b for b in backups.list_backups(data_dir) if "before-upgrade-v1" in b.path.name]
    assert [b.path.read_bytes() for b in kept] == [fixture(1).read_bytes()]


# -- migrations ---------------------------------------------------------------------------------


def test_old_file_is_migrated_after_a_backup(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version 1 file is upgraded and rewritten as version 2, after an exact backup."""
    with opened(data_dir) as store:
        store.people.add("Ann")
        store.people.add("Ben")
    original = (data_dir / DATA).read_bytes()
    assert header(data_dir)["schema_version"] == 1
    generation = header(data_dir)["generation"]
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: add_team})

    with opened(data_dir) as store:
        assert names(store) == ["Ann", "Ben"]
        assert header(data_dir)["schema_version"] == 2
        assert header(data_dir)["generation"] > generation
        people = stored_tables(data_dir)["people"].values()
        assert [doc["team"] for doc in people] == ["unknown", "unknown"]
        store.people.add("Cy")

    taken = [p for p in backups.backup_dir(data_dir).iterdir() if "before-upgrade-v1" in p.name]
    assert len(taken) == 1
    assert taken[0].read_bytes() == original
    assert mode(taken[0]) == 0o600
    with opened(data_dir) as store:  # opening again neither migrates nor backs up again
        assert names(store) == ["Ann", "Ben", "Cy"]
    again = [p for p in backups.backup_dir(data_dir).iterdir() if "before-upgrade" in p.name]
    assert again == taken


def test_old_journal_is_applied_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changes in a version 1 journal are kept and upgraded along with the file."""
    crashed = crashed_copy(tmp_path, "Ann", "Ben")
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: add_team})
    with opened(crashed) as store:
        assert names(store) == ["Ann", "Ben"]
        assert not (crashed / JOURNAL).exists()
        people = stored_tables(crashed)["people"].values()
        assert sorted((doc["name"], doc["team"]) for doc in people) == [
            ("Ann", "unknown"),
            ("Ben", "unknown"),
        ]


def test_datafile_reads_the_schema_version_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Raising migrations.SCHEMA_VERSION is seen by encode and decode without reloading."""
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 5)
    raw = datafile.encode({}, 1)
    assert json.loads(raw)["coach"]["schema_version"] == 5
    assert datafile.decode(Path("x"), raw).schema_version == 5
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 4)
    with pytest.raises(NewerVersionError):
        datafile.decode(Path("x"), raw)
