"""A small, varied data set for the review tests: accents, markup-like text, live entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coach.model import (
    Commitment,
    CommitmentStatus,
    Conversation,
    ConversationStatus,
    Entry,
    EntryKind,
    Owner,
    Person,
    PlannedQuestion,
)
from coach.store.store import Store
from tests.conftest import TODAY

MARKUP = "[bold]Read[/] the [@click=app.quit]contract[/] **now** <b>x</b> # not a heading"


@dataclass
class Seeded:
    """The ids the tests refer to."""

    zoe: Person
    sam: Person
    budget: Conversation  # Zoë, held a week ago: the Zürich budget talk
    kickoff: Conversation  # Sam, a month ago: markup-like text everywhere
    planned: Conversation  # Zoë, in preparation, next week
    promise: Commitment  # Zoë's open, overdue commitment


def seed(directory: Path) -> Seeded:
    """Store the set in `directory` and close the store."""
    zoe = Person("Zoë Ångström", role="Head of design", relationship="peer", id="p-zoe")
    sam = Person("Sam [red]Lee[/]", role="Engineer", relationship="direct report", id="p-sam")
    asked = PlannedQuestion(
        "What worries you about the budget?",
        asked=True,
        id="q1",
        answer="Mostly the Zürich office costs.",
    )
    budget = Conversation(
        person_id=zoe.id,
        purpose="building-trust",
        date=TODAY - timedelta(days=7),
        status=ConversationStatus.HELD,
        notes={
            "objectives": {"outcomes": "Agree the budget for next year."},
            "safety": {"threats": "She may fear the office closing."},
            "transparency": {"concerns": "I suspect the headcount freeze."},
            "mutual_benefit": {"win_win": "Share the café space with finance."},
            "follow_through": {"summary": "We agreed on a smaller budget."},
        },
        questions=[asked, PlannedQuestion("Unasked planned question?", id="q2")],
        entries=[
            Entry(
                "She said the Copenhagen move is off",
                EntryKind.QUOTE,
                minute=3,
                id="e1",
                at=datetime(2026, 11, 13, 10, 3, tzinfo=UTC),
            ),
            Entry(
                "Decided: pilot in March",
                EntryKind.DECISION,
                minute=12,
                id="e2",
                at=datetime(2026, 11, 13, 10, 12, tzinfo=UTC),
            ),
        ],
        next_checkin=TODAY + timedelta(days=7),
        summary_confirmed=True,
        correction="The pilot starts in April, not March.",
        id="c-budget",
    )
    kickoff = Conversation(
        person_id=sam.id,
        purpose="developing-people",
        date=TODAY - timedelta(days=30),
        status=ConversationStatus.DONE,
        notes={"objectives": {"outcomes": MARKUP}, "safety": {"setting": "Walk outside."}},
        id="c-kickoff",
    )
    planned = Conversation(
        person_id=zoe.id,
        purpose="navigating-change",
        date=TODAY + timedelta(days=5),
        id="c-planned",
    )
    promise = Commitment(
        "Send the budget draft",
        Owner.ME,
        zoe.id,
        budget.id,
        due=TODAY - timedelta(days=2),
        id="k-draft",
    )
    kept = Commitment(
        "Book the offsite",
        Owner.THEM,
        zoe.id,
        budget.id,
        due=TODAY - timedelta(days=5),
        status=CommitmentStatus.DONE,
        done_on=TODAY - timedelta(days=6),
        id="k-offsite",
    )
    late = Commitment(
        "Review the plan",
        Owner.BOTH,
        sam.id,
        kickoff.id,
        due=TODAY - timedelta(days=20),
        status=CommitmentStatus.DONE,
        done_on=TODAY - timedelta(days=10),
        id="k-plan",
    )
    dropped = Commitment(
        MARKUP,
        Owner.THEM,
        sam.id,
        kickoff.id,
        due=TODAY + timedelta(days=3),
        status=CommitmentStatus.DROPPED,
        dropped_on=TODAY - timedelta(days=5),
        drop_reason="no longer needed",  # before its date, with a reason: renegotiated
        id="k-dropped",
    )
    store = Store.open(directory)
    try:
        store.put_records(
            people=[zoe, sam],
            conversations=[budget, kickoff, planned],
            commitments=[promise, kept, late, dropped],
        )
    finally:
        store.close()
    return Seeded(zoe, sam, budget, kickoff, planned, promise)
