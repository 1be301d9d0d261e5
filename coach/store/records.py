"""Converting between the model's dataclasses and the plain dicts stored on disk.

Every function builds fresh containers: stored documents are shared with the
storage's committed state and must never be mutated through a model object.
Missing fields take their defaults, so fields added later need no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, Protocol, TypeVar

from coach.dates import EARLIEST_YEAR, LATEST_YEAR, stored_day
from coach.model import (
    Cadence,
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Entry,
    EntryKind,
    Fact,
    FactKind,
    Owner,
    Person,
    PlannedQuestion,
    Renegotiation,
)
from coach.storage import layout

Record = dict[str, Any]


_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)
# The nearest moments coach keeps, for one stored outside them (by hand, or before the
# range was kept): year 1 or 9999 cannot be moved to another time zone, and so not shown.
_FIRST = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
_LAST = datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)


def _moment(value: Any) -> datetime:
    if not isinstance(value, str) or not value:
        return _LONG_AGO
    moment = datetime.fromisoformat(value)
    if moment.year < EARLIEST_YEAR:
        return _FIRST
    if moment.year > LATEST_YEAR:
        return _LAST
    # Compare like with like: a time written without an offset is taken as local.
    return moment if moment.tzinfo else moment.astimezone()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def person_to_record(person: Person) -> Record:
    """A person as stored."""
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role,
        "relationship": person.relationship,
        "cadence": person.cadence.value,
        "created": person.created.isoformat(),
    }


def person_from_record(record: Record) -> Person:
    """A person from storage."""
    return Person(
        id=record["id"],
        name=record.get("name", ""),
        role=record.get("role", ""),
        relationship=record.get("relationship", ""),
        cadence=Cadence(record.get("cadence", "")),
        created=_moment(record.get("created")),
    )


def conversation_to_record(conversation: Conversation) -> Record:
    """A conversation as stored."""
    return {
        "id": conversation.id,
        "person_id": conversation.person_id,
        "purpose": conversation.purpose,
        "date": _iso(conversation.date),
        "status": conversation.status.value,
        "notes": {step: dict(fields) for step, fields in conversation.notes.items()},
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "step": q.step,
                "asked": q.asked,
                "answer": q.answer,
                "planned": q.planned,
            }
            for q in conversation.questions
        ],
        "entries": [entry_to_record(entry) for entry in conversation.entries],
        "started": conversation.started.isoformat() if conversation.started else None,
        "next_checkin": _iso(conversation.next_checkin),
        "summary_confirmed": conversation.summary_confirmed,
        "correction": conversation.correction,
        "live_draft": conversation.live_draft,
        "look_back": dict(conversation.look_back),
        "created": conversation.created.isoformat(),
        "updated": conversation.updated.isoformat(),
    }


def conversation_from_record(record: Record) -> Conversation:
    """A conversation from storage."""
    return Conversation(
        id=record["id"],
        person_id=record.get("person_id", ""),
        purpose=record.get("purpose", ""),
        date=stored_day(record.get("date"), strict=True),
        status=ConversationStatus(record.get("status", "preparing")),
        notes={
            step: {key: str(text) for key, text in fields.items()}
            for step, fields in record.get("notes", {}).items()
        },
        questions=[
            PlannedQuestion(
                id=q["id"],
                text=q.get("text", ""),
                step=q.get("step", "objectives"),
                asked=bool(q.get("asked", False)),
                answer=q.get("answer", ""),
                planned=bool(q.get("planned", True)),
            )
            for q in record.get("questions", [])
        ],
        entries=[entry_from_record(entry) for entry in record.get("entries", [])],
        started=_moment(record["started"]) if record.get("started") else None,
        next_checkin=stored_day(record.get("next_checkin"), strict=True),
        summary_confirmed=bool(record.get("summary_confirmed", False)),
        correction=record.get("correction", ""),
        live_draft=record.get("live_draft", ""),
        look_back=_ratings(record.get("look_back")),
        created=_moment(record.get("created")),
        updated=_moment(record.get("updated")),
    )


def _ratings(value: object) -> dict[str, int]:
    """A conversation's look-back ratings as stored ({} before there were any)."""
    if not isinstance(value, dict):
        return {}
    return {
        str(key): rating
        for key, rating in value.items()
        if isinstance(rating, int) and not isinstance(rating, bool) and 0 <= rating <= 2
    }


