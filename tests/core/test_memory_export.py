"""Learned facts, cadences, drops and renegotiations travel through export and import."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.guidance.library import builtin_guidance
from coach.model import Cadence, Commitment, FactKind, Owner
from coach.sharing import archive
from coach.sharing.archive import ImportRefused
from coach.sharing.importing import import_export
from coach.store.store import Store
from tests.conftest import TODAY
from tests.support.review_data import seed


def remembered(directory: Path) -> None:
    """The review data set, with everything the alliance memory adds."""
    seed(directory)
    store = Store.open(directory)
    try:
        store.people.set_cadence("p-zoe", Cadence.FORTNIGHTLY)
        store.facts.learn(
            "p-zoe",
            FactKind.FEEDBACK,
            "Written first, then a talk",
            on=TODAY - timedelta(days=7),
            conversation_id="c-budget",
        )
        old = store.facts.learn("p-sam", FactKind.ASPIRATION, "Lead [b]a team[/b]", on=TODAY)
        store.facts.supersede(old.id, TODAY)
        moved = store.commitments.add(
            Commitment("Share the figures", Owner.ME, "p-zoe", "c-budget", due=TODAY)
        )
        store.commitments.renegotiate(moved.id, TODAY + timedelta(days=7), TODAY, "waiting")
        store.commitments.drop("k-draft", TODAY, "Budget frozen")
    finally:
        store.close()


def exported(directory: Path) -> bytes:
    store = Store.open(directory, read_only=True)
    try:
        return archive.encode(archive.export_tables(store))
    finally:
        store.close()


def imported(directory: Path, raw: bytes):  # type: ignore[no-untyped-def]
    store = Store.open(directory)
    try:
        return import_export(store, archive.decode(raw, "file.json"))
    finally:
        store.close()


def test_the_memory_round_trips_exactly(tmp_path: Path) -> None:
    """Export, import into nothing, export again: the same bytes; every new field is there."""
    remembered(tmp_path / "a")
    first = exported(tmp_path / "a")
    report = imported(tmp_path / "b", first)
    assert report.added["facts"] == 2 and report.conflicts == []
    assert exported(tmp_path / "b") == first
    store = Store.open(tmp_path / "b", read_only=True)
    try:
        zoe = store.people.get("p-zoe")
        assert zoe is not None and zoe.cadence is Cadence.FORTNIGHTLY
        dropped = store.commitments.get("k-draft")
        assert dropped is not None and dropped.drop_reason == "Budget frozen"
        moved = next(c for c in store.commitments.find() if c.text == "Share the figures")
        assert moved.original_due == TODAY and moved.history[0].note == "waiting"
        learned = store.facts.about("p-sam")
        assert [(f.text, f.current) for f in learned] == [("Lead [b]a team[/b]", False)]
    finally:
        store.close()


def test_facts_of_a_person_left_out_are_left_out(tmp_path: Path) -> None:
    """A second Zoë is a conflict: her facts do not come in under anyone's name."""
    remembered(tmp_path / "a")
    document = json.loads(exported(tmp_path / "a"))
    for table in document["tables"].values():
        for record in table:
            if record.get("id") == "p-zoe":
                record["id"] = "p-other"
            if record.get("person_id") == "p-zoe":
                record["person_id"] = "p-other"
                record["id"] += "-other"
    report = imported(tmp_path / "a", json.dumps(document).encode())
    assert any("what was learned about" in what for what in report.left_out)
    store = Store.open(tmp_path / "a", read_only=True)
    try:
        assert sorted(d["person_id"] for d in store.documents("facts")) == ["p-sam", "p-zoe"]
    finally:
        store.close()


def broken(tmp_path: Path, table: str, change: dict[str, Any]) -> bytes:
    remembered(tmp_path / "source")
    document = json.loads(exported(tmp_path / "source"))
    document["tables"][table][0].update(change)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("table", "change", "match"),
    [
        ("facts", {"kind": "gossip"}, "'kind' must be one of management"),
        ("facts", {"text": " "}, "'text' must be some text"),
        ("facts", {"learned_on": None}, "'learned_on' must be a date"),
        ("facts", {"person_id": "p-nobody"}, "names a person who is not there"),
        ("facts", {"conversation_id": "c-nowhere"}, "names a conversation that is not there"),
        ("people", {"cadence": "daily"}, "'cadence' must be one of \"\", weekly"),
        ("commitments", {"history": [{"old_due": "2026-11-01"}]}, "'changed_on' is missing"),
        ("commitments", {"history": "soon"}, "'history' must be a list"),
        ("commitments", {"dropped_on": "yesterday"}, "'dropped_on' must be a date"),
    ],
)
def test_unsound_memory_is_refused(
    tmp_path: Path, table: str, change: dict[str, Any], match: str
) -> None:
    """A field coach knows must hold the right kind of value; nothing is imported otherwise."""
    raw = broken(tmp_path, table, change)
    (tmp_path / "target").mkdir()
    with pytest.raises(ImportRefused, match=match):
        imported(tmp_path / "target", raw)
    store = Store.open(tmp_path / "target", read_only=True)
    try:
        assert store.is_empty()
    finally:
        store.close()


def test_the_markdown_record_tells_of_new_dates_and_drops(data_dir: Path) -> None:
    """Every change of date and the reason for a drop are in the record, escaped."""
    from coach.sharing import summary

    remembered(data_dir)
    store = Store.open(data_dir)
    try:
        store.commitments.drop(
            store.commitments.add(Commitment("Tidy up", Owner.THEM, "p-zoe", "c-budget")).id,
            TODAY,
            "Out of *scope* [x](y)",
        )
        conversation = store.conversations.get("c-budget")
        assert conversation is not None
        record = summary.Record(
            conversation,
            store.people.get("p-zoe"),
            store.commitments.find(conversation_id="c-budget"),
        )
    finally:
        store.close()
    text = summary.conversation_markdown(record, TODAY, builtin_guidance(), include_private=False)
    assert (
        "Send the budget draft, by Wed 18 Nov 2026 · *dropped on 2026-11-20, overdue by then*:"
        " Budget frozen"
    ) in text
    assert "  - moved from Fri 20 Nov to Fri 27 Nov on Fri 20 Nov: waiting" in text
    assert r"*dropped on 2026-11-20*: Out of \*scope\* \[x\](y)" in text
