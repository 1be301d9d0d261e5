"""The JSON export and import: lossless round trip, idempotent merge, conflicts, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coach.demo import sample as demo
from coach.sharing import archive
from coach.sharing.archive import ImportRefused
from coach.sharing.importing import import_export
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed


def export_bytes(directory: Path) -> bytes:
    store = Store.open(directory, read_only=True)
    return archive.encode(archive.export_tables(store))


def import_bytes(directory: Path, raw: bytes, **options: bool):  # type: ignore[no-untyped-def]
    store = Store.open(directory)
    try:
        return import_export(store, archive.decode(raw, "file.json"), **options)
    finally:
        store.close()


def snapshot(directory: Path) -> dict[str, list[dict[str, object]]]:
    store = Store.open(directory, read_only=True)
    return archive.export_tables(store)


def test_round_trip_of_the_demo_data_is_exact(tmp_path: Path) -> None:
    """Demo data, export, import into an empty directory, export again: the same bytes."""
    source = tmp_path / "source"
    store = Store.open(source)
    demo.fill(store, people=8, conversations=120, seed=3, today=TODAY)
    store.close()
    first = export_bytes(source)
    report = import_bytes(tmp_path / "empty", first)
    assert report.added == {
        "people": 8,
        "conversations": 120,
        "commitments": report.added["commitments"],
        "facts": report.added["facts"],
    }
    assert report.conflicts == [] and report.unchanged == 0
    assert export_bytes(tmp_path / "empty") == first


def test_the_export_is_versioned_and_ordered(data_dir: Path) -> None:
    """A header names the format and its version; records are ordered by id."""
    seed(data_dir)
    document = json.loads(export_bytes(data_dir))
    assert (document["format"], document["version"], document["schema_version"]) == (
        "coach-export",
        1,
        1,
    )
    assert list(document["tables"]) == ["people", "conversations", "commitments", "facts"]
    ids = [c["id"] for c in document["tables"]["conversations"]]
    assert ids == sorted(ids)


def test_fields_and_tables_the_model_does_not_know_travel_too(tmp_path: Path) -> None:
    """Data from a later coach (same schema) passes through export and import unchanged."""
    document = json.loads(export_bytes_seeded(tmp_path / "a"))
    document["tables"]["people"][0]["cadence_days"] = 14
    document["tables"]["rituals"] = [{"id": "r1", "person_id": "p-zoe", "text": "Walks"}]
    raw = json.dumps(document).encode()
    import_bytes(tmp_path / "b", raw)
    again = json.loads(export_bytes(tmp_path / "b"))
    assert again["tables"]["people"][0]["cadence_days"] == 14
    assert again["tables"]["rituals"] == [{"id": "r1", "person_id": "p-zoe", "text": "Walks"}]


def export_bytes_seeded(directory: Path) -> bytes:
    seed(directory)
    return export_bytes(directory)


def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    """The second import finds everything already there, and writes nothing."""
    raw = export_bytes_seeded(tmp_path / "a")
    target = tmp_path / "b"
    import_bytes(target, raw)
    before = snapshot(target)
    journal = target / "coach.journal"
    size = journal.stat().st_size if journal.exists() else 0
    report = import_bytes(target, raw)
    assert not report.changed and report.conflicts == []
    assert report.unchanged == 9
    assert snapshot(target) == before
    assert (journal.stat().st_size if journal.exists() else 0) == size


def test_importing_into_the_data_it_came_from_changes_nothing(data_dir: Path) -> None:
    """An export imported back into its own data: nothing new, no conflict."""
    raw = export_bytes_seeded(data_dir)
    report = import_bytes(data_dir, raw)
    assert not report.changed and report.conflicts == [] and report.unchanged == 9


def test_conflicts_are_reported_and_never_overwrite(tmp_path: Path) -> None:
    """A record that differs from the stored one stays as stored; new records still come in."""
    raw = export_bytes_seeded(tmp_path / "a")
    document = json.loads(raw)
    budget = next(c for c in document["tables"]["conversations"] if c["id"] == "c-budget")
    budget["correction"] = "Changed elsewhere"
    document["tables"]["commitments"].append(
        {
            "id": "k-new",
            "text": "New promise",
            "owner": "me",
            "person_id": "p-zoe",
            "conversation_id": "c-budget",
            "status": "open",
        }
    )
    report = import_bytes(tmp_path / "a", json.dumps(document).encode())
    assert [(c.table, c.id, c.fields) for c in report.conflicts] == [
        ("conversations", "c-budget", ("correction",)),
    ]
    assert "conversation with Zoë Ångström" in report.conflicts[0].what
    assert report.added["commitments"] == 1
    store = Store.open(tmp_path / "a", read_only=True)
    budget_now = store.conversations.get("c-budget")
    assert budget_now is not None
    assert budget_now.correction == "The pilot starts in April, not March."
    assert store.commitments.get("k-new") is not None


def test_a_different_person_with_a_stored_name_is_a_conflict(tmp_path: Path) -> None:
    """Names tell people apart, so a second Zoë Ångström is not added, nor her conversations."""
    raw = export_bytes_seeded(tmp_path / "a")
    document = json.loads(raw)
    for table in document["tables"].values():
        for record in table:
            if record.get("id") == "p-zoe":
                record["id"] = "p-other-zoe"
            if record.get("person_id") == "p-zoe":
                record["person_id"] = "p-other-zoe"
                record["id"] += "-other"
    report = import_bytes(tmp_path / "a", json.dumps(document).encode())
    assert [c.id for c in report.conflicts] == ["p-other-zoe"]
    assert len(report.left_out) == 4  # two conversations, two commitments
    store = Store.open(tmp_path / "a", read_only=True)
    assert [p.id for p in store.people.all()] == ["p-sam", "p-zoe"]


def test_a_dry_run_changes_nothing(tmp_path: Path) -> None:
    """--dry-run reports what would come in and writes nothing."""
    raw = export_bytes_seeded(tmp_path / "a")
    report = import_bytes(tmp_path / "b", raw, dry_run=True)
    assert report.added["conversations"] == 3
    assert snapshot(tmp_path / "b") == {
        "people": [],
        "conversations": [],
        "commitments": [],
        "facts": [],
    }


def refusal(tmp_path: Path, raw: bytes, match: str) -> None:
    """`raw` is refused with a message matching `match`, and the data is unchanged."""
    seed(tmp_path / "data")
    before = snapshot(tmp_path / "data")
    with pytest.raises(ImportRefused, match=match):
        import_bytes(tmp_path / "data", raw)
    assert snapshot(tmp_path / "data") == before


def valid(tmp_path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(export_bytes_seeded(tmp_path / "source"))
    return document


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe garbage", "not a coach export"),
        (b'{"format": "coach-export", "version": 1', "not valid JSON"),
        (b"[1, 2, 3]", "not a coach export"),
        (b'{"name": "someone else\'s file"}', "not a coach export"),
        (b'{"format": "coach-export", "schema_version": 1, "tables": {}}', "version is missing"),
        (
            b'{"format": "coach-export", "version": 2, "schema_version": 1, "tables": {}}',
            "newer coach.*version 2",
        ),
        (
            b'{"format": "coach-export", "version": 1, "schema_version": 99, "tables": {}}',
            "newer coach.*schema version 99",
        ),
        (b'{"format": "coach-export", "version": 1, "schema_version": 1, "tables": []}', "damaged"),
        (
            b'{"coach": {"format": "coach-data", "schema_version": 1}, "tables": {}}',
            "coach's own data file",
        ),
    ],
)
def test_malformed_or_foreign_files_are_refused(tmp_path: Path, raw: bytes, match: str) -> None:
    """Not an export, a damaged one, or one from a newer coach: refused, nothing changed."""
    refusal(tmp_path, raw, match)


@pytest.mark.parametrize(
    ("table", "field", "value", "match"),
    [
        ("conversations", "status", "finished", "'status' must be one of preparing, held, done"),
        ("conversations", "date", "yesterday", "'date' must be a date"),
        ("conversations", "notes", {"safety": "text"}, "'notes' must map"),
        ("conversations", "questions", [{"text": "no id"}], "item 1: 'id' is missing"),
        ("commitments", "owner", "boss", "'owner' must be one of me, them, both"),
        ("commitments", "text", "", "'text' must be some text"),
        ("people", "name", 42, "'name' must be some text"),
        ("people", "id", None, "'id' must be some text"),
    ],
)
def test_records_with_wrong_values_are_refused(
    tmp_path: Path, table: str, field: str, value: object, match: str
) -> None:
    """One bad field in one record refuses the whole file, saying which and why."""
    document = valid(tmp_path)
    document["tables"][table][0][field] = value
    refusal(tmp_path, json.dumps(document).encode(), match)


def test_a_record_naming_a_missing_person_is_refused(tmp_path: Path) -> None:
    """A conversation with nobody: refused, since it could not be shown."""
    document = valid(tmp_path)
    document["tables"]["conversations"][0]["person_id"] = "p-nobody"
    document["tables"]["conversations"][0]["id"] = "c-orphan"
    refusal(tmp_path, json.dumps(document).encode(), "names a person who is not there")


def test_the_same_id_twice_is_refused(tmp_path: Path) -> None:
    """Two records with one id in one table: the file is damaged."""
    document = valid(tmp_path)
    document["tables"]["people"].append(dict(document["tables"]["people"][0]))
    refusal(tmp_path, json.dumps(document).encode(), "appears twice")


def test_look_back_ratings_travel_through_export_and_import(tmp_path: Path) -> None:
    """A meeting's look back is in the JSON export and comes back the same on import."""
    from coach.meeting.capture import rate
    from coach.model import ConversationStatus

    source = tmp_path / "source"
    seed(source)
    store = Store.open(source)
    held = next(c for c in store.conversations.find() if c.status is ConversationStatus.DONE)
    rate(store, held.id, {"asked_more": 2, "checked_understanding": 0, "shared_early": 1})
    store.close()
    first = export_bytes(source)
    [record] = [c for c in json.loads(first)["tables"]["conversations"] if c["id"] == held.id]
    assert record["look_back"] == {"asked_more": 2, "checked_understanding": 0, "shared_early": 1}
    import_bytes(tmp_path / "empty", first)
    assert export_bytes(tmp_path / "empty") == first
    store = Store.open(tmp_path / "empty", read_only=True)
    back = store.conversations.get(held.id)
    store.close()
    assert back is not None and back.look_back["asked_more"] == 2


@pytest.mark.parametrize("wrong", [{"asked_more": 3}, {"asked_more": True}, ["asked_more"]])
def test_a_look_back_out_of_its_scale_is_refused(tmp_path: Path, wrong: object) -> None:
    """Ratings are 0, 1 or 2 by statement: anything else is refused, naming the field."""
    seed(tmp_path / "source")
    document = json.loads(export_bytes(tmp_path / "source"))
    document["tables"]["conversations"][0]["look_back"] = wrong
    with pytest.raises(ImportRefused, match="look_back"):
        archive.decode(json.dumps(document).encode(), "file.json")