def entry_to_record(entry: Entry) -> Record:
    """A captured line as stored."""
    return {
        "id": entry.id,
        "text": entry.text,
        "kind": entry.kind.value,
        "at": entry.at.isoformat(),
        "minute": entry.minute,
        "question_id": entry.question_id,
        "commitment_id": entry.commitment_id,
    }


def entry_from_record(record: Record) -> Entry:
    """A captured line from storage."""
    minute = record.get("minute")
    return Entry(
        id=record["id"],
        text=record.get("text", ""),
        kind=EntryKind(record.get("kind", "note")),
        at=_moment(record.get("at")),
        minute=minute if isinstance(minute, int) else None,
        question_id=record.get("question_id"),
        commitment_id=record.get("commitment_id"),
    )


def commitment_to_record(commitment: Commitment) -> Record:
    """A commitment as stored."""
    return {
        "id": commitment.id,
        "text": commitment.text,
        "owner": commitment.owner.value,
        "person_id": commitment.person_id,
        "conversation_id": commitment.conversation_id,
        "due": _iso(commitment.due),
        "status": commitment.status.value,
        "done_on": _iso(commitment.done_on),
        "dropped_on": _iso(commitment.dropped_on),
        "drop_reason": commitment.drop_reason,
        "history": [
            {
                "changed_on": change.changed_on.isoformat(),
                "old_due": _iso(change.old_due),
                "new_due": _iso(change.new_due),
                "note": change.note,
            }
            for change in commitment.history
        ],
        "revision": commitment.revision,
        "created": commitment.created.isoformat(),
    }


def commitment_from_record(record: Record) -> Commitment:
    """A commitment from storage."""
    return Commitment(
        id=record["id"],
        text=record.get("text", ""),
        owner=Owner(record.get("owner", "me")),
        person_id=record.get("person_id", ""),
        conversation_id=record.get("conversation_id"),
        due=stored_day(record.get("due"), strict=True),
        status=CommitmentStatus(record.get("status", "open")),
        done_on=stored_day(record.get("done_on"), strict=True),
        dropped_on=stored_day(record.get("dropped_on"), strict=True),
        drop_reason=record.get("drop_reason", ""),
        history=[
            Renegotiation(
                changed_on=stored_day(change.get("changed_on"), strict=True) or date.min,
                old_due=stored_day(change.get("old_due"), strict=True),
                new_due=stored_day(change.get("new_due"), strict=True),
                note=change.get("note", ""),
            )
            for change in record.get("history", [])
        ],
        revision=_count(record.get("revision")),
        created=_moment(record.get("created")),
    )


def fact_to_record(fact: Fact) -> Record:
    """A learned fact as stored."""
    return {
        "id": fact.id,
        "person_id": fact.person_id,
        "kind": fact.kind.value,
        "text": fact.text,
        "learned_on": fact.learned_on.isoformat(),
        "conversation_id": fact.conversation_id,
        "superseded_on": _iso(fact.superseded_on),
        "created": fact.created.isoformat(),
    }


def fact_from_record(record: Record) -> Fact:
    """A learned fact from storage."""
    created = _moment(record.get("created"))
    return Fact(
        id=record["id"],
        person_id=record.get("person_id", ""),
        kind=FactKind(record.get("kind", "matters")),
        text=record.get("text", ""),
        learned_on=stored_day(record.get("learned_on"), strict=True) or created.date(),
        conversation_id=record.get("conversation_id"),
        superseded_on=stored_day(record.get("superseded_on"), strict=True),
        created=created,
    )


class Identified(Protocol):
    """A record with an id of its own."""

    id: str


Item = TypeVar("Item", bound=Identified)


@dataclass(frozen=True)
class Codec(Generic[Item]):
    """How one kind of record is stored: its table, its name in messages, its conversions."""

    table: str
    noun: str
    write: Callable[[Item], Record]
    read: Callable[[Record], Item]


PEOPLE = Codec[Person](layout.PEOPLE, "person", person_to_record, person_from_record)
CONVERSATIONS = Codec[Conversation](
    layout.CONVERSATIONS, "conversation", conversation_to_record, conversation_from_record
)
COMMITMENTS = Codec[Commitment](
    layout.COMMITMENTS, "commitment", commitment_to_record, commitment_from_record
)
FACTS = Codec[Fact](layout.FACTS, "learned fact", fact_to_record, fact_from_record)


def _count(value: object) -> int:
    """A stored count; 0 for one written before the field was (or a bad value)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
