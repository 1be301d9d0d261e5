"""What happens to a conversation during the meeting: captured lines, questions asked, the end.

`capture` decides what a typed line makes (an entry, and the commitment or question
it brings), for the live screen and for the store alike: the one place entries and
commitments are built.  Each other function is one durable change through the
store, made to the latest stored conversation, so capture never overwrites what
the step screens saved and vice versa.  The line syntax is in coach.meeting.syntax,
the summary read back in coach.meeting.playback, meetings cut off in
coach.meeting.interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from coach.errors import StoreError
from coach.meeting.syntax import CapturedLine
from coach.model import (
    Commitment,
    Conversation,
    ConversationStatus,
    Entry,
    EntryKind,
    Owner,
    Person,
    PlannedQuestion,
)
from coach.store.store import Store


def minutes_since(conversation: Conversation, moment: datetime) -> int | None:
    """Whole minutes from the start of the meeting to `moment`."""
    if conversation.started is None:
        return None
    return max(int((moment - conversation.started).total_seconds() // 60), 0)


def begin(store: Store, conversation_id: str, at: datetime) -> Conversation:
    """Note when the meeting started (only the first time capture opens).

    Its status and date stay as they are: leaving capture, or being cut off, must not
    make a conversation in preparation look held. Ending the meeting does that.
    """

    def change(conversation: Conversation) -> None:
        if conversation.started is None:
            conversation.started = at

    return store.conversations.update(conversation_id, change)


@dataclass(frozen=True)
class Captured:
    """A captured line as it will be stored: its entry, and the commitment or question it
    makes, with their ids already fixed (so the screen can show and refer to them at once)."""

    entry: Entry
    commitment: Commitment | None = None
    question: PlannedQuestion | None = None


def capture(
    conversation: Conversation, line: CapturedLine, at: datetime, *, answering: str | None = None
) -> Captured:
    """What `line`, entered at `at`, makes in this conversation (nothing is stored yet).

    A commitment is owned as the line says; a question is one asked that was not
    planned; any other line answers the question being answered, if there is one.
    """
    entry = Entry(line.text, line.kind, at, minutes_since(conversation, at))
    if line.kind is EntryKind.COMMITMENT:
        commitment = Commitment(
            text=line.text,
            owner=line.owner or Owner.ME,
            person_id=conversation.person_id,
            conversation_id=conversation.id,
            due=line.due,
        )
        entry.commitment_id = commitment.id
        return Captured(entry, commitment=commitment)
    if line.kind is EntryKind.QUESTION:
        question = PlannedQuestion(text=line.text, asked=True, planned=False)
        entry.question_id = question.id
        return Captured(entry, question=question)
    entry.question_id = answering
    return Captured(entry)


def add(store: Store, conversation_id: str, captured: Captured) -> tuple[Entry, Conversation]:
    """Store a captured line (and the commitment or question it makes), all or nothing."""
    # Copies: the screen keeps showing its own while this runs on the writer's thread.
    entry = replace(captured.entry)
    with store.transaction():
        if captured.commitment is not None:
            store.commitments.add(replace(captured.commitment))

        def change(conversation: Conversation) -> None:
            entry.minute = minutes_since(conversation, entry.at)
            if captured.question is not None:
                conversation.questions.append(replace(captured.question))
            conversation.entries.append(entry)
            _sync_answers(conversation, {entry.question_id})

        updated = store.conversations.update(conversation_id, change)
    return entry, updated


def revise(store: Store, conversation_id: str, entry_id: str, line: CapturedLine) -> Conversation:
    """Replace what an entry says (and the commitment it made, if it made one)."""
    with store.transaction():
        conversation = _conversation(store, conversation_id)
        entry = next((e for e in conversation.entries if e.id == entry_id), None)
        if entry is None:
            raise StoreError("That line is no longer stored.")
        if entry.commitment_id and line.kind is EntryKind.COMMITMENT:
            store.commitments.edit(
                entry.commitment_id, text=line.text, owner=line.owner, due=line.due
            )
        elif entry.commitment_id:
            store.commitments.delete(entry.commitment_id)
        elif line.kind is EntryKind.COMMITMENT:
            made = capture(conversation, line, entry.at).commitment
            assert made is not None  # a commitment line always makes one
            entry.commitment_id = store.commitments.add(made).id

        def change(stored: Conversation) -> None:
            for index, old in enumerate(stored.entries):
                if old.id == entry_id:
                    stored.entries[index] = Entry(
                        text=line.text,
                        kind=line.kind,
                        at=old.at,
                        minute=old.minute,
                        question_id=old.question_id,
                        commitment_id=entry.commitment_id
                        if line.kind is EntryKind.COMMITMENT
                        else None,
                        id=old.id,
                    )
            _sync_answers(stored, {entry.question_id})

        return store.conversations.update(conversation_id, change)


def remove(store: Store, conversation_id: str, entry_id: str) -> Conversation:
    """Delete a captured line, and the commitment it made."""
    with store.transaction():
        conversation = _conversation(store, conversation_id)
        entry = next((e for e in conversation.entries if e.id == entry_id), None)
        if entry is not None and entry.commitment_id:
            store.commitments.delete(entry.commitment_id)

        def change(stored: Conversation) -> None:
            stored.entries = [e for e in stored.entries if e.id != entry_id]
            _sync_answers(stored, {entry.question_id if entry else None})

        return store.conversations.update(conversation_id, change)


def mark_asked(store: Store, conversation_id: str, question_id: str, asked: bool) -> Conversation:
    """Tick a planned question as asked (or untick it)."""

    def change(conversation: Conversation) -> None:
        question = conversation.question(question_id)
        if question is not None:
            question.asked = asked

    return store.conversations.update(conversation_id, change)


def conversation_for(store: Store, name: str) -> tuple[Person | None, Conversation | None]:
    """The person called `name` (if known) and the conversation to capture: their
    soonest one in preparation, if there is one."""
    person = store.people.named(name)
    if person is None:
        return None, None
    preparing = store.conversations.find(person_id=person.id, status=ConversationStatus.PREPARING)
    preparing.sort(key=lambda c: (c.date is None, c.date or date.max))
    return person, (preparing[0] if preparing else None)


def save_draft(store: Store, conversation_id: str, text: str) -> Conversation:
    """Keep a half-typed capture line until capture opens again."""

    def change(conversation: Conversation) -> None:
        conversation.live_draft = text

    return store.conversations.update(conversation_id, change)


def end(
    store: Store, conversation_id: str, summary: str, confirmed: bool, correction: str
) -> Conversation:
    """Record the played-back summary and whether they confirmed it, or what they corrected."""

    def change(conversation: Conversation) -> None:
        conversation.notes.setdefault("follow_through", {})["summary"] = summary
        conversation.summary_confirmed = confirmed
        conversation.correction = correction
        if conversation.status is ConversationStatus.PREPARING:
            # The meeting is over: held, on the day it began.
            conversation.status = ConversationStatus.HELD
            if conversation.started is not None:
                conversation.date = conversation.started.date()

    return store.conversations.update(conversation_id, change)


def rate(store: Store, conversation_id: str, ratings: dict[str, int]) -> Conversation:
    """Keep how the leader rated holding the meeting (the look back when it ended)."""

    def change(conversation: Conversation) -> None:
        conversation.look_back = dict(ratings)

    return store.conversations.update(conversation_id, change)


def _conversation(store: Store, conversation_id: str) -> Conversation:
    conversation = store.conversations.get(conversation_id)
    if conversation is None:
        raise StoreError("That conversation is no longer stored.")
    return conversation


def _sync_answers(conversation: Conversation, touched: set[str | None]) -> None:
    """A question's answer is the lines captured against it, in order."""
    for question in conversation.questions:
        if question.id in touched:
            question.answer = "\n".join(
                e.text
                for e in conversation.entries
                if e.question_id == question.id and e.kind is not EntryKind.QUESTION
            )
