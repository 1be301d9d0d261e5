"""Files written by every past schema version open, upgraded, with nothing lost.

tests/fixtures/coach-vN.json are real files saved by the coach that wrote
version N (see the README there).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from coach.model import CommitmentStatus, ConversationStatus
from coach.storage import backups, migrations
from coach.store.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"


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

    def add_team(tables: migrations.Tables) -> migrations.Tables:
        people = {k: {**doc, "team": "unknown"} for k, doc in tables.get("people", {}).items()}
        return {**tables, "people": people}

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
