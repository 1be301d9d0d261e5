"""Read-only views of stored documents: the few fields a list needs, read cheaply.

Every reader of raw documents outside the record codecs goes through these: the
rhythm and the nudges, the review table and search, imports, and the shell
commands that read the data file without TinyDB.  So the stored shape has one
owner, this module and coach.store.records, and a field renamed on disk is
renamed here only.

A view reads only what lists and filters need, without building the whole record
(the dashboard reads thousands of them, `coach commitments` every one), and is
tolerant: a missing or malformed day reads as no day, as the lists always have.
`whole()` reads the full record with its codec, which is strict.  Views are named
tuples, immutable and the quickest to build; their `document` is the stored one
itself, shared with the storage's committed state, so it is never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from coach.dates import day_of_moment, stored_day
from coach.model import Cadence, Commitment, Conversation, ConversationStatus, Person
from coach.store import records
from coach.store.records import Record

_CADENCES = {cadence.value: cadence for cadence in Cadence}
_PREPARING = ConversationStatus.PREPARING.value


class PersonView(NamedTuple):
    """A stored person: who, and the rhythm wanted with them."""

    id: str
    name: str
    cadence: Cadence
    document: Record  # as stored: never changed through a view

    @classmethod
    def of(cls, document: Record) -> PersonView:
        """The view of one stored person document (fields in order: built by position,
        the quickest way)."""
        return cls(
            str(document.get("id")),
            str(document.get("name", "")),
            _CADENCES.get(str(document.get("cadence", "")), Cadence.NONE),
            document,
        )

    def whole(self) -> Person:
        """The whole record."""
        return records.person_from_record(self.document)


class ConversationView(NamedTuple):
    """A stored conversation: with whom, why, where it stands and when."""

    id: str
    person_id: str
    purpose: str
    status: str  # as stored: "preparing", "held" or "done"
    date: dt.date | None  # the day it is (or was) held, if one was set
    created_day: dt.date  # the day it was created (date.min if that is unknown)
    document: Record  # as stored: never changed through a view

    @classmethod
    def of(cls, document: Record) -> ConversationView:
        """The view of one stored conversation document."""
        person = document.get("person_id")
        return cls(
            str(document.get("id")),
            person if isinstance(person, str) else "",
            str(document.get("purpose", "")),
            str(document.get("status", _PREPARING)),
            stored_day(document.get("date")),
            day_of_moment(document.get("created")) or dt.date.min,
            document,
        )

    @property
    def day(self) -> dt.date:
        """When it is (or was) held; the day it was created if no day was set."""
        return self.date or self.created_day

    @property
    def held(self) -> bool:
        """Held or done, not still in preparation."""
        return self.status != _PREPARING

    @property
    def correction(self) -> str:
        """What they corrected when the summary was played back ('' when nothing)."""
        return str(self.document.get("correction") or "")

    @property
    def summary_confirmed(self) -> bool:
        """Whether they confirmed the summary played back."""
        return self.document.get("summary_confirmed") is True

    @property
    def look_back(self) -> dict[str, int]:
        """How the leader rated holding it ({} when not rated; bad values left out)."""
        found = self.document.get("look_back")
        if not isinstance(found, dict):
            return {}
        return {
            str(key): value
            for key, value in found.items()
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2
        }

    def notes(self) -> Iterator[tuple[str, str]]:
        """(step key, text) for every filled field of every step."""
        for step, fields in (self.document.get("notes") or {}).items():
            for text in fields.values():
                if text:
                    yield step, str(text)

    def questions(self) -> Iterator[tuple[str, str]]:
        """(question, answer) for every question of the plan ('' when unanswered)."""
        for question in self.document.get("questions") or []:
            yield str(question.get("text", "")), str(question.get("answer") or "")

    def entries(self) -> Iterator[tuple[str, str]]:
        """(kind, text) for every line captured during the meeting, in order."""
        for entry in self.document.get("entries") or []:
            yield str(entry.get("kind")), str(entry.get("text", ""))

    def whole(self) -> Conversation:
        """The whole record."""
        return records.conversation_from_record(self.document)


class CommitmentView(NamedTuple):
    """A stored commitment: what, whose, with whom, and when it is due."""

    id: str
    person_id: str
    conversation_id: str | None
    text: str
    owner: str  # as stored: "me", "them" or "both"
    status: str  # as stored: "open", "done" or "dropped"
    due: dt.date | None
    created: str  # the moment it was made, as stored (ISO: sorts in time order)
    document: Record  # as stored: never changed through a view

    @classmethod
    def of(cls, document: Record) -> CommitmentView:
        """The view of one stored commitment document."""
        person, conversation = document.get("person_id"), document.get("conversation_id")
        return cls(
            str(document.get("id")),
            person if isinstance(person, str) else "",
            conversation if isinstance(conversation, str) else None,
            str(document.get("text", "")),
            str(document.get("owner", "me")),
            str(document.get("status", "open")),
            stored_day(document.get("due")),
            str(document.get("created", "")),
            document,
        )

    @property
    def is_open(self) -> bool:
        """Still to do."""
        return self.status == "open"

    def is_overdue(self, today: dt.date) -> bool:
        """Open, and due before `today`."""
        return self.is_open and self.due is not None and self.due < today

    def whole(self) -> Commitment:
        """The whole record."""
        return records.commitment_from_record(self.document)
