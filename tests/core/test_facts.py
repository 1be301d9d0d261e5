"""What each person has taught us: learned, corrected, superseded, kept apart per person."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from coach.errors import InvalidInput, StoreError
from coach.memory import facts
from coach.model import EntryKind, FactKind, Person
from coach.store.store import Store
from tests.conftest import TODAY


def two_people(store: Store) -> tuple[Person, Person]:
    return store.people.add("Priya Kapoor"), store.people.add("Sam Lee")


def test_learning_correcting_and_superseding(file_store: Store, data_dir: Path) -> None:
    """Each step is durable: a fresh store reads the same facts back."""
    priya, _ = two_people(file_store)
    conversation = file_store.conversations.start(priya, "building-trust", TODAY)
    first = file_store.facts.learn(
        priya.id,
        FactKind.FEEDBACK,
        "  Likes it written first  ",
        on=TODAY - timedelta(days=30),
        conversation_id=conversation.id,
    )
    assert first.text == "Likes it written first"
    newer = file_store.facts.learn(
        priya.id, FactKind.FEEDBACK, "Prefers it face to face now", on=TODAY
    )
    file_store.facts.supersede(first.id, TODAY)
    file_store.facts.revise(newer.id, FactKind.MANAGEMENT, "Wants a weekly check-in")
    file_store.close()
    reader = Store.open(data_dir, read_only=True)
    try:
        found = reader.facts.about(priya.id)
    finally:
        reader.close()
    assert [(f.text, f.kind, f.current) for f in found] == [
        ("Wants a weekly check-in", FactKind.MANAGEMENT, True),
        ("Likes it written first", FactKind.FEEDBACK, False),
    ]
    assert found[1].conversation_id == conversation.id
    assert found[1].learned_on == TODAY - timedelta(days=30)
    assert found[1].superseded_on == TODAY


def test_superseding_twice_brings_a_fact_back(store: Store) -> None:
    """Marked superseded by mistake: the same key marks it current again."""
    priya, _ = two_people(store)
    fact = store.facts.learn(priya.id, FactKind.SKILL, "Public speaking", on=TODAY)
    assert not store.facts.supersede(fact.id, TODAY).current
    assert store.facts.supersede(fact.id, TODAY).current


def test_facts_are_kept_apart_per_person(store: Store) -> None:
    """What Sam taught us never shows as Priya's."""
    priya, sam = two_people(store)
    store.facts.learn(priya.id, FactKind.ASPIRATION, "Lead a team", on=TODAY)
    store.facts.learn(sam.id, FactKind.ASPIRATION, "Move to research", on=TODAY)
    assert [f.text for f in store.facts.about(priya.id)] == ["Lead a team"]
    assert [f.text for f in store.facts.about(sam.id)] == ["Move to research"]


def test_current_facts_of_some_kinds_in_their_order(store: Store) -> None:
    """Safety wants feedback then management; superseded ones are left out."""
    priya, _ = two_people(store)
    store.facts.learn(priya.id, FactKind.MANAGEMENT, "Hands-off", on=TODAY)
    old = store.facts.learn(priya.id, FactKind.FEEDBACK, "Old way", on=TODAY - timedelta(days=9))
    store.facts.learn(priya.id, FactKind.FEEDBACK, "Direct, early", on=TODAY)
    store.facts.learn(priya.id, FactKind.CONCERN, "Workload", on=TODAY)
    store.facts.supersede(old.id, TODAY)
    shown = facts.current(store.facts.about(priya.id), facts.FOR_SAFETY)
    assert [f.text for f in shown] == ["Direct, early", "Hands-off"]


@pytest.mark.parametrize(
    ("text", "captured_as", "kind"),
    [
        ("Wants feedback in writing before we talk", None, FactKind.FEEDBACK),
        ("Hates being micromanaged; weekly 1:1 is enough", None, FactKind.MANAGEMENT),
        ("Worried about the reorg", None, FactKind.CONCERN),
        ("Wants to get better at public speaking", None, FactKind.SKILL),
        ("Would love to lead a team one day", None, FactKind.ASPIRATION),
        ("Cares most about shipping quality work", None, FactKind.MATTERS),
        ("The release date", EntryKind.CONCERN, FactKind.CONCERN),
    ],
)
def test_the_kind_is_guessed_from_the_words(
    text: str, captured_as: EntryKind | None, kind: FactKind
) -> None:
    """A good first guess, which the leader can change."""
    assert facts.guess_kind(text, captured_as) is kind


def test_bad_facts_are_refused(store: Store) -> None:
    """Blank, too long, or about someone no longer stored: a clear message, nothing stored."""
    priya, _ = two_people(store)
    with pytest.raises(InvalidInput, match="Say what you learned"):
        store.facts.learn(priya.id, FactKind.SKILL, "  ", on=TODAY)
    with pytest.raises(InvalidInput, match="Keep it to 1000"):
        store.facts.learn(priya.id, FactKind.SKILL, "x" * 1001, on=TODAY)
    with pytest.raises(InvalidInput, match="no longer stored"):
        store.facts.learn("gone", FactKind.SKILL, "Python", on=TODAY)
    assert store.facts.about(priya.id) == []
    with pytest.raises(StoreError, match="That learned fact is no longer stored"):
        store.facts.supersede("gone", TODAY)


def test_every_kind_has_words() -> None:
    """Labels in one place, for every kind."""
    assert set(facts.LABELS) == set(FactKind) == set(facts.SHORT)


def test_where_it_was_written_helps_the_guess() -> None:
    """A note in the feedback field, an answer to a question about feedback: feedback; its own
    words still come first."""
    assert facts.guess_kind("Written first, then a talk", None, "How do you like feedback?") is (
        FactKind.FEEDBACK
    )
    assert facts.guess_kind(
        "Worried about the reorg", None, "How they like to receive feedback"
    ) is (FactKind.CONCERN)
    assert facts.guess_kind("Quiet mornings", None, "Setting: where, when, how long") is (
        FactKind.MATTERS
    )


def test_every_note_answer_and_line_can_be_learned_from() -> None:
    """In the order of the record, each labelled; commitments are not facts."""
    from datetime import UTC, datetime

    from coach.model import Conversation, Entry, PlannedQuestion

    talk = Conversation(
        "p",
        "building-trust",
        notes={"safety": {"feedback": "In writing"}, "objectives": {"topics": " "}},
        questions=[PlannedQuestion("What helps?", answer="Quiet time")],
        entries=[
            Entry("Hates open plan", EntryKind.CONCERN, at=datetime(2026, 11, 20, 9, tzinfo=UTC)),
            Entry("Send notes", EntryKind.COMMITMENT, at=datetime(2026, 11, 20, 9, tzinfo=UTC)),
        ],
        correction="Not open plan: noise",
    )
    found = facts.sources(talk)
    assert [(s.label.split(",")[0], s.text, s.captured_as) for s in found] == [
        ("Safety: How they like to receive feedback", "In writing", None),
        ("Answer to: What helps?", "Quiet time", None),
        ("Concern", "Hates open plan", EntryKind.CONCERN),
        ("What they corrected", "Not open plan: noise", None),
    ]
