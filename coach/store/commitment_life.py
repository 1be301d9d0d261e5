"""The life of a commitment after it is made: kept, dropped with a reason, or given a new date.

Each function is one durable change through the store, made to the latest stored
commitment.  A new due date is recorded with the one it replaces, so the date
first agreed stays known and a slip is never silent.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.dates import show_date
from coach.errors import InvalidInput
from coach.model import Commitment, CommitmentStatus, Renegotiation
from coach.store import records
from coach.user_text import collapse

if TYPE_CHECKING:
    from coach.store.store import Store

REASON_LIMIT = 500


def _still_open(commitment: Commitment, doing: str) -> None:
    if commitment.status is not CommitmentStatus.OPEN:
        raise InvalidInput(
            f"It is already {commitment.status.value}: only an open one can be {doing}."
        )


def check_new_due(current: date | None, new_due: date | None, on: date) -> date:
    """The new due date, if it is one (raises InvalidInput saying why not)."""
    if new_due is None:
        raise InvalidInput("Give the new date it is due.")
    if new_due < on:
        raise InvalidInput(f"{show_date(new_due, on)} has already passed: choose a day to come.")
    if new_due == current:
        raise InvalidInput(f"It is already due {show_date(new_due, on)}.")
    return new_due


def clean_reason(reason: str) -> str:
    """The reason for dropping, on one line (raises InvalidInput when there is none)."""
    why = collapse(reason)
    if not why:
        raise InvalidInput("Say why it was dropped: it is part of the record.")
    if len(why) > REASON_LIMIT:
        raise InvalidInput(f"Keep the reason to {REASON_LIMIT} characters.")
    return why


def renegotiate(
    store: Store, commitment_id: str, new_due: date | None, on: date, note: str = ""
) -> Commitment:
    """Give an open commitment a new due date, keeping the old one in its history."""

    def change(commitment: Commitment) -> None:
        _still_open(commitment, "given a new date")
        due = check_new_due(commitment.due, new_due, on)
        commitment.history.append(Renegotiation(on, commitment.due, due, collapse(note)))
        commitment.due = due

    return store.change(records.COMMITMENTS, commitment_id, change)


def drop(store: Store, commitment_id: str, on: date, reason: str) -> Commitment:
    """Let an open commitment go, saying why."""
    why = clean_reason(reason)

    def change(commitment: Commitment) -> None:
        _still_open(commitment, "dropped")
        commitment.status = CommitmentStatus.DROPPED
        commitment.dropped_on = on
        commitment.drop_reason = why
        commitment.done_on = None

    return store.change(records.COMMITMENTS, commitment_id, change)


def mark_done(store: Store, commitment_id: str, on: date) -> Commitment:
    """Mark an open commitment kept, on `on`."""

    def change(commitment: Commitment) -> None:
        _still_open(commitment, "marked done")
        commitment.status = CommitmentStatus.DONE
        commitment.done_on = on

    return store.change(records.COMMITMENTS, commitment_id, change)


def describe_history(commitment: Commitment, today: date) -> list[str]:
    """Each renegotiation in words: 'moved from Fri 20 Nov to Fri 27 Nov on Thu 19 Nov: why'."""
    lines = []
    for change in commitment.history:
        old = show_date(change.old_due, today) or "no date"
        new = show_date(change.new_due, today) or "no date"
        late = change.old_due is not None and change.changed_on > change.old_due
        verb = "slipped" if late else "moved"
        line = f"{verb} from {old} to {new} on {show_date(change.changed_on, today)}"
        lines.append(f"{line}: {change.note}" if change.note else line)
    return lines
