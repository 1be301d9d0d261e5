"""Done, dropped with a reason, renegotiated with the history kept: against real files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.errors import InvalidInput, StoreError
from coach.memory.ledger import Result, judge
from coach.memory.timeline import describe_history
from coach.model import Commitment, CommitmentStatus, Owner, Renegotiation
from coach.store import records
from coach.store.store import Store
from tests.conftest import TODAY


def made(store: Store, due: date | None = TODAY) -> Commitment:
    person = store.people.add("Priya Kapoor")
    return store.commitments.add(Commitment("Send the draft", Owner.ME, person.id, due=due))


def reopened(data_dir: Path, commitment_id: str) -> Commitment:
    """The commitment as a fresh store reads it from disk."""
    store = Store.open(data_dir, read_only=True)
    try:
        found = store.commitments.get(commitment_id)
    finally:
        store.close()
    assert found is not None
    return found


def test_renegotiating_twice_keeps_the_history(file_store: Store, data_dir: Path) -> None:
    """Each new date is recorded with the one it replaced; the first date stays known."""
    first = made(file_store, due=TODAY)
    week = TODAY + timedelta(days=7)
    file_store.commitments.renegotiate(first.id, week, TODAY, "waiting on data")
    later = TODAY + timedelta(days=10)
    file_store.commitments.renegotiate(first.id, TODAY + timedelta(days=14), later, "")
    file_store.close()
    stored = reopened(data_dir, first.id)
    assert stored.due == TODAY + timedelta(days=14)
    assert stored.original_due == TODAY
    assert stored.history == [
        Renegotiation(TODAY, TODAY, TODAY + timedelta(days=7), "waiting on data"),
        Renegotiation(later, TODAY + timedelta(days=7), TODAY + timedelta(days=14), ""),
    ]
    assert describe_history(stored, TODAY) == [
        "moved from Fri 20 Nov to Fri 27 Nov on Fri 20 Nov: waiting on data",
        "slipped from Fri 27 Nov to Fri 04 Dec on Mon 30 Nov",
    ]


@pytest.mark.parametrize(
    ("new_due", "message"),
    [
        (None, "Give the new date"),
        (TODAY - timedelta(days=1), "has already passed"),
        (TODAY, "already due Fri 20 Nov"),
    ],
)
def test_a_new_date_that_is_no_new_date_is_refused(
    store: Store, new_due: date | None, message: str
) -> None:
    """No date, a past date or the same date: a clear message, nothing changed."""
    commitment = made(store)
    with pytest.raises(InvalidInput, match=message):
        store.commitments.renegotiate(commitment.id, new_due, TODAY)
    assert store.commitments.get(commitment.id) == commitment


def test_dropping_needs_a_reason(file_store: Store, data_dir: Path) -> None:
    """A blank reason is refused; a reason is kept with the day."""
    commitment = made(file_store)
    with pytest.raises(InvalidInput, match="Say why"):
        file_store.commitments.drop(commitment.id, TODAY, "   ")
    with pytest.raises(InvalidInput, match="Say why"):
        file_store.commitments.set_status(commitment.id, CommitmentStatus.DROPPED, TODAY)
    assert file_store.commitments.get(commitment.id) == commitment
    file_store.commitments.drop(commitment.id, TODAY, "  The  team was\nreorganised ")
    file_store.close()
    stored = reopened(data_dir, commitment.id)
    assert (stored.status, stored.dropped_on, stored.drop_reason) == (
        CommitmentStatus.DROPPED,
        TODAY,
        "The team was reorganised",
    )


def test_only_an_open_commitment_changes_its_fate(store: Store) -> None:
    """A kept one cannot be dropped or given a new date; a dropped one cannot be done."""
    commitment = made(store)
    store.commitments.mark_done(commitment.id, TODAY)
    with pytest.raises(InvalidInput, match="already done"):
        store.commitments.drop(commitment.id, TODAY, "changed my mind")
    with pytest.raises(InvalidInput, match="already done"):
        store.commitments.renegotiate(commitment.id, TODAY + timedelta(days=3), TODAY)
    other = store.commitments.add(Commitment("Book the room", Owner.THEM, commitment.person_id))
    store.commitments.drop(other.id, TODAY, "no longer needed")
    with pytest.raises(InvalidInput, match="already dropped"):
        store.commitments.mark_done(other.id, TODAY)


def test_a_commitment_gone_is_said_plainly(store: Store) -> None:
    """Changing a commitment that is no longer stored raises a StoreError in words."""
    with pytest.raises(StoreError, match="That commitment is no longer stored"):
        store.commitments.drop("nope", TODAY, "why")


def test_reopening_a_dropped_commitment_forgets_the_drop(store: Store) -> None:
    """Undo: open again, no dropped day or reason left behind."""
    commitment = made(store)
    store.commitments.drop(commitment.id, TODAY, "no budget")
    again = store.commitments.set_status(commitment.id, CommitmentStatus.OPEN, TODAY)
    assert (again.status, again.dropped_on, again.drop_reason) == (CommitmentStatus.OPEN, None, "")


def test_the_ledger_judges_what_the_store_recorded(store: Store) -> None:
    """Given a new date before it was due and kept by it: on time; a slip: late."""
    in_time = made(store, due=TODAY)
    store.commitments.renegotiate(in_time.id, TODAY + timedelta(days=5), TODAY)
    kept = store.commitments.mark_done(in_time.id, TODAY + timedelta(days=4))
    assert judge(kept, TODAY + timedelta(days=4)).result is Result.ON_TIME
    slipped = store.commitments.add(
        Commitment("Call back", Owner.THEM, in_time.person_id, due=TODAY - timedelta(days=2))
    )
    store.commitments.renegotiate(slipped.id, TODAY + timedelta(days=1), TODAY)
    kept = store.commitments.mark_done(slipped.id, TODAY)
    assert judge(kept, TODAY).result is Result.LATE


def test_old_records_without_the_new_fields_still_read(store: Store) -> None:
    """A commitment stored before drops and renegotiations existed reads with defaults."""
    old = {
        "id": "c1",
        "text": "Old promise",
        "owner": "me",
        "person_id": "p1",
        "status": "dropped",
        "due": "2026-11-01",
    }
    commitment = records.commitment_from_record(old)
    assert (commitment.history, commitment.dropped_on, commitment.drop_reason) == ([], None, "")
    assert commitment.original_due == date(2026, 11, 1)
    assert judge(commitment, TODAY).result is Result.BROKEN  # no reason was recorded
    person = records.person_from_record({"id": "p1", "name": "Ann"})
    assert person.cadence == ""
