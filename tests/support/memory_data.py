"""A history with known answers for the alliance memory's screens: Priya, Sam and Ann."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

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
from coach.store.store import Store


def nov(day: int) -> date:
    return date(2026, 11, day)


def seed(directory: Path) -> None:
    """Store the history (today is Fri 20 Nov 2026) and close the store."""
    priya = Person("Priya Kapoor", role="Designer", cadence=Cadence.FORTNIGHTLY, id="p-priya")
    sam = Person("Sam Lee", cadence=Cadence.WEEKLY, id="p-sam")
    ann = Person("Ann Other", cadence=Cadence.WEEKLY, id="p-ann")
    past = Conversation(
        "p-priya",
        "developing-people",
        nov(6),
        ConversationStatus.DONE,
        notes={"follow_through": {"summary": "Agreed the next steps."}},
        questions=[
            PlannedQuestion(
                "How do you like feedback?", asked=True, answer="Written first, then talk", id="q1"
            )
        ],
        entries=[
            Entry(
                "Worried about the reorg",
                EntryKind.CONCERN,
                at=datetime(2026, 11, 6, 10, 5, tzinfo=UTC),
                id="e1",
            )
        ],
        id="c-past",
    )
    upcoming = Conversation("p-priya", "building-trust", nov(25), id="c-next")
    sams = Conversation(
        "p-sam",
        "building-trust",
        nov(19),
        ConversationStatus.HELD,
        notes={"follow_through": {"summary": "Fine."}},
        id="c-sam",
    )
    anns = Conversation(
        "p-ann",
        "building-trust",
        nov(1),
        ConversationStatus.HELD,
        notes={"objectives": {"outcomes": "Get to know each other"}},
        id="c-ann",
    )
    commitments = [
        Commitment("Send the salary benchmarks", Owner.ME, "p-priya", "c-past", nov(18), id="k1"),
        Commitment("Draft the onboarding guide", Owner.THEM, "p-priya", "c-past", nov(27), id="k2"),
        Commitment(
            "Agree the rota",
            Owner.BOTH,
            "p-priya",
            "c-past",
            nov(10),
            CommitmentStatus.DONE,
            done_on=nov(9),
            id="k3",
        ),
        Commitment(
            "Book the course",
            Owner.ME,
            "p-priya",
            "c-past",
            nov(16),
            CommitmentStatus.DONE,
            done_on=nov(16),
            history=[Renegotiation(nov(13), nov(12), nov(16), "Waiting on approval")],
            id="k4",
        ),
        Commitment(
            "Write the wiki page",
            Owner.THEM,
            "p-priya",
            "c-past",
            nov(11),
            CommitmentStatus.DROPPED,
            dropped_on=nov(14),
            drop_reason="No longer needed",
            id="k5",
        ),
        Commitment("Share the agenda", Owner.ME, "p-priya", "c-next", nov(24), id="k-here"),
        Commitment("Sam's private matter", Owner.ME, "p-sam", "c-sam", nov(30), id="k-sam"),
    ]
    facts = [
        Fact(
            "p-priya",
            FactKind.FEEDBACK,
            "Prefers written feedback first",
            nov(6),
            "c-past",
            id="f1",
        ),
        Fact("p-priya", FactKind.MANAGEMENT, "Wants a weekly check-in", nov(6), "c-past", id="f2"),
        Fact("p-priya", FactKind.MATTERS, "Cares about [b]quality[/b]", nov(6), id="f3"),
        Fact("p-priya", FactKind.ASPIRATION, "Wants to lead a team", nov(2), id="f4"),
        Fact(
            "p-priya",
            FactKind.FEEDBACK,
            "Old: likes it blunt",
            date(2026, 3, 1),
            superseded_on=nov(6),
            id="f5",
        ),
        Fact("p-sam", FactKind.FEEDBACK, "Sam likes it in person", nov(19), "c-sam", id="f6"),
        Fact("p-sam", FactKind.MATTERS, "Sam needs predictable hours", nov(19), id="f7"),
    ]
    store = Store.open(directory)
    try:
        store.put_records(
            people=[priya, sam, ann],
            conversations=[past, upcoming, sams, anns],
            commitments=commitments,
            facts=facts,
        )
    finally:
        store.close()
