"""What became of commitments, and a person's timeline in order."""

from __future__ import annotations

from datetime import date, timedelta

from coach.memory.timeline import Outcome, describe_outcome, outcome, person_timeline, tally
from coach.model import Commitment, CommitmentStatus, Conversation, Owner
from tests.conftest import TODAY


def promise(
    due: date | None,
    status: CommitmentStatus = CommitmentStatus.OPEN,
    done_on: date | None = None,
    conversation_id: str | None = "c1",
) -> Commitment:
    return Commitment("x", Owner.ME, "p", conversation_id, due=due, status=status, done_on=done_on)


def test_outcomes() -> None:
    """Kept (on time or undated), kept late, open, overdue, dropped."""
    before, after = TODAY - timedelta(days=3), TODAY + timedelta(days=3)
    done = CommitmentStatus.DONE
    assert outcome(promise(TODAY, done, before), TODAY) is Outcome.KEPT
    assert outcome(promise(None, done, TODAY), TODAY) is Outcome.KEPT
    assert outcome(promise(before, done, TODAY), TODAY) is Outcome.LATE
    assert outcome(promise(after), TODAY) is Outcome.OPEN
    assert outcome(promise(None), TODAY) is Outcome.OPEN
    assert outcome(promise(before), TODAY) is Outcome.OVERDUE
    assert outcome(promise(before, CommitmentStatus.DROPPED), TODAY) is Outcome.DROPPED
    assert describe_outcome(promise(before, done, TODAY), TODAY) == "kept late on 2026-11-20"


def test_timeline_newest_first_with_commitments_under_their_conversation() -> None:
    """Conversations newest first; loose commitments (no conversation) at the end."""
    old = Conversation("p", "building-trust", date=date(2026, 1, 5), id="c0")
    new = Conversation("p", "building-trust", date=date(2026, 6, 5), id="c1")
    undated = Conversation("p", "building-trust", id="c2")  # created today: newest
    made = [
        promise(date(2026, 7, 1)),
        promise(date(2026, 6, 20)),
        promise(None, conversation_id=None),
    ]
    moments = person_timeline([old, new, undated], made)
    assert [m.conversation.id if m.conversation else None for m in moments] == [
        "c2",
        "c1",
        "c0",
        None,
    ]
    assert [c.due for c in moments[1].commitments] == [date(2026, 6, 20), date(2026, 7, 1)]
    assert tally(made, TODAY)[Outcome.OVERDUE] == 2
