"""Commitments, from the moment one is made: every read and change of one.

After it is made, a commitment is kept, dropped with a reason, or given a new
date; a new due date is recorded with the one it replaces, so the date first
agreed stays known and a slip is never silent.  Each change is made to the
latest stored commitment under one lock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from coach.dates import show_date
from coach.errors import InvalidInput
from coach.model import Commitment, CommitmentStatus, Owner, Renegotiation
from coach.store import records
from coach.store.shelf import UNSET, Shelf, Tables
from coach.store.views import CommitmentView
from coach.user_text import collapse, trim

REASON_LIMIT = 500


class Commitments(Shelf[Commitment]):
    """Every commitment; lists come soonest due first, those with no date last."""

    def __init__(self, tables: Tables) -> None:
        super().__init__(tables, records.COMMITMENTS)

    # -- reading ------------------------------------------------------------------

    def find(
        self,
        *,
        person_id: str | None = None,
        conversation_id: str | None = None,
        status: CommitmentStatus | None = None,
    ) -> list[Commitment]:
        """Commitments, soonest due first (those with no date last)."""
        wanted = status.value if status is not None else None  # once, not per document
        found = self._find(
            lambda doc: (
                (person_id is None or doc.get("person_id") == person_id)
                and (conversation_id is None or doc.get("conversation_id") == conversation_id)
                and (wanted is None or doc.get("status") == wanted)
            ),
            # An open one is never settled, nor left for later (coach.store.placement).
            first=status is CommitmentStatus.OPEN,
        )
        return sorted(found, key=due_order)

    def all(self) -> list[Commitment]:
        """Every commitment, in no order (for totals, where sorting would be wasted)."""
        return self._find()

    def since(self, day: date) -> list[Commitment]:
        """At least every commitment still open or with a date from `day` on, in no order
        (others may come too): what the ledger of the months from `day` needs, read from
        what is at hand when that holds them all."""
        return self._find(at_hand=self._tables.at_hand(self._codec.table, day))

    def views(self, *, at_hand: bool = False) -> list[CommitmentView]:
        """Every commitment as a read-only view, in no order (cheap: for lists); only
        those at hand (the open ones and the latest months') if `at_hand`."""
        with self._tables.lock:
            return [CommitmentView.of(doc) for doc in self._documents(at_hand=at_hand)]

    def open_views(self) -> list[CommitmentView]:
        """The open commitments as read-only views, soonest due first (those with no date
        last): the dashboard's list, without making a whole record of each."""
        with self._tables.lock:
            found = [
                CommitmentView.of(doc)
                for doc in self._documents(first=True)  # (see `find`)
                if doc.get("status", "open") == "open"
            ]
        return sorted(found, key=lambda c: (c.due is None, c.due or date.max, c.created))

    def views_made_in(self, conversation_ids: set[str]) -> list[CommitmentView]:
        """The commitments made in these conversations, as views, from those at hand (all
        of them for conversations of the latest months)."""
        with self._tables.lock:
            return [
                CommitmentView.of(doc)
                for doc in self._documents(at_hand=True)
                if doc.get("conversation_id") in conversation_ids
            ]

    # -- making and editing ------------------------------------------------------------

    def add(self, commitment: Commitment) -> Commitment:
        """Store a new commitment; it must say what was promised."""
        commitment.text = trim(commitment.text)
        if not commitment.text:
            raise InvalidInput("Say what was promised.")
        return self._put(commitment)

    def edit(
        self,
        commitment_id: str,
        *,
        text: str = UNSET,
        owner: Owner | None = UNSET,
        due: date | None = UNSET,
    ) -> Commitment:
        """Change what a commitment says, who owns it or when it is due."""

        def change(commitment: Commitment) -> None:
            if text is not UNSET:
                if not trim(text):
                    raise InvalidInput("Say what was promised.")
                commitment.text = trim(text)
            if owner is not UNSET and owner is not None:
                commitment.owner = owner
            if due is not UNSET:
                commitment.due = due

        return self._revise(commitment_id, change)

    def _revise(self, commitment_id: str, change: Callable[[Commitment], None]) -> Commitment:
        """`change`, counted as one more revision (a calendar's SEQUENCE)."""

        def revise(commitment: Commitment) -> None:
            change(commitment)
            commitment.revision += 1

        return self._change(commitment_id, revise)

    def delete(self, commitment_id: str) -> None:
        """Remove a commitment entered by mistake."""
        self._delete([commitment_id])

    # -- what became of it -------------------------------------------------------------

    def set_status(self, commitment_id: str, status: CommitmentStatus, today: date) -> Commitment:
        """Mark a commitment open or done (today), whatever it was: the toggle of the lists.

        To close out an open one from a dialog, `mark_done`; to drop one, `drop`.
        """
        if status is CommitmentStatus.DROPPED:
            raise InvalidInput("Say why it was dropped.")

        def change(commitment: Commitment) -> None:
            commitment.status = status
            commitment.done_on = today if status is CommitmentStatus.DONE else None
            commitment.dropped_on, commitment.drop_reason = None, ""

        return self._revise(commitment_id, change)

    def mark_done(self, commitment_id: str, on: date) -> Commitment:
        """Mark an open commitment kept, on `on` (refused when it is not open)."""

        def change(commitment: Commitment) -> None:
            _still_open(commitment, "marked done")
            commitment.status = CommitmentStatus.DONE
            commitment.done_on = on

        return self._revise(commitment_id, change)

    def drop(self, commitment_id: str, on: date, reason: str) -> Commitment:
        """Let an open commitment go, saying why."""
        why = clean_reason(reason)

        def change(commitment: Commitment) -> None:
            _still_open(commitment, "dropped")
            commitment.status = CommitmentStatus.DROPPED
            commitment.dropped_on = on
            commitment.drop_reason = why
            commitment.done_on = None

        return self._revise(commitment_id, change)

    def renegotiate(
        self, commitment_id: str, new_due: date | None, on: date, note: str = ""
    ) -> Commitment:
        """Give an open commitment a new due date, keeping the old one in its history."""

        def change(commitment: Commitment) -> None:
            _still_open(commitment, "given a new date")
            due = check_new_due(commitment.due, new_due, on)
            commitment.history.append(Renegotiation(on, commitment.due, due, collapse(note)))
            commitment.due = due

        return self._revise(commitment_id, change)


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


def due_order(commitment: Commitment) -> tuple[bool, date, str]:
    """Sort key: earliest due first (so overdue ones lead), undated last."""
    return (commitment.due is None, commitment.due or date.max, commitment.created.isoformat())
