"""What became of commitments, and one person's history with the leader, in order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from coach.dates import show_date
from coach.memory.ledger import Result, judge
from coach.model import Commitment, CommitmentStatus, Conversation


class Outcome(StrEnum):
    """What became of a commitment, as the leader would say it."""

    KEPT = "kept"  # done by its due date (or it had none)
    LATE = "kept late"  # done, but after its due date
    OPEN = "open"
    OVERDUE = "overdue"  # open and past its due date
    DROPPED = "dropped"


_OUTCOMES = {
    Result.ON_TIME: Outcome.KEPT,
    Result.LATE: Outcome.LATE,
    Result.RENEGOTIATED: Outcome.DROPPED,
    Result.SLIPPED: Outcome.OPEN,
    Result.OPEN: Outcome.OPEN,
}


def _outcome(commitment: Commitment, result: Result) -> Outcome:
    if result is Result.BROKEN:  # dropped too late, or still open past its date
        return Outcome.DROPPED if commitment.status is CommitmentStatus.DROPPED else Outcome.OVERDUE
    return _OUTCOMES[result]


def outcome(commitment: Commitment, today: date) -> Outcome:
    """What became of `commitment`, as of `today` (judged as the reliability ledger does)."""
    return _outcome(commitment, judge(commitment, today).result)


def describe_outcome(commitment: Commitment, today: date) -> str:
    """'kept on 2026-11-25', 'kept late on 2026-12-02', 'open', 'overdue',
    'dropped on 2026-11-30, overdue by then' (the reason is the leader's text: shown apart)."""
    verdict = judge(commitment, today)
    result = _outcome(commitment, verdict.result)
    if result in (Outcome.KEPT, Outcome.LATE) and commitment.done_on:
        return f"{result.value} on {commitment.done_on.isoformat()}"
    if result is Outcome.DROPPED:
        text = result.value
        if commitment.dropped_on:
            text += f" on {commitment.dropped_on.isoformat()}"
        if verdict.overdue_when_dropped:
            text += ", overdue by then"
        return text
    return result.value


@dataclass
class Moment:
    """One conversation in a person's timeline, with the commitments made in it."""

    conversation: Conversation | None  # None: commitments made outside any conversation
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def day(self) -> date | None:
        """When it happened (or was created), for ordering."""
        if self.conversation is None:
            return None
        return self.conversation.date or self.conversation.created.date()


def person_timeline(
    conversations: list[Conversation], commitments: list[Commitment]
) -> list[Moment]:
    """One person's conversations, newest first, each with its commitments (soonest due first).

    Commitments whose conversation is gone or was never recorded come last, together.
    """
    moments = {c.id: Moment(c) for c in conversations}
    loose = Moment(None)
    for commitment in commitments:
        home = moments.get(commitment.conversation_id or "")
        (home or loose).commitments.append(commitment)
    ordered = sorted(
        moments.values(),
        key=lambda m: (m.day or date.min, m.conversation.created if m.conversation else 0),
        reverse=True,
    )
    for moment in [*ordered, loose]:
        moment.commitments.sort(key=lambda c: (c.due is None, c.due or date.max, c.text))
    return [*ordered, loose] if loose.commitments else ordered


def tally(commitments: list[Commitment], today: date) -> Counter[Outcome]:
    """How many commitments ended each way."""
    return Counter(outcome(c, today) for c in commitments)


def describe_history(commitment: Commitment, today: date) -> list[str]:
    """Each renegotiation in words: 'moved from Fri 20 Nov to Fri 27 Nov on Thu 19 Nov: why'."""
    lines = []
    for change in commitment.history:
        old = show_date(change.old_due, today) or "no date"
        new = show_date(change.new_due, today) or "no date"
        late = change.old_due is not None and change.changed_on > change.old_due
        verb = "slipped" if late else "moved"
        line = f"{verb} from {old} to {new} on {show_date(change.changed_on, today)}"
        lines.append(f"{line}: {change.note}" if change.note else line)
    return lines
