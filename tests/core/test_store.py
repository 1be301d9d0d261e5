"""The store: what a leader stores comes back, and bad input changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.errors import InvalidInput
from coach.model import (
    Commitment,
    CommitmentStatus,
    ConversationStatus,
    Owner,
    Person,
    PlannedQuestion,
)
from coach.store.store import Store
from tests.conftest import TODAY

AWKWARD = "[/] [bold]not bold[/bold] [@click=app.quit]x[/] \x1b[31mred\x1b[0m 🙂 ünïcödé \ud800"


def start(store: Store, name: str = "Alex Kim") -> tuple[Person, str]:
    person = Person(name=name, role="Designer", relationship="direct report")
    conversation = store.conversations.start(person, "building-trust", TODAY, new_person=True)
    return person, conversation.id


def test_a_new_person_and_conversation_are_stored_together(
    file_store: Store, data_dir: Path
) -> None:
    """Starting a conversation with someone new stores both, and both survive a reopen."""
    person, conversation_id = start(file_store)
    file_store.close()
    reopened = Store.open(data_dir)
    try:
        assert [p.name for p in reopened.people.all()] == ["Alex Kim"]
        conversation = reopened.conversations.get(conversation_id)
        assert conversation is not None
        assert conversation.person_id == person.id
        assert conversation.status is ConversationStatus.PREPARING
        assert conversation.date == TODAY
    finally:
        reopened.close()


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_an_empty_name_is_refused_and_nothing_is_stored(store: Store, name: str) -> None:
    """A person needs a name; the refusal leaves the data as it was."""
    with pytest.raises(InvalidInput, match="name"):
        store.conversations.start(Person(name=name), "building-trust", None, new_person=True)
    with pytest.raises(InvalidInput, match="name"):
        store.people.add(name)
    assert store.people.all() == []
    assert store.conversations.find() == []


def test_the_same_name_twice_is_refused(store: Store) -> None:
    """Names identify people in the app, so a second 'alex kim' is refused."""
    start(store)
    with pytest.raises(InvalidInput, match="already"):
        store.people.add("  alex   KIM ")
    assert len(store.people.all()) == 1


def test_a_name_that_is_too_long_is_refused(store: Store) -> None:
    """A name of 201 characters is refused with the limit in the message."""
    with pytest.raises(InvalidInput, match="200"):
        store.people.add("x" * 201)


def test_notes_are_kept_exactly_as_typed(file_store: Store, data_dir: Path) -> None:
    """Long notes, markup-like text, escapes, emoji and odd code points survive byte for byte."""
    _, conversation_id = start(file_store)
    long_note = ("A note of five thousand characters. " * 140)[:5000]
    file_store.conversations.set_notes(
        conversation_id, "safety", {"setting": long_note, "opening": AWKWARD}
    )
    file_store.close()
    reopened = Store.open(data_dir)
    try:
        conversation = reopened.conversations.get(conversation_id)
        assert conversation is not None
        assert conversation.note("safety", "setting") == long_note
        assert conversation.note("safety", "opening") == AWKWARD
    finally:
        reopened.close()


def test_setting_one_step_keeps_the_others(store: Store) -> None:
    """Saving one step's fields never wipes another step or another field."""
    _, conversation_id = start(store)
    store.conversations.set_notes(conversation_id, "objectives", {"outcomes": "Agree goals"})
    store.conversations.set_notes(conversation_id, "safety", {"setting": "Walk"})
    store.conversations.set_notes(conversation_id, "objectives", {"topics": "Workload"})
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    assert conversation.notes == {
        "objectives": {"outcomes": "Agree goals", "topics": "Workload"},
        "safety": {"setting": "Walk"},
    }


def test_editing_a_returned_conversation_does_not_change_the_store(store: Store) -> None:
    """Objects handed out are copies: changing one in memory stores nothing."""
    _, conversation_id = start(store)
    store.conversations.set_notes(conversation_id, "objectives", {"outcomes": "Agree goals"})
    copy = store.conversations.get(conversation_id)
    assert copy is not None
    copy.notes["objectives"]["outcomes"] = "changed in memory only"
    copy.questions.append(PlannedQuestion("Not planned"))
    again = store.conversations.get(conversation_id)
    assert again is not None
    assert again.note("objectives", "outcomes") == "Agree goals"
    assert again.questions == []


