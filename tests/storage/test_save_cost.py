"""A save costs the same with a long history as with a short one: it touches only what changed.

TinyDB's own way of changing a document rebuilds the whole table (twice) and the
storage then compared every document to find the change, so one edit took longer
the more conversations were stored (29 ms at 20,000 in benchmarks/RESULTS.md).
These tests make that path fail loudly, so a save that still takes it is caught.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tinydb.table import Table

from coach.errors import StoreError
from coach.model import Cadence, CommitmentStatus, Person
from coach.storage import durable
from coach.store.store import Store
from tests.support.disk import JOURNAL, commitment, opened


@pytest.fixture
def whole_table_refused(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rebuilding a whole table, or comparing every document, raises from here on."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a save rebuilt or compared a whole table")

    monkeypatch.setattr(Table, "_update_table", refused)
    monkeypatch.setattr(durable, "_changes_between", refused)
    yield


TODAY = date(2026, 11, 20)


def _filled(data_dir: Path) -> tuple[str, str, str]:
    with opened(data_dir) as store:
        people = [Person(name=f"Person {n}") for n in range(50)]
        store.put_records(people=people)
        talk = store.conversations.start(people[0], "alliance", None)
        promise = store.commitments.add(commitment("Send the plan", people[0].id))
    return people[0].id, talk.id, promise.id


def _journal(directory: Path) -> list[dict[str, Any]]:
    """The journal's change records, in order (its header left out)."""
    lines = (directory / JOURNAL).read_bytes().splitlines()
    return [json.loads(line[9:])["changes"] for line in lines[1:]]


def test_each_kind_of_edit_touches_only_its_documents(
    data_dir: Path, whole_table_refused: None
) -> None:
    """Notes, a commitment kept, a new person and a removal are each saved without the rest."""
    _, talk_id, promise_id = _filled(data_dir)
    with opened(data_dir) as store:
        store.conversations.set_notes(talk_id, "safety", {"feedback": "Direct"})
        store.commitments.mark_done(promise_id, TODAY)
        store.people.add("Zoë")
        store.commitments.delete(promise_id)
    with opened(data_dir) as store:
        talk = store.conversations.get(talk_id)
        assert talk is not None and talk.note("safety", "feedback") == "Direct"
        assert store.commitments.get(promise_id) is None
        assert "Zoë" in [p.name for p in store.people.all()]


def test_a_journal_line_holds_only_the_changed_document(data_dir: Path) -> None:
    """With 50 people stored, giving one a rhythm writes that one alone to the journal."""
    person_id, _, _ = _filled(data_dir)
    store = Store.open(data_dir)
    try:
        store.people.set_cadence(person_id, Cadence.WEEKLY)
        changes = _journal(data_dir)[-1]
    finally:
        store.close()
    assert list(changes) == ["people"]
    assert list(changes["people"]) == [person_id]


def test_a_failed_transaction_puts_back_exactly_what_it_changed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full while saving three changes as one: none shows, the rest is as it was."""
    person_id, talk_id, promise_id = _filled(data_dir)
    with opened(data_dir) as store:
        before = store.documents("commitments"), store.documents("conversations")
        storage = store._storage
        assert isinstance(storage, durable.DurableStorage)

        def full(line: bytes) -> None:
            raise StoreError("Could not save: the disk is full.")

        monkeypatch.setattr(storage, "_append", full)
        with pytest.raises(StoreError), store.transaction():
            store.commitments.set_status(promise_id, CommitmentStatus.DONE, TODAY)
            store.commitments.add(commitment("Another", person_id))
            store.conversations.set_notes(talk_id, "safety", {"feedback": "Lost"})
        assert (store.documents("commitments"), store.documents("conversations")) == before
        monkeypatch.undo()
        store.commitments.add(commitment("After", person_id))
    with opened(data_dir) as store:
        assert sorted(c.text for c in store.commitments.all()) == ["After", "Send the plan"]
        kept = store.commitments.get(promise_id)
        assert kept is not None and kept.status is CommitmentStatus.OPEN
        talk = store.conversations.get(talk_id)
        assert talk is not None and talk.note("safety", "feedback") == ""


def test_the_store_for_tests_takes_the_same_edits(store: Store) -> None:
    """Store.in_memory (TinyDB's MemoryStorage) puts, replaces and removes documents too."""
    ann = store.people.add("Ann")
    store.people.set_cadence(ann.id, Cadence.WEEKLY)
    promise = store.commitments.add(commitment("Send the plan", ann.id))
    store.commitments.delete(promise.id)
    assert [(p.name, p.cadence) for p in store.people.all()] == [("Ann", Cadence.WEEKLY)]
    assert store.commitments.all() == []
