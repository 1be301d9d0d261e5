"""Conversations, from preparation to follow-through: every read and change of one.

Each change is a targeted edit (these notes, this question, that detail) made
through `update` to the latest stored conversation under one lock, so two parts
of the app changing the same conversation never overwrite each other's work.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from coach.errors import InvalidInput, StoreError
from coach.model import Conversation, ConversationStatus, Person, PlannedQuestion, now
from coach.storage import layout
from coach.store import placement, records
from coach.store.records import Record
from coach.store.shelf import UNSET, Shelf, Tables
from coach.store.views import ConversationView
from coach.user_text import trim

if TYPE_CHECKING:
    from coach.store.people import People


class Conversations(Shelf[Conversation]):
    """Every conversation; lists come newest first."""

    def __init__(self, tables: Tables, people: People) -> None:
        super().__init__(tables, records.CONVERSATIONS)
        self._people = people

    # -- reading ------------------------------------------------------------------

    def find(
        self, *, person_id: str | None = None, status: ConversationStatus | None = None
    ) -> list[Conversation]:
        """Conversations, newest first, optionally one person's or in one status."""
        wanted = status.value if status is not None else None  # once, not per document
        # One being prepared is never settled, nor left for later (coach.store.placement).
        preparing = status is ConversationStatus.PREPARING
        with self._tables.lock:
            docs = [
                doc
                for doc in self._documents(first=preparing)
                if (person_id is None or doc.get("person_id") == person_id)
                and (wanted is None or doc.get("status") == wanted)
            ]
        docs.sort(key=_newest_first, reverse=True)
        return [records.conversation_from_record(doc) for doc in docs]

    def views(
        self, *, at_hand: bool = False, person_id: str | None = None
    ) -> list[ConversationView]:
        """Every conversation as a read-only view, in no order (cheap: for lists); only
        those at hand (the latest months, see coach.store.placement) if `at_hand`, only
        one person's if `person_id` (picked before any view is made: with 100,000
        conversations, making them all takes a third of a second)."""
        with self._tables.lock:
            docs = self._documents(at_hand=at_hand)
            if person_id is not None:
                docs = [doc for doc in docs if doc.get("person_id") == person_id]
            return [ConversationView.of(doc) for doc in docs]

    def latest_views(self, count: int) -> list[ConversationView]:
        """The `count` latest conversations at hand (any status), newest first, as views:
        a screenful, read in milliseconds whatever the history."""
        with self._tables.lock:
            docs = heapq.nlargest(count, self._documents(at_hand=True), key=_newest_first)
        return [ConversationView.of(doc) for doc in docs]

    def views_since(self, day: date) -> list[ConversationView]:
        """At least the conversations being prepared, those dated from `day` on and each
        person's last one held, as views in no order (others may come too): what the
        rhythm and the dashboard need, read from what is at hand when that holds them."""
        with self._tables.lock:
            at_hand = self._tables.at_hand(self._codec.table, day)
            return [ConversationView.of(doc) for doc in self._documents(at_hand=at_hand)]

    def recent(self, limit: int) -> list[Conversation]:
        """The latest conversations already held (held or done), newest first."""
        with self._tables.lock:
            # The RECENT_KEPT latest are at hand, before the data file's later section
            # (coach.store.placement); a change since (one removed, a date moved back) may
            # have taken one of them out of the latest.
            changed = self._tables.changed_since_written(self._codec.table)
            first = limit + changed <= placement.RECENT_KEPT
            docs = heapq.nlargest(
                limit,
                (
                    d
                    for d in self._documents(at_hand=limit <= placement.RECENT_KEPT, first=first)
                    if d.get("status") != "preparing"
                ),
                key=_newest_first,
            )
        return [records.conversation_from_record(doc) for doc in docs]

    def last(self, person_id: str, before: str | None = None) -> Conversation | None:
        """The most recent conversation with this person other than `before`."""
        with self._tables.lock:
            # Their last one is at hand (held or being prepared); the one before it may not be.
            docs = [
                d
                for d in self._documents(at_hand=before is None)
                if d.get("person_id") == person_id and d.get("id") != before
            ]
        if not docs:
            return None
        return records.conversation_from_record(max(docs, key=_newest_first))

    # -- starting and ending ------------------------------------------------------------

    def start(
        self, person: Person, purpose: str, day: date | None, *, new_person: bool = False
    ) -> Conversation:
        """Begin preparing a conversation, adding the person too when they are new."""
        if not purpose:
            raise InvalidInput("Choose a purpose for the conversation.")
        conversation = Conversation(person_id=person.id, purpose=purpose, date=day)
        with self._tables.transaction():
            if new_person:
                self._people.add_new(person)
            elif self._people.get(person.id) is None:
                raise InvalidInput("That person is no longer stored.")
            self._put(conversation)
        return conversation

    def delete(self, conversation_id: str) -> None:
        """Remove a conversation and the commitments made in it."""
        with self._tables.transaction():
            self._delete([conversation_id])  # the whole history read first (see Shelf)
            commitments = self._tables.table(layout.COMMITMENTS)
            made_in = [
                doc["id"]
                for doc in commitments.stored()
                if doc.get("conversation_id") == conversation_id
            ]
            if made_in:
                commitments.delete(made_in)

    # -- changing -------------------------------------------------------------------

    def update(self, conversation_id: str, change: Callable[[Conversation], None]) -> Conversation:
        """Apply `change` to the latest stored conversation and store it durably.

        The read and the write happen under one lock, so concurrent changes to other
        parts of the same conversation are never lost.
        """
        with self._tables.lock:
            conversation = self.get(conversation_id)
            if conversation is None:
                raise StoreError("That conversation is no longer stored.")
            held, when, who = conversation.status, conversation.date, conversation.person_id
            change(conversation)
            conversation.updated = now()
            if held is not ConversationStatus.PREPARING and (
                (held, when, who)
                != (conversation.status, conversation.date, conversation.person_id)
            ):
                # It may have been someone's last conversation, or one of the latest: the
                # one that takes its place may be settled, so the history is read first.
                self._tables.everything()
            self._put(conversation)
        return conversation

    def set_notes(self, conversation_id: str, step: str, fields: dict[str, str]) -> Conversation:
        """Replace the given fields of one step; other fields and steps are kept."""

        def change(conversation: Conversation) -> None:
            conversation.notes.setdefault(step, {}).update(fields)

        return self.update(conversation_id, change)

    def set_details(
        self,
        conversation_id: str,
        *,
        purpose: str = UNSET,
        day: date | None = UNSET,
        status: ConversationStatus = UNSET,
        next_checkin: date | None = UNSET,
        summary_confirmed: bool = UNSET,
    ) -> Conversation:
        """Change the conversation's own details; only the arguments given change."""

        def change(conversation: Conversation) -> None:
            if purpose is not UNSET:
                conversation.purpose = purpose
            if day is not UNSET:
                conversation.date = day
            if status is not UNSET:
                conversation.status = status
            if next_checkin is not UNSET:
                conversation.next_checkin = next_checkin
            if summary_confirmed is not UNSET:
                conversation.summary_confirmed = summary_confirmed

        return self.update(conversation_id, change)

    def add_question(self, conversation_id: str, question: PlannedQuestion) -> Conversation:
        """Add a question to the plan, unless the same question is already there."""
        text = trim(question.text)
        if not text:
            raise InvalidInput("Type the question first.")
        question.text = text

        def change(conversation: Conversation) -> None:
            if all(q.text.casefold() != text.casefold() for q in conversation.questions):
                conversation.questions.append(question)

        return self.update(conversation_id, change)

    def remove_question(self, conversation_id: str, question_id: str) -> Conversation:
        """Take a question out of the plan."""

        def change(conversation: Conversation) -> None:
            conversation.questions = [q for q in conversation.questions if q.id != question_id]

        return self.update(conversation_id, change)


def _newest_first(doc: Record) -> tuple[str, str]:
    # The day it is held (else created), then the moment it was created: ISO sorts in time.
    return (str(doc.get("date") or doc.get("created", ""))[:10], str(doc.get("created", "")))