def test_questions_are_added_once_and_removed(store: Store) -> None:
    """The plan holds each question once, whatever its case; removing takes it out."""
    _, conversation_id = start(store)
    store.conversations.add_question(
        conversation_id, PlannedQuestion("How do you like to receive feedback?")
    )
    store.conversations.add_question(
        conversation_id, PlannedQuestion("how do you like to receive FEEDBACK?")
    )
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    assert [q.text for q in conversation.questions] == ["How do you like to receive feedback?"]
    store.conversations.remove_question(conversation_id, conversation.questions[0].id)
    emptied = store.conversations.get(conversation_id)
    assert emptied is not None and emptied.questions == []
    with pytest.raises(InvalidInput):
        store.conversations.add_question(conversation_id, PlannedQuestion("   "))


def test_details_change_only_what_is_given(store: Store) -> None:
    """Setting the status leaves the date and purpose alone; None clears a date."""
    _, conversation_id = start(store)
    store.conversations.set_details(conversation_id, status=ConversationStatus.HELD)
    store.conversations.set_details(conversation_id, next_checkin=TODAY + timedelta(days=14))
    store.conversations.set_details(conversation_id, day=None)
    conversation = store.conversations.get(conversation_id)
    assert conversation is not None
    assert conversation.status is ConversationStatus.HELD
    assert conversation.purpose == "building-trust"
    assert conversation.next_checkin == date(2026, 12, 4)
    assert conversation.date is None


def test_open_commitments_come_soonest_due_first(store: Store) -> None:
    """Overdue commitments lead, then by due date; undated ones come last."""
    person, conversation_id = start(store)
    for text, due in [
        ("undated", None),
        ("next week", TODAY + timedelta(days=7)),
        ("overdue", TODAY - timedelta(days=3)),
        ("today", TODAY),
    ]:
        store.commitments.add(
            Commitment(text, Owner.ME, person.id, conversation_id=conversation_id, due=due)
        )
    found = store.commitments.find(status=CommitmentStatus.OPEN)
    assert [c.text for c in found] == ["overdue", "today", "next week", "undated"]
    assert [c.is_overdue(TODAY) for c in found] == [True, False, False, False]


def test_a_commitment_must_say_what_was_promised(store: Store) -> None:
    """An empty commitment is refused and nothing is stored."""
    person, _ = start(store)
    with pytest.raises(InvalidInput, match="promised"):
        store.commitments.add(Commitment("  ", Owner.THEM, person.id))
    assert store.commitments.find() == []


def test_marking_done_records_the_day_and_reopening_clears_it(store: Store) -> None:
    """Done commitments remember when; reopening forgets it."""
    person, conversation_id = start(store)
    made = store.commitments.add(Commitment("Send the draft", Owner.ME, person.id, conversation_id))
    done = store.commitments.set_status(made.id, CommitmentStatus.DONE, TODAY)
    assert done.done_on == TODAY
    assert store.commitments.find(status=CommitmentStatus.OPEN) == []
    reopened = store.commitments.set_status(made.id, CommitmentStatus.OPEN, TODAY)
    assert reopened.done_on is None
    assert [c.text for c in store.commitments.find(status=CommitmentStatus.OPEN)] == [
        "Send the draft"
    ]


def test_deleting_a_conversation_removes_its_commitments(store: Store) -> None:
    """A conversation deleted takes its own commitments with it, and only those."""
    person, first = start(store)
    second = store.conversations.start(person, "developing-people", None)
    store.commitments.add(Commitment("From the first", Owner.ME, person.id, first))
    store.commitments.add(Commitment("From the second", Owner.ME, person.id, second.id))
    store.conversations.delete(first)
    assert store.conversations.get(first) is None
    assert [c.text for c in store.commitments.find()] == ["From the second"]


def test_last_and_recent_conversations(store: Store) -> None:
    """The last conversation with someone skips the one being prepared; recent ones are held."""
    person, first = start(store)
    store.conversations.set_details(
        first, status=ConversationStatus.HELD, day=TODAY - timedelta(days=30)
    )
    second = store.conversations.start(person, "developing-people", TODAY)
    last = store.conversations.last(person.id, before=second.id)
    assert last is not None and last.id == first
    assert [c.id for c in store.conversations.recent(5)] == [first]
    assert [c.id for c in store.conversations.find(status=ConversationStatus.PREPARING)] == [
        second.id
    ]


def test_a_failed_transaction_in_memory_changes_nothing(store: Store) -> None:
    """In memory as on disk: changes made together land together, or not at all."""
    ann = store.people.add("Ann")
    with pytest.raises(RuntimeError), store.transaction():
        store.people.add("Ben")
        with store.transaction():  # nested: the outer one decides
            store.commitments.add(Commitment("Write it up", Owner.ME, ann.id))
        raise RuntimeError("the disk is full")
    assert [person.name for person in store.people.all()] == ["Ann"]
    assert store.commitments.find() == []
    store.people.add("Ben")  # and the store carries on
    assert [person.name for person in store.people.all()] == ["Ann", "Ben"]
