"""What coach knows about: people, conversations and commitments (plain data, no I/O)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


def new_id() -> str:
    """A fresh id, unique across machines so exports can be merged later."""
    return uuid.uuid4().hex


def now() -> datetime:
    """The current local time, to the second, with its offset."""
    return datetime.now().astimezone().replace(microsecond=0)


class ConversationStatus(StrEnum):
    """Where a conversation is in its life."""

    PREPARING = "preparing"
    HELD = "held"
    DONE = "done"


class Owner(StrEnum):
    """Who made a commitment: the leader, the other person, or both together."""

    ME = "me"
    THEM = "them"
    BOTH = "both"


class CommitmentStatus(StrEnum):
    """Whether a commitment is still to do, kept, or let go."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Cadence(StrEnum):
    """How often the leader wants to talk with someone ("" when there is no set rhythm)."""

    NONE = ""
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class FactKind(StrEnum):
    """What a learned fact is about (coach.memory.facts holds the words shown for each)."""

    MANAGEMENT = "management"  # how they like to be managed
    FEEDBACK = "feedback"  # how they like to receive feedback
    MATTERS = "matters"  # what matters to them at work
    ASPIRATION = "aspiration"
    SKILL = "skill"  # a skill they want to develop
    CONCERN = "concern"


class EntryKind(StrEnum):
    """What a line captured during the meeting is."""

    NOTE = "note"
    QUOTE = "quote"  # the other person's own words
    DECISION = "decision"
    CONCERN = "concern"  # a concern they raised
    COMMITMENT = "commitment"  # the line that made a commitment (see commitment_id)
    QUESTION = "question"  # a question asked that was not in the plan


RELATIONSHIPS = (
    "direct report",
    "peer",
    "my manager",
    "skip-level",
    "stakeholder",
    "partner organisation",
    "other",
)


@dataclass
class Person:
    """Someone the leader holds conversations with."""

    name: str
    role: str = ""
    relationship: str = ""
    cadence: Cadence = Cadence.NONE  # the rhythm of conversations the leader wants
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=now)


@dataclass
class PlannedQuestion:
    """A question the leader means to ask, and later whether and how it was answered."""

    text: str
    step: str = "objectives"
    asked: bool = False
    answer: str = ""
    planned: bool = True  # False for a question added during the meeting
    id: str = field(default_factory=new_id)


@dataclass
class Entry:
    """One line captured during the meeting, stamped with the time it was entered."""

    text: str
    kind: EntryKind = EntryKind.NOTE
    at: datetime = field(default_factory=now)
    minute: int | None = None  # minutes since the meeting started
    question_id: str | None = None  # the question this line answers
    commitment_id: str | None = None  # the commitment this line made
    id: str = field(default_factory=new_id)


@dataclass
class Conversation:
    """One alliance conversation with one person, from preparation to follow-through."""

    person_id: str
    purpose: str
    date: dt.date | None = None
    status: ConversationStatus = ConversationStatus.PREPARING
    # step key -> field key -> text, e.g. notes["safety"]["feedback"].
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    questions: list[PlannedQuestion] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # captured live, in order
    started: datetime | None = None  # when the meeting began (live capture)
    next_checkin: dt.date | None = None
    summary_confirmed: bool = False
    correction: str = ""  # what they corrected when the summary was played back
    live_draft: str = ""  # a half-typed capture line, kept over a quit
    # How the leader rated holding it when it ended (guidance.look_back): key -> 0, 1 or 2.
    look_back: dict[str, int] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=now)
    updated: datetime = field(default_factory=now)

    def question(self, question_id: str | None) -> PlannedQuestion | None:
        """The question with this id, if it is in the plan."""
        return next((q for q in self.questions if q.id == question_id), None)

    def note(self, step: str, key: str) -> str:
        """The text of one field of one step ('' when empty)."""
        return self.notes.get(step, {}).get(key, "")


@dataclass
class Renegotiation:
    """A due date changed after the promise was made: when, from what to what, and why."""

    changed_on: date
    old_due: date | None
    new_due: date | None
    note: str = ""


@dataclass
class Commitment:
    """A promise made in a conversation: who, what, by when, and what became of it."""

    text: str
    owner: Owner
    person_id: str
    conversation_id: str | None = None
    due: date | None = None  # the current due date (after any renegotiation)
    status: CommitmentStatus = CommitmentStatus.OPEN
    done_on: date | None = None
    dropped_on: date | None = None
    drop_reason: str = ""
    # Every change of due date, oldest first: a slip is never silent.
    history: list[Renegotiation] = field(default_factory=list)
    # How many times it was changed after it was made (a calendar's SEQUENCE: an undo or
    # an edit is a change too, which the history of due dates alone would not show).
    revision: int = 0
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=now)

    @property
    def original_due(self) -> date | None:
        """The due date first agreed, before any renegotiation."""
        return self.history[0].old_due if self.history else self.due

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.status is CommitmentStatus.OPEN and self.due is not None and self.due < today


@dataclass
class Fact:
    """Something learned about a person: how they like to work, what matters, what they want."""

    person_id: str
    kind: FactKind
    text: str
    learned_on: date
    conversation_id: str | None = None  # the conversation it came from, if any
    superseded_on: date | None = None  # set when something newer replaced it
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=now)

    @property
    def current(self) -> bool:
        """Whether it still holds (nothing newer has replaced it)."""
        return self.superseded_on is None
